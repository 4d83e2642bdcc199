"""The handoff queue on real SQLite and PostgreSQL: order, limits, and claims that never collide."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.auth.models import User
from bot.clock import utcnow
from bot.conversations.models import Conversation
from bot.db import make_engine, make_sessionmaker
from bot.handoff import queue
from bot.handoff.models import Ticket, TicketEvent
from tests.support.database import migrate
from tests.support.postgres import postgres_schema


@pytest.fixture(params=["sqlite", "postgresql"])
def sessions(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'q.db'}"
        migrate(url)
        engine = make_engine(url)
        yield make_sessionmaker(engine)
        engine.dispose()
    else:
        with postgres_schema() as url:
            migrate(url)
            engine = make_engine(url)
            yield make_sessionmaker(engine)
            engine.dispose()


def add_conversations(sessions, n: int, reason: str = "request_human", start: int = 0) -> list[int]:
    with sessions() as session:
        ids = []
        for i in range(start, start + n):
            conversation = Conversation(channel="web", external_id=f"r{i:04d}", mode="bot", last_seq=0)
            session.add(conversation)
            session.flush()
            ticket, created = queue.open_ticket(session, conversation, reason)
            ticket.created_at = utcnow() + timedelta(milliseconds=i)  # a strict arrival order
            ids.append(ticket.id)
        session.commit()
        return ids


def add_volunteers(sessions, n: int) -> list[User]:
    with sessions() as session:
        users = [User(username=f"tnv{i}", password_hash="x", role="volunteer") for i in range(n)]
        session.add_all(users)
        session.commit()
        return users


def test_priority_then_first_come_first_served(sessions):
    normal = add_conversations(sessions, 2, "request_human")
    urgent = add_conversations(sessions, 1, "emergency", start=10)
    [volunteer] = add_volunteers(sessions, 1)
    order = []
    with sessions() as session:
        for _ in range(3):
            order.append(queue.claim(session, volunteer, limit=5).id)
            session.commit()
        assert queue.claim(session, volunteer, limit=5) is None  # queue empty
    assert order == urgent + normal


def test_one_open_ticket_per_conversation_and_escalation_raises_priority(sessions):
    [first] = add_conversations(sessions, 1, "misunderstood")
    with sessions() as session:
        conversation = session.scalar(select(Conversation))
        again, created = queue.open_ticket(session, conversation, "emergency")
        session.commit()
        assert not created and again.id == first and again.priority == 100
        assert conversation.mode == "waiting"


def test_per_volunteer_limit_release_transfer_resolve(sessions):
    tickets = add_conversations(sessions, 3)
    alice, bob = add_volunteers(sessions, 2)
    with sessions() as session:
        a1 = queue.claim(session, alice, limit=2)
        a2 = queue.claim(session, alice, limit=2)
        assert queue.claim(session, alice, limit=2) is None  # at her limit
        session.commit()
        assert session.get(Conversation, a1.conversation_id).mode == "human"
        queue.release(session, a1.id, alice)
        session.commit()
        assert session.get(Ticket, a1.id).status == "waiting" and queue.position(session, session.get(Ticket, a1.id)) == 1
        with pytest.raises(queue.TicketNotOpen):
            queue.resolve(session, a2.id, bob, "đã hướng dẫn xong")  # not his
        queue.transfer(session, a2.id, alice, bob)
        queue.resolve(session, a2.id, bob, "đã hướng dẫn xong")
        session.commit()
        closed = session.get(Ticket, a2.id)
        assert closed.status == "resolved" and closed.outcome == "đã hướng dẫn xong"
        assert session.get(Conversation, closed.conversation_id).mode == "bot"
        kinds = [
            e.kind for e in session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == a2.id).order_by(TicketEvent.id))
        ]
        assert kinds == ["created", "claimed", "transferred", "resolved"]
    assert sorted(tickets) == sorted({a1.id, a2.id} | set(tickets))


def test_abandon_and_expire_close_a_waiting_ticket(sessions):
    first, second = add_conversations(sessions, 2)
    with sessions() as session:
        queue.close_unattended(session, first, "abandoned")
        queue.close_unattended(session, second, "expired")
        session.commit()
        assert [t.status for t in session.scalars(select(Ticket).order_by(Ticket.id))] == ["abandoned", "expired"]
        with pytest.raises(queue.TicketNotOpen):
            queue.close_unattended(session, first, "expired")


def test_fifty_volunteers_claiming_at_once_never_collide_nor_skip(sessions):
    tickets = add_conversations(sessions, 30)
    volunteers = add_volunteers(sessions, 50)
    claimed: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(volunteers))

    def claim_one(volunteer: User) -> None:
        try:
            start.wait()
            with sessions() as session:
                ticket = queue.claim(session, volunteer, limit=1)
                session.commit()
                if ticket is not None:
                    claimed.append(ticket.id)
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=claim_one, args=(v,)) for v in volunteers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(claimed) == len(set(claimed)) == 30  # each ticket once, all of them
    assert sorted(claimed) == sorted(tickets)
    with sessions() as session:
        holders = [t.assigned_to for t in session.scalars(select(Ticket))]
        assert len(set(holders)) == 30 and all(h is not None for h in holders)


def test_queue_position(sessions):
    first, second, third = add_conversations(sessions, 3)
    with sessions() as session:
        assert [queue.position(session, session.get(Ticket, t)) for t in (first, second, third)] == [1, 2, 3]
