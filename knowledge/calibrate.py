"""`python -m knowledge.calibrate`: fit the search's reranker, judges, domain lexicon and thresholds.

Data: the FAQ phrasings split into folds entry by entry; each fold's phrasings are asked as
questions of an index built without them (titles and answers stay), plus out-of-scope questions
(the NLU data's examples and knowledge.fitting_sets.NEAR_MISSES), split into folds with their paraphrase twins kept
together and asked of the same indexes. The held-out test set of `make eval-kb` is never read here.

1. The domain lexicon (word terms → in or out of scope) is a logistic regression of the kept
   phrasings against the other folds' out-of-scope questions.
2. The reranker (knowledge.features.FEATURES) is a pairwise logistic regression: the right candidate
   against each other one. Its weights are global, not per entry, so a staff edit needs no
   training: the index is only rebuilt. Later steps see its scores cross-fitted (each fold scored
   by a reranker fitted on the other folds).
3. The judges (knowledge.features.JUDGE_FEATURES → P(covered), P(right | covered)) are logistic
   regressions, cross-fitted too for the choice of thresholds.
4. The thresholds: among those that give "not known" to OUT_OF_SCOPE_RECALL of the out-of-scope
   questions, the ones that maximise what the outcomes are worth to residents (VALUE).

Since session 7 the tuning half of the blind resident set (knowledge/eval/residents.yml) is asked too,
each question in one fold and weighted RESIDENT_WEIGHT times: residents do not phrase like the content's
authors. Its questions that no entry covers count as out of scope. `python -m knowledge.fit_decision
--write` then fits the deployed decision's thresholds on the same half.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from knowledge.calibration import ANSWER, CLARIFY, UNKNOWN, Calibration, load_calibration, save_calibration
from knowledge.entries import Faq, load_content
from knowledge.features import judge_features
from knowledge.fitting_sets import RESIDENT_SETS, out_of_scope_questions, resident_questions
from knowledge.index import SearchIndex
from knowledge.terms import word_grams, word_terms
from nlu.normalize import match_key

if TYPE_CHECKING:
    from numpy.typing import NDArray

FOLDS = 5
# A resident's own phrasing (the blind set's tuning half) counts this many times against the content's.
RESIDENT_WEIGHT = 6
# Issue 3: at least this share of out-of-scope questions should hear "not known" (cross-fitted, on the
# calibration's own out-of-scope questions); within that, the thresholds maximise VALUE.
OUT_OF_SCOPE_RECALL = 0.90
# What each outcome is worth to a resident. A wrong answer is the worst; a "Ý bác là…?" with the
# right entry among three buttons costs one tap; admitting not knowing sends them elsewhere.
VALUE = {
    ("in", ANSWER, True): 1.0,
    ("in", ANSWER, False): -1.5,
    ("in", CLARIFY, True): 0.6,
    ("in", CLARIFY, False): -0.5,
    ("in", "unknown", None): -0.5,
    ("out", ANSWER, None): -1.5,
    ("out", CLARIFY, None): -0.5,
    ("out", "unknown", None): 1.0,
}


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


def oos_folds(questions: list[str], k: int = FOLDS) -> list[int]:
    """A fold for each out-of-scope question; near-paraphrases ("giá vàng hôm nay" / "gia vang hom nay bn")
    share a fold, so that no question is judged by a model that saw its twin."""
    words = [set(match_key(q).split()) for q in questions]
    group = list(range(len(questions)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i in range(len(questions)):
        for j in range(i):
            if len(words[i] & words[j]) >= len(words[i] | words[j]) / 3:
                group[root(i)] = root(j)
    order = {g: n for n, g in enumerate(dict.fromkeys(root(i) for i in range(len(questions))))}
    return [order[root(i)] % k for i in range(len(questions))]


def collect(
    faqs: list[Faq],
    oos: list[str],
    tuning: Calibration,
    residents: Sequence[tuple[str, tuple[str, ...]]] = (),
    weight: int = RESIDENT_WEIGHT,
) -> list[dict[str, Any]]:
    """Every question asked of its fold's index: the candidates' ids and features, the right id (None: out of
    scope) and every acceptable id. Residents' questions go to folds in turn and count RESIDENT_WEIGHT times."""
    asked = []
    oos_fold = oos_folds(oos)
    for f, (kept, questions) in enumerate(folds(faqs)):
        lexicon = fit_domain(kept, [q for q, g in zip(oos, oos_fold) if g != f])
        index = SearchIndex(kept, replace(tuning, domain=lexicon))
        theirs = [(text, ok) for n, (text, ok) in enumerate(residents) if n % FOLDS == f] * weight
        labelled = [(q, (e,)) for q, e in questions] + [(q, ()) for q, g in zip(oos, oos_fold) if g == f] + theirs
        for text, acceptable in labelled:
            chosen, features, about = index.candidates(text)
            ids = [index.entries[i].id for i in chosen]
            expected = next((i for i in ids if i in acceptable), acceptable[0] if acceptable else None)
            asked.append(
                {
                    "fold": f,
                    "ids": ids,
                    "features": features,
                    "expected": expected,
                    "acceptable": frozenset(acceptable),
                    "about": about,
                }
            )
    return asked


