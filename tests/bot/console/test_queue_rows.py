"""Queue rows say what the resident asked: their latest message's first words and the FAQ topic.

Issue 18: rows showed only the reason and the channel («API»), so a volunteer could not triage.
"""

from __future__ import annotations

import pytest

from bot.console.previews import first_words
from knowledge.models import Category, Entry
from tests.bot.auth.helpers import sessions
from tests.bot.console.conftest import chat, say


@pytest.mark.parametrize(
    "text, shown",
    [
        ("ngắn thôi", "ngắn thôi"),
        ("  hai\n\ndòng   ", "hai dòng"),
        ("chữ " * 30, ("chữ " * 19).strip() + "…"),  # cut between words, within 80 characters
        ("x" * 200, "x" * 79 + "…"),  # one unbroken string: cut anyway
    ],
)
def test_first_words(text, shown):
    assert first_words(text) == shown and len(shown) <= 80


def test_a_waiting_row_shows_the_latest_message_and_the_faq_topic(client, rasa, volunteers, database_url):
    with sessions(database_url)() as session:
        session.add(Category(id="vneid", title="Định danh điện tử VNeID", position=1))
        session.add(Entry(id="vneid-quen-mat-khau", category_id="vneid", title="Quên mật khẩu VNeID", answer="…"))
        session.commit()
    rasa.script["quen mat khau vneid"] = {
        "messages": [
            {
                "recipient_id": "x",
                "text": "Dạ, Bác bấm «Quên mật khẩu» ạ.",
                "custom": {"meta": {"source": "faq", "faq_id": "vneid-quen-mat-khau", "handoff": False}},
            }
        ],
        "intent": "ask_question",
        "confidence": 0.9,
    }
    chat(client, "ba-ba", "quen mat khau vneid")
    say(rasa, "gặp người")
    chat(client, "ba-ba", "gặp người")
    long_message = "bác số 0901234567 không nhận được mã OTP <script>alert(1)</script> " + "làm lại mấy lần rồi " * 5
    chat(client, "ba-ba", long_message)
    lan = volunteers("lan")
    [row] = lan.get("/console/api/queue").json()["waiting"]
    assert row["faq_category"] == "Định danh điện tử VNeID"
    said = row["latest_message"]
    assert said.startswith("bác số [số điện thoại đã che] không nhận được mã OTP <script>")  # masked; the page escapes it
    assert len(said) <= 80 and said.endswith("…")
    assert row["channel_label"] == "Ứng dụng của phường"  # not «API»


def test_a_row_without_faq_answer_or_message_is_empty_there(client, rasa, volunteers):
    say(rasa, "gặp người")
    chat(client, "ba-bay", "gặp người")
    lan = volunteers("lan")
    [row] = lan.get("/console/api/queue").json()["waiting"]
    assert (row["latest_message"], row["faq_category"]) == ("gặp người", "")
