"""The conversation service: ordering, de-duplication, recovery after a crash."""

from __future__ import annotations

import asyncio

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.app import build_service, create_app
from bot.conversations.hub import Hub
from bot.conversations.models import Conversation, Message
from bot.conversations.rasa_client import RasaClient
from bot.conversations.service import ConversationService
from bot.db import make_engine, make_sessionmaker


def make_service(database_url: str, rasa) -> ConversationService:
    client = RasaClient(rasa.url, 3.0, 1.0)
    service, _handoff = build_service(
        make_sessionmaker(make_engine(database_url)), client, Hub(), 2000, lambda: {"ward_hours": "8h"}
    )
    return service


async def test_concurrent_messages_get_unique_ordered_seqs(database_url, rasa):
    service = make_service(database_url, rasa)
    turns = await asyncio.gather(*(service.receive("api", "same", f"tin {i}") for i in range(12)))
    seqs = sorted(s for t in turns for s in [t.inbound.seq, *(r.seq for r in t.replies)])
    assert seqs == list(range(1, 25))
    for turn in turns:  # each reply comes after the message it answers
        assert all(r.seq > turn.inbound.seq and r.reply_to == turn.inbound.seq for r in turn.replies)
    await service.rasa.close()


async def test_same_client_id_is_accepted_once(database_url, rasa):
    service = make_service(database_url, rasa)
    first = await service.receive("web", "w" * 20, "một", client_id="abc")
    again = await service.receive("web", "w" * 20, "một", client_id="abc")
    assert again.duplicate and again.inbound.seq == first.inbound.seq
    assert [r.seq for r in again.replies] == [r.seq for r in first.replies]
    assert len(rasa.received) == 1
    await service.rasa.close()


async def test_history_after_seq(database_url, rasa):
    service = make_service(database_url, rasa)
    turn = await service.receive("api", "h", "một")
    await service.receive("api", "h", "hai")
    history = await service.history(turn.conversation.id, 2)
    assert [(m.seq, m.direction) for m in history] == [(3, "in"), (4, "out")]
    await service.rasa.close()


async def test_hub_publishes_inbound_and_replies(database_url, rasa):
    service = make_service(database_url, rasa)
    queue = service.hub.subscribe(("web", "x" * 20))  # before the conversation exists: its first message creates it
    await service.receive("web", "x" * 20, "chào")
    frames = [queue.get_nowait(), queue.get_nowait()]
    assert [(f["direction"], f["seq"]) for f in frames] == [("in", 1), ("out", 2)]
    await service.rasa.close()


def test_message_left_unanswered_by_a_crash_is_answered_at_startup(settings, database_url, rasa):
    engine = create_engine(database_url)
    with Session(engine) as session:  # state a crash leaves: stored, never answered
        conversation = Conversation(channel="api", external_id="crashed", mode="bot", last_seq=1)
        session.add(conversation)
        session.flush()
        session.add(
            Message(conversation_id=conversation.id, seq=1, direction="in", text="còn đó không", meta={}, status="received")
        )
        session.commit()
    with TestClient(create_app(settings)):
        pass
    assert [r["message"] for r in rasa.received] == ["còn đó không"]
    with Session(engine) as session:
        messages = list(session.scalars(select(Message).order_by(Message.seq)))
    assert [(m.seq, m.direction, m.status) for m in messages] == [(1, "in", "answered"), (2, "out", "pending")]