def fit_domain(faqs: list[Faq], oos: list[str], size: int = 1000) -> dict[str, float]:
    """Words that mark a question as one for the knowledge base or not: a logistic regression on the
    presence of word terms, every phrasing against the out-of-scope questions, its strongest weights kept."""
    texts = [t for e in faqs for t in (e.title, *e.questions)]
    vectorizer = CountVectorizer(analyzer=word_grams, binary=True)
    X = vectorizer.fit_transform([word_terms(t) for t in texts + oos])
    y = np.r_[np.ones(len(texts)), np.zeros(len(oos))]
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000).fit(X, y)
    weights = model.coef_[0]
    terms = vectorizer.get_feature_names_out()
    strongest = np.argsort(-np.abs(weights))[:size]
    return {"": float(model.intercept_[0]), **{str(terms[i]): round(float(weights[i]), 4) for i in strongest if weights[i]}}


def fit_reranker(asked: list[dict[str, Any]]) -> tuple[float, ...]:
    """Pairwise: for each question, the right candidate should outscore every other one (a logistic
    regression on feature differences, standardised), then Platt-scaled so its score reads as a probability."""
    differences = []
    for a in asked:
        if a["expected"] not in a["ids"]:
            continue  # out of scope, or the first stage missed the entry: nothing to order
        features = a["features"]
        right = a["ids"].index(a["expected"])
        others = [i for i, entry in enumerate(a["ids"]) if entry not in a["acceptable"]]
        differences.append(features[right] - features[others])
    X = np.vstack(differences)
    scale = np.abs(X).mean(axis=0) + 1e-9
    pairs = LogisticRegression(C=0.1, fit_intercept=False, max_iter=5000).fit(
        np.vstack([X / scale, -X / scale]), np.r_[np.ones(len(X)), np.zeros(len(X))]
    )
    w = pairs.coef_[0] / scale
    rows = [a for a in asked if a["expected"] is not None]
    z = np.concatenate([a["features"] @ w for a in rows])
    platt = LogisticRegression(C=100.0, max_iter=5000).fit(
        z[:, None], np.concatenate([[i in a["acceptable"] for i in a["ids"]] for a in rows])
    )
    return (float(platt.intercept_[0]), *map(float, platt.coef_[0][0] * w))


def outcomes(
    asked: list[dict[str, Any]], rerankers: dict[int, tuple[float, ...]], tuning: Calibration
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]:
    """The judge features of each question's reranked top entry; is it right; is the right one in the top 3; in scope?"""
    rows, right, in_top3, in_scope = [], [], [], []
    for a in asked:
        index = SearchIndex([], replace(tuning, rerank=rerankers[a["fold"]]))
        similarities = index.rerank(a["features"])
        order = np.argsort(-similarities, kind="stable")
        rows.append(judge_features(similarities, order, a["features"], a["about"], 0))
        ids = [a["ids"][i] for i in order[:3]]
        right.append(a["expected"] is not None and ids[0] in a["acceptable"])
        in_top3.append(bool(a["acceptable"] & set(ids)))
        in_scope.append(a["expected"] is not None)
    return np.asarray(rows), np.asarray(right), np.asarray(in_top3), np.asarray(in_scope)


