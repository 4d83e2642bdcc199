"""Fits when a later message of a conversation is about something else (knowledge.off_topic).

    python -m devtools.fit_off_topic [--write]

On the blind sets' tuning parts (knowledge.fitting_sets.RESIDENT_SETS, and the tenth set's, whose conversations
also end off the topic; never a test half): every follow-up and analogy an entry answers is a message to keep on
its topic (the previous question's first acceptable entry), every out-of-scope turn one that is not. A logistic
regression of knowledge.off_topic.FEATURES (classes weighted alike: there are far fewer off-topic turns) gives
the chance of a follow-up; the threshold is the highest that takes at most MAX_LOST of the follow-ups for
something else. Prints the figures of the fit and of a 5-fold cross-fit (each fold scored by a model fitted on
the others). Needs the trained model (the NLU's out-of-scope confidence).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from devtools import rasa_nlu
from knowledge.calibration import load_calibration
from knowledge.entries import load_content
from knowledge.fitting_sets import RESIDENT_SETS, ROOT, acceptable, later_turns
from knowledge.follow_up import read_alone
from knowledge.index import SearchIndex
from knowledge.off_topic import FEATURES, OffTopicModel, features, save_model

# the safety set's conversations: greetings and service questions, then an emergency, a person or something else
SETS = (*RESIDENT_SETS, (ROOT / "knowledge" / "eval" / "residents-10.yml", "tune"))
KEPT_KINDS = ("followup", "analogy")  # a switch or "say it simpler" is read by the rules first
# a follow-up taken for something else gets its entry offered as a choice, not answered: at most this share
MAX_LOST = 0.005


@dataclass(frozen=True)
class Turn:
    source: str
    text: str
    topic: str  # the entry id the conversation is about
    on_topic: bool


def turns(sets: tuple[tuple[Path, str], ...] = SETS) -> list[Turn]:
    """The tuning parts' follow-ups an entry answers (on topic) and out-of-scope turns (not), each with its topic."""
    return [
        Turn(name, str(turn["text"]), topic, turn["kind"] != "out_of_scope")
        for name, turn, topic, _ in later_turns(sets)
        if topic and (turn["kind"] == "out_of_scope" or (turn["kind"] in KEPT_KINDS and acceptable(turn)))
    ]


def fit(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    from sklearn.linear_model import LogisticRegression  # only here: the action server never fits

    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x, y)
    return float(model.intercept_[0]), model.coef_[0]


def chances(intercept: float, weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    chance: np.ndarray = 1.0 / (1.0 + np.exp(-(x @ weights + intercept)))
    return chance


def threshold_for(chance: np.ndarray, y: np.ndarray) -> float:
    """The highest threshold (two decimals) under which at most MAX_LOST of the follow-ups fall."""
    kept = chance[y == 1]
    best = 0.0
    for step in range(1, 100):
        value = step / 100
        if np.mean(kept < value) <= MAX_LOST:
            best = value
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m devtools.fit_off_topic", description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="store the model in knowledge/off_topic.json")
    args = parser.parse_args(argv)
    index = SearchIndex(load_content(), load_calibration())
    found = turns()
    rankings = rasa_nlu.parse([t.text for t in found], ranking=True)
    if rankings is None:
        raise SystemExit("no NLU reading: train the model first (make model)")
    x = np.array(
        [
            features(index, t.text, index.by_id[t.topic], read_alone(index, t.text), ranking.get("out_of_scope", 0.0))
            for t, ranking in zip(found, rankings)
        ]
    )
    y = np.array([t.on_topic for t in found], dtype=int)
    intercept, weights = fit(x, y)
    threshold = threshold_for(chances(intercept, weights, x), y)
    folds = np.arange(len(y)) % 5
    crossed = np.zeros(len(y))
    for fold in range(5):
        b, w = fit(x[folds != fold], y[folds != fold])
        crossed[folds == fold] = chances(b, w, x[folds == fold])
    print(f"{int(y.sum())} follow-ups and {int((1 - y).sum())} off-topic turns from {len({t.source for t in found})} sets")
    print(f"  weights: intercept={intercept:.2f}, " + ", ".join(f"{n}={v:.2f}" for n, v in zip(FEATURES, weights)))
    for name, chance in (("fitted", chances(intercept, weights, x)), ("5-fold cross-fit", crossed)):
        off = chance < threshold
        print(
            f"  {name}, threshold {threshold:.2f}: off-topic turns taken for something else {int(off[y == 0].sum())}/"
            f"{int((y == 0).sum())}, follow-ups {int(off[y == 1].sum())}/{int(y.sum())}"
        )
    if args.write:
        save_model(
            OffTopicModel(intercept, dict(zip(FEATURES, map(float, weights))), threshold),
            fitted_on=", ".join(f"{p.name}:{h}" for p, h in SETS),
            note=f"threshold: the highest taking at most {MAX_LOST:.1%} of the follow-ups for something else",
        )
        print("written to knowledge/off_topic.json")


if __name__ == "__main__":
    main()
