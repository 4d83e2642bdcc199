"""`python -m knowledge.calibrate`: choose the search's weights, calibration and thresholds.

Data: every FAQ phrasing asked as a question with itself left out of the index
(leave-one-out), plus the out-of-scope examples of the NLU data, which no entry answers.
The held-out test set of `make eval-kb` is never read here.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression

from knowledge.calibration import ANSWER, CLARIFY, Calibration, save_calibration
from knowledge.entries import load_content
from knowledge.index import SearchIndex

ROOT = Path(__file__).resolve().parent.parent
GRID = {"word_weight": (0.3, 0.45, 0.6), "best_weight": (0.2, 0.3, 0.5), "answer_weight": (1.0, 1.5, 2.0, 3.0)}
# What each outcome is worth to a resident. A wrong answer is the worst; a "Ý bác là…?" with the
# right entry among three buttons costs one tap; admitting not knowing sends them elsewhere.
VALUE = {
    ("in", ANSWER, True): 1.0, ("in", ANSWER, False): -1.5,
    ("in", CLARIFY, True): 0.6, ("in", CLARIFY, False): -0.5, ("in", "unknown", None): -0.5,
    ("out", ANSWER, None): -1.5, ("out", CLARIFY, None): -0.5, ("out", "unknown", None): 1.0,
}


def out_of_scope_questions() -> list[str]:
    data = yaml.safe_load((ROOT / "nlu" / "data" / "out_of_scope.yml").read_text(encoding="utf-8"))
    return [line.strip()[2:] for block in data["nlu"] for line in block["examples"].splitlines() if line.strip()]


def features(index: SearchIndex, oos: list[str]):
    """[similarity, margin] of the top entry; is it right; is the right one in the top 3; in scope?"""
    rows, right, in_top3, in_scope = [], [], [], []
    phrasing_sims, answer_sims = index.similarities(index.phrasings)
    for i in range(len(index.phrasings)):
        if index.counts[index.owners[i]] < 2:
            continue  # asked through its only phrasing, the entry has nothing left to be found by
        scores = index.entry_scores(phrasing_sims[i], answer_sims[i], left_out=i)
        order = np.argsort(-scores)[:3]
        rows.append([scores[order[0]], scores[order[0]] - scores[order[1]]])
        right.append(order[0] == index.owners[i])
        in_top3.append(index.owners[i] in order)
        in_scope.append(True)
    phrasing_sims, answer_sims = index.similarities(oos)
    for i in range(len(oos)):
        scores = index.entry_scores(phrasing_sims[i], answer_sims[i])
        order = np.argsort(-scores)[:2]
        rows.append([scores[order[0]], scores[order[0]] - scores[order[1]]])
        right.append(False)
        in_top3.append(False)
        in_scope.append(False)
    return np.asarray(rows), np.asarray(right), np.asarray(in_top3), np.asarray(in_scope)


def value_of(calibration: Calibration, scores, right, in_top3, in_scope) -> float:
    total = 0.0
    for score, ok, top3, inside in zip(scores, right, in_top3, in_scope):
        outcome = calibration.decide(score)
        if inside:
            key = ("in", outcome, bool(ok) if outcome == ANSWER else bool(top3) if outcome == CLARIFY else None)
        else:
            key = ("out", outcome, None)
        total += VALUE[key]
    return total / len(scores)


def main() -> None:
    faqs = load_content()
    oos = out_of_scope_questions()
    best, best_accuracy = Calibration(), -1.0
    for values in itertools.product(*GRID.values()):
        tuning = Calibration(**dict(zip(GRID, values)))
        _, right, top3, in_scope = features(SearchIndex(faqs, tuning), oos)
        accuracy = right[in_scope].mean()
        print(f"{dict(zip(GRID, values))}: leave-one-out top-1 {accuracy:.3f}, top-3 {top3[in_scope].mean():.3f}")
        if accuracy > best_accuracy:
            best, best_accuracy = tuning, accuracy
    X, right, in_top3, in_scope = features(SearchIndex(faqs, best), oos)
    model = LogisticRegression(C=10.0, max_iter=1000).fit(X, right)
    fitted = replace(best, intercept=float(model.intercept_[0]), w_similarity=float(model.coef_[0][0]), w_margin=float(model.coef_[0][1]))
    scores = np.asarray([fitted.probability(s, m) for s, m in X])
    grid = [round(float(x), 2) for x in np.arange(0.05, 0.96, 0.05)]
    answer_at, clarify_at = max(
        ((a, c) for a in grid for c in grid if c <= a),
        key=lambda ac: value_of(replace(fitted, answer_at=ac[0], clarify_at=ac[1]), scores, right, in_top3, in_scope),
    )
    fitted = replace(fitted, answer_at=answer_at, clarify_at=clarify_at)
    save_calibration(fitted)
    print(f"{int(in_scope.sum())} phrasings asked leave-one-out, {int((~in_scope).sum())} out-of-scope questions")
    print(f"chosen: {fitted}")


if __name__ == "__main__":
    main()
