"""Fits when the bot answers, answers with alternatives, asks which one, or admits not knowing.

    python -m knowledge.fit_decision [--write]

On the tuning half of knowledge/eval/residents.yml only (messages written blind by people who never saw
the content; the test half is never read here): every single message is searched as deployed
(knowledge.reading), and a grid of (answer_at, suggest_at, tie_margin, alternative_at) is scored by its
value to the resident (VALUE below): a wrong answer that shows the right one under it costs one tap, a
wrong answer alone misleads, a needless question costs a tap every time, and an "I don't know" to a
question the knowledge base covers sends the resident away (with a person one tap away). `--write`
stores the best thresholds in knowledge/calibration.json; the other calibration stays as fitted by
knowledge.calibrate.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Sequence
from dataclasses import replace

from knowledge.calibration import Calibration, Decision, load_calibration, logit, save_calibration
from knowledge.deciding import decide
from knowledge.entries import load_content
from knowledge.fitting_sets import out_of_scope_questions, resident_questions
from knowledge.index import Hit, SearchIndex
from knowledge.reading import search_message

ANSWERS = (Decision.ANSWER, Decision.ANSWER_WITH_ALTERNATIVES)

# What each outcome is worth to the resident, for a question the knowledge base covers…
VALUE = {
    "right": 1.0,
    "right+alt": 0.9,
    "wrong+alt": 0.0,
    "wrong+alt-": -0.8,
    "wrong": -1.0,
    "choice+": 0.5,
    "choice-": -0.3,
    "unknown": -0.3,
}
# …and for one it does not cover (out of scope, or a topic it lacks): "I don't know" with a person is right.
VALUE_UNCOVERED = {"unknown": 0.5, "choice": -0.3, "answer+alt": -0.7, "answer": -1.0}

GRID = {
    "answer_at": [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
    "suggest_at": [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
    "tie_margin": [0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0],
    "alternative_at": [0.05, 0.1, 0.2, 0.3],
    "offer_at": [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 1.0],
}


def outcome(calibration: Calibration, hits: list[Hit], wanted: tuple[str, ...]) -> float:
    """The value of what the bot would do with these hits."""
    decision = decide(calibration, hits)
    ids = [h.entry.id for h in hits]
    if not wanted:
        key = {Decision.UNKNOWN: "unknown", Decision.CHOOSE: "choice", Decision.ANSWER: "answer"}.get(decision, "answer+alt")
        return VALUE_UNCOVERED[key]
    if decision is Decision.UNKNOWN:
        return VALUE["unknown"]
    if decision is Decision.CHOOSE:
        tied = [h.entry.id for h in hits if logit(hits[0].similarity) - logit(h.similarity) < calibration.tie_margin]
        shown = tied if len(tied) >= 2 else ids[:2]
        return VALUE["choice+" if set(shown) & set(wanted) else "choice-"]
    right = ids[0] in wanted
    if decision is Decision.ANSWER:
        return VALUE["right" if right else "wrong"]
    alternatives = [h.entry.id for h in hits[1:3] if h.score >= calibration.alternative_at]
    if right:
        return VALUE["right+alt" if alternatives else "right"]
    return VALUE["wrong+alt" if set(alternatives) & set(wanted) else "wrong+alt-"]


# Asking "which one?" is kept for true ties: at most MAX_CHOICE_SHARE of the tuning questions get a choice
# (the deployed bot asks a little more often than the search alone, as the NLU sends it more messages).
# The value table barely sees a true tie (a coin flip answered with the other entry under it is worth about
# as much as a question): among thresholds within TIE_TOLERANCE of the best value, the widest tie margin
# under that cap is kept.
TIE_TOLERANCE = 0.005
MAX_CHOICE_SHARE = 0.08  # 0.06 until session 11, when a low first entry became an offer (offer_at), not a "don't know"
# And questions for something else (the calibration's out-of-scope set: the NLU's out-of-scope examples and
# near misses such as visas) get an FAQ answer at most this often (0.07 until session 8; 0.05 once the new
# entries made near-domain questions easier to answer by mistake: `make eval-kb` out of scope 4 → 3 of 43).
MAX_OUT_OF_SCOPE_ANSWERED = 0.05


def fit(
    index: SearchIndex, questions: list[tuple[str, tuple[str, ...]]], elsewhere: Sequence[str] = (), offer_only: bool = False
) -> tuple[Calibration, float]:
    """The thresholds of highest value per question whose choices stay under the cap and that answer few
    questions for something else, then the widest tie margin within TIE_TOLERANCE of that value."""
    searched = [(search_message(index, text, k=3), wanted) for text, wanted in questions]
    others = [search_message(index, text, k=3) for text in elsewhere]
    n = max(1, len(searched))
    scored: list[tuple[float, Calibration]] = []
    base = index.calibration
    grid = dict(GRID)
    if offer_only:  # the other thresholds kept as they are
        grid.update(
            answer_at=[base.answer_at],
            suggest_at=[base.suggest_at],
            tie_margin=[base.tie_margin],
            alternative_at=[base.alternative_at],
        )
    for answer_at, suggest_at, tie_margin, alternative_at, offer_at in itertools.product(*grid.values()):
        if suggest_at > answer_at or (offer_at < 1.0 and offer_at >= suggest_at):
            continue
        candidate = replace(
            base,
            answer_at=answer_at,
            suggest_at=suggest_at,
            tie_margin=tie_margin,
            alternative_at=alternative_at,
            offer_at=offer_at,
        )
        choices = sum(decide(candidate, hits) is Decision.CHOOSE for hits, _ in searched)
        answered = sum(decide(candidate, hits) in ANSWERS for hits in others)
        if choices / n <= MAX_CHOICE_SHARE and answered <= MAX_OUT_OF_SCOPE_ANSWERED * max(1, len(others)):
            scored.append((sum(outcome(candidate, hits, wanted) for hits, wanted in searched) / n, candidate))
    best_value, best = max(scored, key=lambda pair: pair[0])
    for value, candidate in scored:
        same = (candidate.answer_at, candidate.suggest_at, candidate.alternative_at, candidate.offer_at) == (
            best.answer_at,
            best.suggest_at,
            best.alternative_at,
            best.offer_at,
        )
        if same and value >= best_value - TIE_TOLERANCE and candidate.tie_margin > best.tie_margin:
            best, best_value = candidate, value
    return best, best_value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m knowledge.fit_decision", description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="store the fitted thresholds in knowledge/calibration.json")
    parser.add_argument("--offer-only", action="store_true", help="fit offer_at alone, keeping the other thresholds")
    args = parser.parse_args(argv)
    index = SearchIndex(load_content(), load_calibration())
    questions = resident_questions()
    before = sum(outcome(index.calibration, search_message(index, t, k=3), w) for t, w in questions) / len(questions)
    best, value = fit(index, questions, out_of_scope_questions(), offer_only=args.offer_only)
    print(
        f"{len(questions)} tuning questions; value per question {before:.3f} now → {value:.3f} with "
        f"answer_at={best.answer_at} suggest_at={best.suggest_at} tie_margin={best.tie_margin} "
        f"alternative_at={best.alternative_at} offer_at={best.offer_at}"
    )
    if args.write:
        save_calibration(best)
        print("written to knowledge/calibration.json")


if __name__ == "__main__":
    main()
