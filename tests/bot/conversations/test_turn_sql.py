"""The plain-SQL path of an ordinary turn writes what the ORM path writes, and steps aside when it must."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.conversations.drafts import Draft
from bot.conversations.models import Conversation, Message
from tests.bot.conversations.test_service import make_service

ANSWER = {"source": "faq", "faq_id": 7, "intent": "ask_question", "confidence": 0.9, "handoff": False, "mode": "bot"}
SKIPPED = {"id", "conversation_id", "created_at"}


def _rows(service, conversation_id: int) -> list[dict]:
    with service.sessions() as session:
        messages = session.scalars(select(Message).where(Message.conversation_id == conversation_id).order_by(Message.seq))
        return [{c: getattr(m, c) for c in Message.__table__.columns.keys() if c not in SKIPPED} for m in messages]


def _turn(service, careful: bool, external_id: str, client_id: str) -> int:
    """Stores an inbound message and a two-message bot turn, on the plain or the ORM path; the conversation id."""
    drafts = [
        Draft("Dạ, {ward_hours} ạ.", [{"title": "Khác", "payload": "/other"}], dict(ANSWER)),
        Draft("Còn gì nữa không ạ?", None, dict(ANSWER, faq_id=None)),
    ]
    with service.sessions() as session:
        conversation, inbound, duplicate = service.store.inbound(
            session, "web", external_id, "đổi căn cước", client_id, {}, careful=careful
        )
    assert not duplicate
    if careful:
        with service.sessions() as session:
            service.store.append(session, conversation.id, inbound.seq, drafts)
            service.store.set_status(session, inbound.id, "answered")
            session.commit()
    else:
        service._store_bot_turn(conversation.id, inbound, drafts, "answered", None)
    return conversation.id


def test_plain_and_orm_paths_write_the_same_rows(any_database, rasa):
    service = make_service(any_database, rasa)
    plain = _turn(service, careful=False, external_id="plain-user-000001", client_id="c1")
    orm = _turn(service, careful=True, external_id="orm-user-00000001", client_id="c1")
    assert _rows(service, plain) == _rows(service, orm)
    rows = _rows(service, plain)
    assert [(r["seq"], r["direction"], r["status"], r["reply_to"]) for r in rows] == [
        (1, "in", "answered", None),
        (2, "out", "pending", 1),
        (3, "out", "pending", 1),
    ]
    assert rows[1]["text"] == "Dạ, 8h ạ."  # ward facts filled in
    # 👍/👎 under a knowledge-base answer, after the bot's own buttons
    assert rows[1]["buttons"][-1]["payload"].startswith("#") and rows[1]["buttons"][0]["payload"] == "/other"
    with service.sessions() as session:
        for conversation_id in (plain, orm):
            conversation = session.get_one(Conversation, conversation_id)
            assert (conversation.last_seq, conversation.mode) == (3, "bot")
    asyncio.run(service.rasa.close())


def test_a_client_id_seen_before_takes_the_careful_path(any_database, rasa):
    service = make_service(any_database, rasa)
    first = service._store_inbound("web", "s" * 20, "một", "same-id", {})
    again = service._store_inbound("web", "s" * 20, "một lần nữa", "same-id", {})
    assert again[2] and again[1].seq == first[1].seq and again[1].text == "một"
    with service.sessions() as session:
        assert session.get_one(Conversation, first[0].id).last_seq == 1  # the rolled-back try took no seq
    asyncio.run(service.rasa.close())


async def test_first_messages_racing_make_one_conversation(any_database, rasa):
    service = make_service(any_database, rasa)
    stored = await asyncio.gather(
        *(asyncio.to_thread(service._store_inbound, "api", "new-user", f"tin {i}", None, {}) for i in range(8))
    )
    assert len({conversation.id for conversation, _, _ in stored}) == 1
    assert sorted(inbound.seq for _, inbound, _ in stored) == list(range(1, 9))
    await service.rasa.close()


def test_a_conversation_awaiting_a_typed_answer_is_read_by_the_orm_path(any_database, rasa):
    service = make_service(any_database, rasa)
    conversation, inbound, _ = service._store_inbound("web", "a" * 20, "xin chào", None, {})
    handled = service._handle_here(conversation.id, inbound, None)
    plain, replies = handled.conversation, handled.replies
    assert replies is None and (plain.id, plain.mode, plain.channel) == (conversation.id, "bot", "web")
    # the gateway now waits for a phone number: a typed text is that answer, not a question for the bot
    service._store_bot_turn(
        conversation.id,
        inbound,
        [Draft("Số điện thoại ạ?", None, {"source": "system", "await": "callback_phone"})],
        "answered",
        None,
    )
    conversation, inbound, _ = service._store_inbound("web", "a" * 20, "0912 345 678", None, {})
    replies = service._handle_here(conversation.id, inbound, None).replies
    assert replies and replies[0].meta.get("await") == "callback_question"  # the number was taken
    with service.sessions() as session:
        session.get_one(Conversation, conversation.id).mode = "waiting"
        session.commit()
    assert service._handle_here(conversation.id, inbound, None).waiting
    asyncio.run(service.rasa.close())
