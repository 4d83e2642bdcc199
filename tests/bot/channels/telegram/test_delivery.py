"""Replies reach Telegram: split when long, after a flood limit or a network error, marked delivered."""

from __future__ import annotations

from bot.conversations.models import Message
from tests.bot.channels.telegram import factory
from tests.bot.channels.telegram.factory import eventually, post_update, rows


def script(rasa, question: str, answer: str, buttons: list | None = None) -> None:
    reply = {"recipient_id": "x", "text": answer}
    if buttons:
        reply["buttons"] = buttons
    rasa.script[question] = {"messages": [reply], "intent": "ask_question", "confidence": 0.9}


def outbound(database_url: str) -> list[Message]:
    return rows(database_url, Message, Message.direction == "out")


def test_long_reply_is_split_in_order_with_buttons_on_the_last_part(tg, telegram, rasa, database_url):
    paragraphs = [(f"Bước {i}: " + "chuẩn bị giấy tờ và nộp hồ sơ trực tuyến. " * 12).strip() for i in range(1, 12)]
    answer = "\n\n".join(paragraphs)
    assert 5000 <= len(answer) <= 8000
    script(rasa, "thủ tục", answer, [{"title": "Xem thêm", "payload": "/more"}])
    post_update(tg, factory.text(60, 42, "thủ tục"))
    eventually(lambda: [m for m in outbound(database_url) if m.status == "delivered"], what="delivery")
    parts = telegram.sent(42)
    assert len(parts) == 2
    assert all(len(p["text"]) <= 4096 for p in parts)
    assert "\n\n".join(p["text"] for p in parts) == answer  # cut at a paragraph break, nothing lost
    assert parts[0]["text"].startswith("Bước 1:") and parts[1]["text"].startswith("Bước")
    assert "reply_markup" not in parts[0]
    assert parts[1]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Xem thêm"


def test_flood_limit_is_waited_out_and_the_reply_still_arrives(tg, telegram, rasa, database_url):
    telegram.fail_next("sendMessage", times=1, status=429, retry_after=1)
    post_update(tg, factory.text(61, 42, "hộ tịch"))
    [reply] = eventually(lambda: telegram.sent(42), what="the reply after the flood limit")
    assert reply["text"] == "Dạ, bot nhận được: hộ tịch"
    attempts = telegram.calls_to("sendMessage")
    assert len(attempts) == 2  # refused once with 429, accepted once after retry_after
    assert eventually(lambda: [m.status for m in outbound(database_url)] == ["delivered"], what="delivered")


def test_network_errors_are_retried(tg, telegram, rasa, database_url):
    telegram.fail_next("sendMessage", times=2, status=502)
    post_update(tg, factory.text(62, 42, "bảo hiểm y tế"))
    [reply] = eventually(lambda: telegram.sent(42), what="the reply after two failures")
    assert reply["text"] == "Dạ, bot nhận được: bảo hiểm y tế"
    assert len(telegram.calls_to("sendMessage")) == 3
    assert eventually(lambda: [m.status for m in outbound(database_url)] == ["delivered"], what="delivered")


def test_a_bot_blocked_by_the_resident_marks_the_reply_failed(tg, telegram, rasa, database_url):
    telegram.fail_next("sendMessage", times=1, status=403)
    post_update(tg, factory.text(63, 42, "thuế"))
    assert eventually(lambda: [m.status for m in outbound(database_url)] == ["failed"], what="failed")
    # the chat is not stuck: the next reply goes out
    post_update(tg, factory.text(64, 42, "thuế đất"))
    [reply] = eventually(lambda: telegram.sent(42), what="the next reply")
    assert reply["text"] == "Dạ, bot nhận được: thuế đất"


def test_replies_keep_their_order_within_a_chat(tg, telegram, rasa):
    # four replies: a burst of three, then Telegram's pace of about one a second in a chat
    questions = [f"câu {i}" for i in range(4)]
    for number, question in enumerate(questions):
        post_update(tg, factory.text(70 + number, 42, question))
        post_update(tg, factory.text(80 + number, 43, question))
    for chat_id in (42, 43):
        sent = eventually(
            lambda chat_id=chat_id: len(telegram.sent(chat_id)) == 4 and telegram.sent(chat_id), what="four replies"
        )
        assert [m["text"] for m in sent] == [f"Dạ, bot nhận được: {q}" for q in questions]
