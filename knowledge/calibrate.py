"""`python -m knowledge.calibrate`: fit the search's reranker, calibration and thresholds.

Data: the FAQ phrasings split into folds entry by entry; each fold's phrasings are asked as
questions of an index built without them (titles and answers stay), plus the out-of-scope
examples of the NLU data, which no entry answers, asked of the same indexes. The held-out
test set of `make eval-kb` is never read here.

1. The reranker (knowledge.index.FEATURES → is this the right entry?) is a logistic regression
   over the candidates of every in-scope question. Its weights are global, not per entry, so a
   staff edit needs no training. The calibration below sees reranker scores cross-fitted: each
   fold is scored by a reranker fitted on the other folds.
2. The calibration (reranked score, margin, coverage of the question by the top entry, share of
   the question the knowledge base knows → is the top entry right?) is a logistic regression.
3. The thresholds maximise what the outcomes are worth to residents (VALUE).
"""

from __future__ import annotations

import random
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression

from knowledge.calibration import ANSWER, CLARIFY, Calibration, load_calibration, save_calibration
from knowledge.entries import Faq, load_content
from knowledge.index import COVERAGE, SearchIndex

ROOT = Path(__file__).resolve().parent.parent
FOLDS = 5
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


def folds(faqs: list[Faq], k: int = FOLDS, seed: int = 3) -> list[tuple[list[Faq], list[tuple[str, str]]]]:
    """k (entries without some phrasings, [(left-out phrasing, its entry id)]) splits; every phrasing is left out once."""
    rng = random.Random(seed)
    fold_of = {}
    for entry in faqs:
        positions = list(range(len(entry.questions)))
        rng.shuffle(positions)
        for rank, position in enumerate(positions):
            fold_of[entry.id, position] = rank % k
    splits = []
    for f in range(k):
        kept = [replace(e, questions=tuple(q for i, q in enumerate(e.questions) if fold_of[e.id, i] != f)) for e in faqs]
        asked = [(q, e.id) for e in faqs for i, q in enumerate(e.questions) if fold_of[e.id, i] == f]
        splits.append((kept, asked))
    return splits


def collect(faqs: list[Faq], oos: list[str], tuning: Calibration) -> list[dict]:
    """Every question asked of its fold's index: the candidates' ids and features, the right id (None: out of scope)."""
    asked = []
    for f, (kept, questions) in enumerate(folds(faqs)):
        index = SearchIndex(kept, tuning)
        for text, expected in questions + [(q, None) for q in oos[f::FOLDS]]:
            chosen, features, about = index.candidates(text)
            ids = [index.entries[i].id for i in chosen]
            asked.append({"fold": f, "ids": ids, "features": features, "expected": expected, "known": about["known"]})
    return asked


def fit_reranker(asked: list[dict]) -> LogisticRegression:
    rows = [a for a in asked if a["expected"] is not None]
    X = np.vstack([a["features"] for a in rows])
    y = np.concatenate([[i == a["expected"] for i in a["ids"]] for a in rows])
    return LogisticRegression(C=1.0, max_iter=5000).fit(X, y)


def as_weights(model: LogisticRegression) -> tuple[float, ...]:
    return (float(model.intercept_[0]), *map(float, model.coef_[0]))


def outcomes(asked: list[dict], rerankers: dict[int, tuple[float, ...]], tuning: Calibration):
    """[similarity, margin, coverage, known] of each question's reranked top entry; right; right one in the top 3; in scope."""
    rows, right, in_top3, in_scope = [], [], [], []
    for a in asked:
        index = SearchIndex([], replace(tuning, rerank=rerankers[a["fold"]]))
        similarities = index.rerank(a["features"])
        order = np.argsort(-similarities, kind="stable")
        top = order[0]
        second = similarities[order[1]] if len(order) > 1 else 0.0
        rows.append([similarities[top], similarities[top] - second, a["features"][top, COVERAGE], a["known"]])
        ids = [a["ids"][i] for i in order[:3]]
        right.append(a["expected"] is not None and ids[0] == a["expected"])
        in_top3.append(a["expected"] in ids)
        in_scope.append(a["expected"] is not None)
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


def report(label: str, calibration: Calibration, scores, right, in_top3, in_scope) -> None:
    decisions = [calibration.decide(s) for s in scores]
    out = [d for d, inside in zip(decisions, in_scope) if not inside]
    print(
        f"{label}: top-1 {right[in_scope].mean():.3f}, top-3 {in_top3[in_scope].mean():.3f}; "
        f"out of scope: 'not known' {out.count('unknown') / len(out):.3f}, no answer {1 - out.count(ANSWER) / len(out):.3f}; "
        f"in scope answered {np.mean([d == ANSWER for d, i in zip(decisions, in_scope) if i]):.3f}"
    )


def main() -> None:
    faqs = load_content()
    oos = out_of_scope_questions()
    tuning = replace(load_calibration(), rerank=())
    started = time.perf_counter()
    asked = collect(faqs, oos, tuning)
    print(f"{sum(a['expected'] is not None for a in asked)} phrasings asked in {FOLDS} folds, {len(oos)} out-of-scope questions ({time.perf_counter() - started:.1f} s)")
    first_stage = {f: () for f in range(FOLDS)}
    X, right, in_top3, in_scope = outcomes(asked, first_stage, tuning)
    print(f"first stage only: top-1 {right[in_scope].mean():.3f}, top-3 {in_top3[in_scope].mean():.3f}")
    crossfit = {f: as_weights(fit_reranker([a for a in asked if a["fold"] != f])) for f in range(FOLDS)}
    X, right, in_top3, in_scope = outcomes(asked, crossfit, tuning)
    model = LogisticRegression(C=10.0, max_iter=5000).fit(X, right)
    w = model.coef_[0]
    fitted = replace(
        tuning, rerank=as_weights(fit_reranker(asked)), intercept=float(model.intercept_[0]),
        w_similarity=float(w[0]), w_margin=float(w[1]), w_coverage=float(w[2]), w_known=float(w[3]),
    )
    scores = np.asarray([fitted.probability(*row) for row in X])
    grid = [round(float(x), 2) for x in np.arange(0.05, 0.96, 0.05)]
    answer_at, clarify_at = max(
        ((a, c) for a in grid for c in grid if c <= a),
        key=lambda ac: value_of(replace(fitted, answer_at=ac[0], clarify_at=ac[1]), scores, right, in_top3, in_scope),
    )
    fitted = replace(fitted, answer_at=answer_at, clarify_at=clarify_at)
    report("reranked (cross-fitted)", fitted, scores, right, in_top3, in_scope)
    save_calibration(fitted)
    print(f"chosen: {fitted}")


if __name__ == "__main__":
    main()
