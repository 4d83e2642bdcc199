"""The search: finds entries however residents type, scores calibrated, fast enough, live after edits."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from knowledge.calibration import ANSWER, Calibration
from knowledge.entries import load_content
from knowledge.index import CANDIDATES, SearchIndex
from knowledge.live import LiveIndex
from knowledge.store import edit_entry, seed, set_status
from knowledge.terms import sound_terms, syllable_pairs, word_terms

FAQS = load_content()


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(FAQS)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("quên mật khẩu VNeID", "vneid-quen-mat-khau"),
        ("quen mat khau vneid", "vneid-quen-mat-khau"),  # no diacritics
        ("quen mk vneid r lm sao", "vneid-quen-mat-khau"),  # teencode
        ("đăng ký tạm chú ở đâu", "cu-tru-khi-nao-phai-dang-ky-tam-tru"),  # tr/ch
        ("Bằng lái xe máy có thời hạn không", "giay-phep-lai-xe-thoi-han-xe-may"),  # everyday word
    ],
)
def test_finds_the_entry_however_it_is_typed(index, query, expected):
    assert index.search(query, k=1)[0].entry.id == expected


def test_scores_are_probabilities_best_first(index):
    hits = index.search("thanh toán tiền điện qua ví điện tử", k=5)
    assert len(hits) == 5 and all(0.0 <= h.score <= 1.0 for h in hits)
    assert [h.similarity for h in hits] == sorted((h.similarity for h in hits), reverse=True)
    assert hits[0].score > hits[1].score


def test_out_of_scope_question_gets_no_faq_answer(index):
    for question in ("hôm nay xổ số miền nam về con gì", "giá vàng hôm nay bao nhiêu một chỉ"):
        [top] = index.search(question, k=1)
        assert index.calibration.decide(top.score) != ANSWER, question


def test_clear_question_is_answered(index):
    [top] = index.search("lam sao dong tien dien online", k=1)
    assert top.entry.id == "dien-nuoc-thanh-toan-tien-dien"
    assert index.calibration.decide(top.score) == ANSWER


def test_empty_query_and_empty_index():
    assert SearchIndex(FAQS).search("   ") == []
    assert SearchIndex([]).search("căn cước") == []


def test_decisions_follow_the_thresholds():
    calibration = Calibration(answer_at=0.8, clarify_at=0.3)
    assert [calibration.decide(s) for s in (0.9, 0.5, 0.1)] == ["answer", "clarify", "unknown"]


def test_live_index_serves_an_edit_on_the_next_search(sessions):
    with sessions() as session:
        seed(session, FAQS)
        session.commit()
    live = LiveIndex(sessions)
    assert live.find("vneid-quen-mat-khau") is not None
    with sessions() as session:
        edit_entry(session, "vneid-quen-mat-khau", {"answer": "Dạ, nội dung mới số 42."}, "can-bo")
        set_status(session, "ho-chieu-le-phi", "draft", "can-bo")
        session.commit()
    assert live.find("vneid-quen-mat-khau").answer == "Dạ, nội dung mới số 42."
    assert live.find("ho-chieu-le-phi") is None
    assert "ho-chieu-le-phi" not in [h.entry.id for h in live.current().search("lệ phí hộ chiếu", k=5)]


def plain_candidates(index: SearchIndex, query: str) -> tuple[list[int], list[list[float]]]:
    """What candidates() computes, written the plain way: scipy's product and a Python loop per candidate."""
    n = len(index.phrasings)
    words_row, sounds_row = (
        columns[:, terms] @ weights
        for columns, (terms, weights) in zip(
            index.columns, (space.vector(t(query)) for space, t in zip(index._spaces, (word_terms, sound_terms)))
        )
    )
    phrasing_words, phrasing_sounds, answer_words, answer_sounds = words_row[:n], sounds_row[:n], words_row[n:], sounds_row[n:]
    base = index.base_scores((phrasing_words, phrasing_sounds, answer_words, answer_sounds))
    size = min(CANDIDATES, len(index.entries))
    chosen = np.argpartition(-base, size - 1)[:size] if size < len(base) else np.arange(len(base))
    chosen = chosen[np.argsort(-base[chosen], kind="stable")].tolist()
    words = index.weights(set(word_terms(query).split()), 0)
    sounds = index.weights(set(sound_terms(query).split()), 1)
    pairs = syllable_pairs(query)
    features = []
    for entry in chosen:
        span = slice(int(index.starts[entry]), int(index.starts[entry] + index.counts[entry]))
        w, s = sorted(phrasing_words[span].tolist()), sorted(phrasing_sounds[span].tolist())
        features.append(
            [
                base[entry],
                w[-1],
                s[-1],
                sum(w) / len(w),
                sum(s) / len(s),
                sum(w[-3:]) / len(w[-3:]),
                sum(s[-3:]) / len(s[-3:]),
                answer_words[entry],
                answer_sounds[entry],
                index.coverage(words, index.asked[0][entry]),
                index.coverage(sounds, index.asked[1][entry]),
                index.coverage(words, index.told[0][entry]),
                index.coverage(sounds, index.told[1][entry]),
                base[entry] - base[chosen[0]],
                index.missing(words, index.told[0][entry]),
                len(pairs & index.pairs[entry]) / len(pairs) if pairs else 0.0,
            ]
        )
    return chosen, features


@pytest.mark.parametrize("small", [False, True], ids=["all entries", "entries with one to three phrasings"])
def test_candidates_are_exactly_the_plain_computation(index, small):
    # the search computes all candidates' features at once: the scores must not move, not even in the last bit
    if small:
        index = SearchIndex([replace(faq, questions=faq.questions[: i % 3]) for i, faq in enumerate(FAQS[:12])])
    for query in (
        "quên mật khẩu VNeID",
        "quen mk vneid r lm sao",
        "đăng ký tạm chú ở đâu",
        "lệ phí làm hộ chiếu bao nhiêu tiền",
        "giá vàng hôm nay bao nhiêu một chỉ",
        "cháu ơi",
        "🙂",
        "xyzzy qwerty",
        "thủ tục " * 40,
        # long enough for the sound space's product to take scipy's path
        "cho tôi hỏi thủ tục đăng ký thường trú cho con mới sinh và làm lại căn cước công dân bị mất thì cần giấy tờ gì",
    ):
        chosen, features, _ = index.candidates(query)
        expected_chosen, expected = plain_candidates(index, query)
        assert chosen.tolist() == expected_chosen, query
        assert features.tolist() == expected, query