def fast_value(
    scores: NDArray[np.float64],
    right: NDArray[np.bool_],
    in_top3: NDArray[np.bool_],
    in_scope: NDArray[np.bool_],
    answer_at: float,
    clarify_at: float,
) -> float:
    """value_of for many thresholds: the same sums, with numpy."""
    answer = scores >= answer_at
    clarify = ~answer & (scores >= clarify_at)
    unknown = ~answer & ~clarify
    inside, outside = in_scope, ~in_scope
    total = (
        VALUE["in", ANSWER, True] * np.sum(inside & answer & right)
        + VALUE["in", ANSWER, False] * np.sum(inside & answer & ~right)
        + VALUE["in", CLARIFY, True] * np.sum(inside & clarify & in_top3)
        + VALUE["in", CLARIFY, False] * np.sum(inside & clarify & ~in_top3)
        + VALUE["in", UNKNOWN, None] * np.sum(inside & unknown)
        + VALUE["out", ANSWER, None] * np.sum(outside & answer)
        + VALUE["out", CLARIFY, None] * np.sum(outside & clarify)
        + VALUE["out", UNKNOWN, None] * np.sum(outside & unknown)
    )
    return float(total) / len(scores)


def value_of(
    calibration: Calibration,
    scores: NDArray[np.float64],
    right: NDArray[np.bool_],
    in_top3: NDArray[np.bool_],
    in_scope: NDArray[np.bool_],
) -> float:
    total = 0.0
    for score, ok, top3, inside in zip(scores, right, in_top3, in_scope):
        outcome = calibration.decide(score)
        if inside:
            key = ("in", outcome, bool(ok) if outcome == ANSWER else bool(top3) if outcome == CLARIFY else None)
        else:
            key = ("out", outcome, None)
        total += VALUE[key]
    return total / len(scores)


def report(
    label: str,
    calibration: Calibration,
    scores: NDArray[np.float64],
    right: NDArray[np.bool_],
    in_top3: NDArray[np.bool_],
    in_scope: NDArray[np.bool_],
) -> None:
    decisions = [calibration.decide(s) for s in scores]
    out = [d for d, inside in zip(decisions, in_scope) if not inside]
    print(
        f"{label}: top-1 {right[in_scope].mean():.3f}, top-3 {in_top3[in_scope].mean():.3f}; "
        f"out of scope: 'not known' {out.count('unknown') / len(out):.3f}, no answer {1 - out.count(ANSWER) / len(out):.3f}; "
        f"in scope answered {np.mean([d == ANSWER for d, i in zip(decisions, in_scope) if i]):.3f} "
        f"(wrong {np.mean([d == ANSWER and not ok for d, ok, i in zip(decisions, right, in_scope) if i]):.3f}), "
        f"clarified {np.mean([d == CLARIFY for d, i in zip(decisions, in_scope) if i]):.3f}, "
        f"not known {np.mean([d == UNKNOWN for d, i in zip(decisions, in_scope) if i]):.3f}"
    )


