"""The calibration's own machinery: folds, out-of-scope twins, the value of thresholds, the fitted file."""

from __future__ import annotations

import json

import numpy as np

from knowledge import calibrate
from knowledge.calibration import UNKNOWN, Calibration, load_calibration
from knowledge.entries import load_content
from knowledge.features import JUDGE_FEATURES
from knowledge.index import SearchIndex

FAQS = load_content()


def test_every_phrasing_is_left_out_exactly_once():
    asked = [question for _, questions in calibrate.folds(FAQS) for question, _ in questions]
    assert sorted(asked) == sorted(q for e in FAQS for q in e.questions)
    for kept, questions in calibrate.folds(FAQS):
        left_out = {q for q, _ in questions}
        assert all(e.title for e in kept) and not left_out & {q for e in kept for q in e.questions}


def test_out_of_scope_twins_share_a_fold():
    questions = ["Giá vàng hôm nay bao nhiêu?", "Cách nấu phở bò", "gia vang hom nay bn", "cach nau pho bo ngon"]
    fold = calibrate.oos_folds(questions)
    assert fold[0] == fold[2] and fold[1] == fold[3] and fold[0] != fold[1]


def test_fast_value_agrees_with_value_of():
    rng = np.random.default_rng(1)
    scores = rng.random(200)
    right, in_top3, in_scope = rng.random(200) < 0.6, rng.random(200) < 0.8, rng.random(200) < 0.9
    for answer_at, clarify_at in ((0.8, 0.4), (0.5, 0.5), (0.9, 0.1)):
        expected = calibrate.value_of(
            Calibration(answer_at=answer_at, clarify_at=clarify_at), scores, right, in_top3 & in_scope, in_scope
        )
        assert (
            abs(calibrate.fast_value(scores, right & in_scope, in_top3 & in_scope, in_scope, answer_at, clarify_at) - expected)
            < 1e-9
        )


def test_fitted_calibration_matches_the_search():
    calibration = load_calibration()
    assert len(calibration.right) == len(calibration.in_scope) == len(JUDGE_FEATURES) + 1
    assert calibration.rerank and calibration.domain and 0 < calibration.clarify_at <= calibration.answer_at < 1


def test_an_older_calibration_file_still_loads(tmp_path):
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"intercept": -2.0, "w_similarity": 4.0, "answer_at": 0.7, "clarify_at": 0.3}))
    calibration = load_calibration(path)
    assert (calibration.answer_at, calibration.clarify_at, calibration.rerank) == (0.7, 0.3, ())


def test_search_works_before_any_fitting():
    index = SearchIndex(FAQS, Calibration())
    hits = index.search("quên mật khẩu VNeID", k=3)
    assert hits[0].entry.id == "vneid-quen-mat-khau" and all(0.0 <= h.score <= 1.0 for h in hits)


def test_a_question_about_something_else_is_not_known():
    index = SearchIndex(FAQS)
    for question in ("Messi năm nay bao nhiêu tuổi rồi", "cách nấu canh chua cá lóc", "giá vàng hôm nay bao nhiêu một chỉ"):
        [top] = index.search(question, k=1)
        assert index.calibration.decide(top.score) == UNKNOWN, question
