"""Nothing is lost across a crash: stored updates are handled and pending replies sent at start-up."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from bot.app import create_app
from bot.channels.telegram.models import TelegramUpdate
from bot.conversations.models import Conversation, Message
from tests.bot.channels.telegram import factory
from tests.bot.channels.telegram.factory import eventually, rows


def seed(database_url: str, *objects) -> None:
    """Rows as a previous run of the gateway left them."""
    engine = create_engine(database_url)
    with Session(engine, expire_on_commit=False) as session:
        for obj in objects:
            session.add(obj)
            session.flush()
        session.commit()
    engine.dispose()


def status_of(database_url: str, update_id: int) -> str | None:
    found = rows(database_url, TelegramUpdate, TelegramUpdate.update_id == update_id)
    return found[0].status if found else None


def test_update_stored_but_never_handled_is_handled_at_start(tg_settings, telegram, rasa, database_url):
    seed(database_url, TelegramUpdate(update_id=90, payload=factory.text(90, 42, "còn làm việc không"), status="received"))
    with TestClient(create_app(tg_settings)):
        [reply] = eventually(lambda: telegram.sent(42), what="the reply to the stored update")
        eventually(lambda: status_of(database_url, 90) == "processed", what="processed")
    assert reply["text"] == "Dạ, bot nhận được: còn làm việc không"
    assert [m["message"] for m in rasa.received] == ["còn làm việc không"]


def test_pending_reply_is_sent_at_start(tg_settings, telegram, rasa, database_url):
    conversation = Conversation(channel="telegram", external_id="77", mode="bot", last_seq=2)
    seed(database_url, conversation)
    seed(
        database_url,
        Message(conversation_id=conversation.id, seq=1, direction="in", text="căn cước", meta={}, status="answered"),
        Message(
            conversation_id=conversation.id,
            seq=2,
            direction="out",
            text="Dạ, Bác mang theo CCCD ạ.",
            buttons=[{"title": "Thêm", "payload": "/more"}],
            meta={},
            status="pending",
            reply_to=1,
        ),
    )
    with TestClient(create_app(tg_settings)):
        [reply] = eventually(lambda: telegram.sent(77), what="the pending reply")
        eventually(lambda: [m.status for m in rows(database_url, Message, Message.direction == "out")] == ["delivered"])
    assert reply["text"] == "Dạ, Bác mang theo CCCD ạ."
    assert reply["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "2:0"
    assert rasa.received == []


def test_crash_between_storing_the_message_and_answering_it_gives_one_answer(tg_settings, telegram, rasa, database_url):
    # The update was stored and its message too, but the process died before Rasa answered.
    conversation = Conversation(channel="telegram", external_id="42", mode="bot", last_seq=1)
    seed(database_url, conversation)
    seed(
        database_url,
        TelegramUpdate(update_id=91, payload=factory.text(91, 42, "lệ phí"), status="received"),
        Message(
            conversation_id=conversation.id, seq=1, direction="in", text="lệ phí", meta={}, client_id="tg:91", status="received"
        ),
    )
    with TestClient(create_app(tg_settings)):
        eventually(lambda: status_of(database_url, 91) == "processed", what="processed")
        [reply] = eventually(lambda: telegram.sent(42), what="the one reply")
    assert reply["text"] == "Dạ, bot nhận được: lệ phí"
    assert [m["message"] for m in rasa.received] == ["lệ phí"]
    assert len(telegram.sent(42)) == 1