def fit_judges(
    X: NDArray[np.float64], right: NDArray[np.bool_], in_scope: NDArray[np.bool_], folds: NDArray[np.int64] | None = None
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """P(right | in scope) on the in-scope questions and P(in scope) on all; features standardised inside."""
    models = []
    for rows, labels in ((X[in_scope], right[in_scope]), (X, in_scope)):
        mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-9
        model = LogisticRegression(C=1.0, max_iter=5000).fit((rows - mean) / scale, labels)
        w = model.coef_[0] / scale
        models.append((float(model.intercept_[0] - (w * mean).sum()), *map(float, w)))
    return models[0], models[1]


def trade_off(chosen: Calibration, scores: NDArray[np.float64], in_scope: NDArray[np.bool_], in_top3: NDArray[np.bool_]) -> None:
    """What a stricter "not known" would cost: the clarify threshold for a share of out-of-scope questions
    admitted not known, and the in-scope questions that would then get "not known" too."""
    for target in (0.85, 0.90, 0.95):
        clarify_at = max(chosen.clarify_at, float(np.quantile(scores[~in_scope], target)))
        lost = scores[in_scope] < clarify_at
        print(
            f"  'not known' for {target:.0%} of out-of-scope questions: clarify_at {clarify_at:.2f}, "
            f"in-scope 'not known' {lost.mean():.3f} (right entry was in the top 3 for {(lost & in_top3[in_scope]).mean():.3f})"
        )


def fit_calibration(
    faqs: list[Faq],
    oos: list[str],
    residents: Sequence[tuple[str, tuple[str, ...]]],
    weight: int = RESIDENT_WEIGHT,
    verbose: bool = True,
) -> tuple[Calibration, float]:
    """The reranker, judges, domain lexicon and thresholds fitted on the content's phrasings, the out-of-scope
    questions and the residents' questions (each `weight` times); and its value per question."""
    say = print if verbose else (lambda *_args, **_kwargs: None)
    tuning = replace(load_calibration(), rerank=(), right=(), in_scope=(), domain={})
    started = time.perf_counter()
    asked = collect(faqs, oos, tuning, residents, weight)
    say(
        f"{sum(a['expected'] is not None for a in asked)} phrasings asked in {FOLDS} folds, {len(oos)} out-of-scope questions ({time.perf_counter() - started:.1f} s)"
    )
    _, right, in_top3, in_scope = outcomes(asked, {f: () for f in range(FOLDS)}, tuning)
    say(f"first stage only: top-1 {right[in_scope].mean():.3f}, top-3 {in_top3[in_scope].mean():.3f}")
    crossfit = {f: fit_reranker([a for a in asked if a["fold"] != f]) for f in range(FOLDS)}
    X, right, in_top3, in_scope = outcomes(asked, crossfit, tuning)
    fold = np.asarray([a["fold"] for a in asked])
    # the judges, cross-fitted too, so that thresholds are chosen on scores of questions they did not see
    judged = {f: fit_judges(X[fold != f], right[fold != f], in_scope[fold != f]) for f in range(FOLDS)}
    grid = [round(float(x), 2) for x in np.arange(0.04, 0.97, 0.02)]
    best, best_value, best_scores, met = tuning, -np.inf, None, False
    for credit in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        scores = np.asarray(
            [
                replace(tuning, right=judged[f][0], in_scope=judged[f][1], clarify_credit=credit).probability(x)
                for f, x in zip(fold, X)
            ]
        )
        for answer_at, clarify_at in ((a, c) for a in grid for c in grid if c <= a):
            # the floor first: out-of-scope questions mostly get "not known", not "Ý bác là…?"
            ok = bool(np.mean(scores[~in_scope] < clarify_at) >= OUT_OF_SCOPE_RECALL)
            value = fast_value(scores, right, in_top3, in_scope, answer_at, clarify_at)
            if (ok, value) > (met, best_value):
                best = replace(tuning, clarify_credit=credit, answer_at=answer_at, clarify_at=clarify_at)
                best_value, best_scores, met = value, scores, ok
    if best_scores is None:  # cannot happen: the first thresholds tried beat a value of -inf
        raise RuntimeError("no thresholds were scored")
    if not met:
        say(f"no thresholds give 'not known' to {OUT_OF_SCOPE_RECALL:.0%} of out-of-scope questions: chose by value alone")
    if verbose:
        report("reranked and judged (cross-fitted)", best, best_scores, right, in_top3, in_scope)
        trade_off(best, best_scores, in_scope, in_top3)
    judge_right, judge_in = fit_judges(X, right, in_scope)
    fitted = replace(best, rerank=fit_reranker(asked), right=judge_right, in_scope=judge_in, domain=fit_domain(faqs, oos))
    return fitted, float(best_value)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m knowledge.calibrate", description=__doc__.split("\n")[0])
    parser.add_argument("--no-residents", action="store_true", help="fit on the content's phrasings only")
    parser.add_argument("--every-set", action="store_true", help="residents' questions from every blind set's fitting part")
    parser.add_argument("--resident-weight", type=int, default=RESIDENT_WEIGHT)
    args = parser.parse_args(argv)
    # the reranker and judges learn from session 7's tuning half only (the shipped ones were fitted on its single
    # messages in session 10): fitted on every set in session 11, they answered no more of the tuning questions
    # right and more of them wrong with nothing else shown, and were not kept
    residents = [] if args.no_residents else resident_questions(RESIDENT_SETS if args.every_set else RESIDENT_SETS[:1])
    fitted, value = fit_calibration(load_content(), out_of_scope_questions(), residents, args.resident_weight)
    save_calibration(fitted)
    print(f"value per question {value:.3f}; chosen: {fitted}")


if __name__ == "__main__":
    main()
