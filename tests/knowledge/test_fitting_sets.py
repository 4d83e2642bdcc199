"""What the calibration is fitted on (knowledge.fitting_sets): never a test half."""

from __future__ import annotations

import yaml

from knowledge.fitting_sets import RESIDENT_SETS, follow_up_turns, out_of_scope_questions, resident_questions


def test_the_residents_tuning_halves_are_read_never_a_test_half():
    test_texts = set()
    for path, _ in RESIDENT_SETS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        test_texts |= {m["text"] for m in data.get("messages") or () if m["half"] == "test"}
        test_texts |= {c["turns"][0]["text"] for c in data.get("conversations") or () if c["half"] == "test"}
    questions = resident_questions()
    assert len(questions) > 150 and not {text for text, _ in questions} & test_texts
    assert any(not acceptable for _, acceptable in questions)  # out of scope and uncovered ones count as such


def test_out_of_scope_questions_hold_the_nlu_examples_and_the_near_misses():
    questions = out_of_scope_questions()
    assert "Thời tiết hôm nay thế nào" in questions and "mua dat nen du an co nen khong" in questions


def test_follow_ups_are_read_from_the_tuning_conversations_only_with_their_topic():
    tested, tuned = set(), set()
    for path, half in RESIDENT_SETS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for conversation in data.get("conversations") or ():
            texts = {t["text"] for t in conversation["turns"][1:]}
            (tuned if conversation["half"] == half else tested).update(texts)
    turns = follow_up_turns()
    assert len(turns) > 300 and {text for text, *_ in turns} <= tuned
    assert not {text for text, *_ in turns} & (tested - tuned)
    assert all(topic and acceptable and previous for _, previous, topic, acceptable in turns)
