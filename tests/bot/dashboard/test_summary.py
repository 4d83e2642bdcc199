"""One conversation-day's facts from its messages."""

from __future__ import annotations

from datetime import timedelta

from bot.dashboard.summary import MessageRow, summarize
from tests.bot.dashboard.builder import vn


def test_repeat_questions_within_ten_minutes():
    at = vn(2026, 11, 2, 9)
    faq = {"source": "faq", "faq_id": "x"}

    def rows(*questions):
        built, seq = [], 0
        for minutes, meta in questions:
            seq += 1
            built.append(MessageRow(seq * 10, seq, "in", {}, None, at + timedelta(minutes=minutes)))
            seq += 1
            built.append(MessageRow(seq * 10, seq, "out", meta, seq - 1, at + timedelta(minutes=minutes)))
        return built

    fallback = {"source": "fallback", "intent": "nlu_fallback"}
    assert summarize(rows((0, fallback), (9, faq)), "web", {}, []).repeats == 1  # rephrased after a fallback
    assert summarize(rows((0, fallback), (11, faq)), "web", {}, []).repeats == 0  # more than 10 minutes later
    assert summarize(rows((0, faq), (5, faq)), "web", {}, []).repeats == 1  # the same answer again
    assert summarize(rows((0, faq), (5, {"source": "faq", "faq_id": "y"})), "web", {}, []).repeats == 0
