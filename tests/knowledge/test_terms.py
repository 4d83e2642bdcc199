"""How a text becomes search terms (knowledge.terms)."""

from __future__ import annotations

from knowledge.terms import segmented_terms, sound_terms, syllable_pairs, word_terms


def test_filler_words_do_not_count():
    assert word_terms("cháu ơi cho bác hỏi làm căn cước") == word_terms("làm căn cước") == "can_cuoc can cuoc"
    assert segmented_terms("cháu ơi cho bác hỏi làm căn cước") == "can_cuoc"
    assert sound_terms("sổ hộ khẩu") == sound_terms("xổ hộ khẩu")


def test_unaccented_question_meets_the_same_syllables():
    # the segmenter splits "dang ky tam tru" differently from "đăng ký tạm trú"; the syllables still agree
    assert set(word_terms("dang ky tam tru").split()) & set(word_terms("đăng ký tạm trú").split()) >= {"dang", "ky", "tam", "tru"}


def test_neighbouring_content_syllables_make_pairs():
    assert {"ho_chieu", "chieu_online"} <= syllable_pairs("làm hộ chiếu online")
