"""Fits the follow-up reader's weights (knowledge.follow_up) on the blind sets' tuning conversations.

    python -m knowledge.fit_follow_up [--features alone,with_topic,…] [--write]

Each follow-up, analogy, switch and "say it simpler" of the fitting parts (knowledge.fitting_sets: never a
test half) is read within its topic (the previous question's first acceptable entry), and a conditional
logit over the candidates is fitted to put an acceptable entry first (L2-regularised: a few hundred turns).
Prints the share picked right in the fit and leaving each set out in turn (fitted on the others: how it
does on a writer it never saw), and for the rules of knowledge.topic alone.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from knowledge.calibration import load_calibration
from knowledge.entries import load_content
from knowledge.fitting_sets import RESIDENT_SETS, follow_up_turns
from knowledge.follow_up import FEATURES, FollowUpWeights, candidates, load_weights, save_weights
from knowledge.index import SearchIndex
from knowledge.topic import picked_by_rules, resolve

L2 = 0.1


@dataclass(frozen=True)
class Example:
    source: str  # the set it comes from
    ids: list[str]
    features: NDArray[np.float64]
    right: NDArray[np.float64]  # 1 for each acceptable candidate
    by_rules: str | None


def examples(index: SearchIndex) -> list[Example]:
    found = []
    for path, half in RESIDENT_SETS:
        for text, previous, topic_id, acceptable in follow_up_turns([(path, half)]):
            topic = index.by_id.get(topic_id)
            if topic is None:
                continue
            resolution = resolve(text, topic, index, previous)
            rule = picked_by_rules(resolution, text, topic, index)
            read = candidates(index, text, topic, previous, rule, elsewhere=resolution is None)
            found.append(
                Example(
                    path.name,
                    [c.entry.id for c in read],
                    np.array([c.features for c in read]),
                    np.array([c.entry.id in acceptable for c in read], dtype=float),
                    rule.id if rule else None,
                )
            )
    return found


def fit(train: list[Example], columns: list[int]) -> NDArray[np.float64]:
    """The weights of the chosen features maximising the likelihood of the acceptable candidates."""
    from scipy.optimize import minimize  # only here: the action server never fits

    usable = [e for e in train if e.right.any()]

    def loss(w: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        total, gradient = L2 * float(w @ w), 2 * L2 * w
        for e in usable:
            x = e.features[:, columns]
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            p_right = float((p * e.right).sum())
            total -= math.log(p_right + 1e-12)
            gradient = gradient - ((p * e.right / p_right) - p) @ x
        return total, gradient

    result = minimize(loss, np.zeros(len(columns)), jac=True, method="L-BFGS-B")
    return np.asarray(result.x)


def accuracy(test: list[Example], columns: list[int], w: NDArray[np.float64]) -> float:
    return sum(bool(e.right[int(np.argmax(e.features[:, columns] @ w))]) for e in test) / max(1, len(test))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m knowledge.fit_follow_up", description=__doc__.split("\n")[0])
    parser.add_argument("--features", default=",".join(FEATURES), help="comma-separated, from: " + ", ".join(FEATURES))
    parser.add_argument("--write", action="store_true", help="store the weights in knowledge/follow_up.json")
    args = parser.parse_args(argv)
    names = [n for n in args.features.split(",") if n]
    columns = [FEATURES.index(n) for n in names]
    index = SearchIndex(load_content(), load_calibration())
    found = examples(index)
    sources = sorted({e.source for e in found})
    w = fit(found, columns)
    held_out = [
        (accuracy([e for e in found if e.source == s], columns, fit([e for e in found if e.source != s], columns)), s)
        for s in sources
    ]
    rules = sum(bool(e.by_rules and e.right[e.ids.index(e.by_rules)]) for e in found) / len(found)
    print(f"{len(found)} follow-up turns from {', '.join(sources)}")
    print(f"  weights: {', '.join(f'{n}={v:.2f}' for n, v in zip(names, w))}")
    print(
        f"  picked right: fitted {accuracy(found, columns, w):.3f}; each set left out: "
        + ", ".join(f"{s} {a:.3f}" for a, s in held_out)
    )
    in_use = np.array(load_weights().vector())
    all_columns = list(range(len(FEATURES)))
    print(
        f"  the weights in use (knowledge/follow_up.json): all {accuracy(found, all_columns, in_use):.3f}; per set: "
        + ", ".join(f"{s} {accuracy([e for e in found if e.source == s], all_columns, in_use):.3f}" for s in sources)
    )
    print(f"  the rules alone (a within-topic pick that is right): {rules:.3f}")
    if args.write:
        save_weights(
            FollowUpWeights(dict(zip(names, map(float, w)))),
            fitted_on=", ".join(f"{Path(p).name}:{h}" for p, h in RESIDENT_SETS),
        )
        print("written to knowledge/follow_up.json")


if __name__ == "__main__":
    main()
