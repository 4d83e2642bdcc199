"""Pieces of the resident's side of a handoff: phone numbers, who is on line, the wait estimate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.auth.models import User
from bot.clock import utcnow
from bot.conversations.models import Conversation
from bot.db import make_engine, make_sessionmaker
from bot.handoff import flow
from bot.handoff.models import Presence, Ticket
from bot.handoff.schedule import Schedule
from tests.support.database import migrate


@pytest.mark.parametrize(
    "typed, phone",
    [
        ("0901234567", "0901234567"),
        ("090 123 4567", "0901234567"),
        ("+84 901.234.567", "0901234567"),
        ("84901234567", "0901234567"),
        ("028-3829-1234", "02838291234"),  # a landline, 11 digits
        ("12345", None),
        ("090123456", None),
        ("số tôi là 0901234567", None),
        ("", None),
    ],
)
def test_phone_numbers(typed, phone):
    assert flow.normalise_phone(typed) == phone


@pytest.fixture
def session(tmp_path):
    url = f"sqlite:///{tmp_path / 'f.db'}"
    migrate(url)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


def add_user(session, name: str) -> User:
    user = User(username=name, display_name="", password_hash="x", role="volunteer")
    session.add(user)
    session.flush()
    return user


def test_presence_counts_for_a_minute(session):
    now = utcnow()
    fresh, stale = add_user(session, "a"), add_user(session, "b")
    session.add_all(
        [
            Presence(user_id=fresh.id, seen_at=now - timedelta(seconds=20)),
            Presence(user_id=stale.id, seen_at=now - timedelta(seconds=90)),
        ]
    )
    session.flush()
    assert flow.volunteers_online(session, now) == 1


def test_wait_estimate_uses_recent_handling_times(session):
    assert flow.estimate_minutes(session, 2, 1) == 2 * flow.DEFAULT_HANDLE_MINUTES
    conversation = Conversation(channel="web", external_id="x", mode="bot", last_seq=0)
    session.add(conversation)
    session.flush()
    now = utcnow()
    for minutes in (2, 4):  # 3 minutes on average
        session.add(
            Ticket(
                conversation_id=conversation.id,
                channel="web",
                reason="request_human",
                priority=40,
                status="resolved",
                assigned_at=now - timedelta(minutes=minutes),
                closed_at=now,
            )
        )
    session.flush()
    assert flow.estimate_minutes(session, 2, 1) == 6
    assert flow.estimate_minutes(session, 2, 3) == 2  # three volunteers share the queue
    assert flow.estimate_minutes(session, 1, 10) == 1  # never "0 minutes"


def waiting_ticket(session, name: str, told: int | None) -> Ticket:
    conversation = Conversation(channel="web", external_id=name, mode="waiting", last_seq=0)
    session.add(conversation)
    session.flush()
    ticket, _ = flow.queue.open_ticket(session, conversation, "request_human")
    ticket.told_position = told
    session.flush()
    return ticket


def test_only_residents_whose_place_changed_are_told(session):
    first, second, third = (waiting_ticket(session, name, told) for name, told in (("a", 1), ("b", 2), ("c", 3)))
    assert flow.position_updates(session) == []  # everyone knows their place
    fourth = waiting_ticket(session, "d", None)  # not yet told: only they hear
    assert [(t.id, d.meta["queue"]["position"]) for t, d in flow.position_updates(session)] == [(fourth.id, 4)]
    flow.queue.close_unattended(session, first.id, "abandoned")
    updates = flow.position_updates(session)
    assert [(t.id, d.meta["queue"]) for t, d in updates] == [
        (second.id, {"position": 1, "eta_minutes": 5}),
        (third.id, {"position": 2, "eta_minutes": 10}),
        (fourth.id, {"position": 3, "eta_minutes": 15}),
    ]
    assert "vị trí số 1" in updates[0][1].text
    assert [t.told_position for t in (second, third, fourth)] == [1, 2, 3]
    assert flow.position_updates(session) == []


def test_residents_far_back_hear_every_fifth_place(session):
    tickets = [waiting_ticket(session, f"r{i}", i) for i in range(1, 13)]
    flow.queue.close_unattended(session, tickets[0].id, "abandoned")
    told = {t.id: d.meta["queue"]["position"] for t, d in flow.position_updates(session)}
    # the first five hear their new place; those further back moved one place and wait for more news
    assert told == {t.id: place for place, t in enumerate(tickets[1:6], start=1)}
    for ticket in tickets[1:5]:
        flow.queue.close_unattended(session, ticket.id, "abandoned")
    told = {t.id: d.meta["queue"]["position"] for t, d in flow.position_updates(session)}
    # the 7th to 11th in the original queue have now moved five places since they were told
    assert told == {t.id: place for place, t in enumerate(tickets[5:12], start=1)}
    assert flow.position_updates(session) == []
    # an emergency goes first: everyone moves back one place; only those near the front hear it
    urgent = Conversation(channel="web", external_id="urgent", mode="waiting", last_seq=0)
    session.add(urgent)
    session.flush()
    flow.queue.open_ticket(session, urgent, "emergency")
    told = {t.id: d.meta["queue"]["position"] for t, d in flow.position_updates(session)}
    near_front = {t.id: place for place, t in enumerate(tickets[5:12], start=2) if place <= 6}
    assert {tid: place for tid, place in told.items() if tid != urgent.id} == near_front


@pytest.mark.parametrize(
    "told, place, tell",
    [
        (None, 9, True),
        (3, 3, False),
        (3, 2, True),
        (5, 6, True),
        (6, 5, True),
        (12, 11, False),
        (12, 7, True),
        (7, 8, False),
        (7, 12, True),
    ],
)
def test_which_moves_are_worth_telling(told, place, tell):
    assert flow.worth_telling(told, place) is tell


def escalate_one_more(session, name: str, reason: str, max_wait: float | None):
    """A resident asking for a person with one volunteer on line and two residents already waiting."""
    conversation = Conversation(channel="web", external_id=name, mode="bot", last_seq=0)
    session.add(conversation)
    session.flush()
    always = Schedule((), frozenset(), always_open=True)
    return conversation, flow.escalate(session, conversation, reason, always, utcnow(), max_wait_minutes=max_wait)


@pytest.fixture
def busy(session):
    """Two waiting, one volunteer on line, 5 minutes a ticket: a third resident would wait 15 minutes."""
    session.add(Presence(user_id=add_user(session, "vol").id, seen_at=utcnow()))
    for name in ("a", "b"):
        waiting_ticket(session, name, None)
    return session


def test_a_wait_beyond_the_maximum_is_not_promised_the_call_back_is_offered(busy):
    conversation, [offer] = escalate_one_more(busy, "c", "request_human", max_wait=10)
    assert "vị trí" not in offer.text and "phút" not in offer.text and "số điện thoại" in offer.text
    ticket_id = offer.meta["ticket_id"]
    assert [b["payload"] for b in offer.buttons or []] == [f"#callback:yes:{ticket_id}", "#callback:no"]
    assert offer.meta["offer"] == "callback" and offer.meta["mode"] == "bot"
    ticket = busy.get_one(Ticket, ticket_id)
    assert ticket.status == "expired"  # not left in the queue to expire after the promise
    assert conversation.mode == "bot"


def test_a_wait_within_the_maximum_is_told_with_its_place(busy):
    _, [queued] = escalate_one_more(busy, "c", "request_human", max_wait=15)
    assert queued.meta["queue"] == {"position": 3, "eta_minutes": 15}
    assert "vị trí số 3" in queued.text and "khoảng 15 phút" in queued.text


def test_an_emergency_is_queued_whatever_the_estimate(busy):
    busy.add(
        Ticket(
            conversation_id=busy.get_one(Ticket, 1).conversation_id,
            channel="web",
            reason="request_human",
            priority=40,
            status="resolved",
            assigned_at=utcnow() - timedelta(minutes=30),
            closed_at=utcnow(),
        )
    )  # a volunteer took half an hour: even the front of the queue is beyond 10 minutes
    busy.flush()
    _, [queued] = escalate_one_more(busy, "urgent", "emergency", max_wait=10)
    assert queued.meta["queue"]["position"] == 1 and queued.meta["queue"]["eta_minutes"] > 10


def test_a_new_place_never_promises_a_wait_beyond_the_maximum(session):
    first, second, third = (waiting_ticket(session, name, told) for name, told in (("a", 1), ("b", 2), ("c", 3)))
    flow.queue.close_unattended(session, first.id, "abandoned")
    updates = {t.id: d for t, d in flow.position_updates(session, max_wait_minutes=6)}
    assert updates[second.id].meta["queue"] == {"position": 1, "eta_minutes": 5}  # 5 minutes: within it
    assert updates[third.id].meta["queue"] == {"position": 2, "eta_minutes": None}  # 10 minutes: not promised
    assert "phút" not in updates[third.id].text and "gọi lại" in updates[third.id].text
