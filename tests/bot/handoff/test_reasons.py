"""Handoff reasons: one enum, one priority each, and an unknown reason refused (never a silent default)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.conversations.models import Conversation, Mode
from bot.db import make_engine, make_sessionmaker
from bot.handoff import queue
from bot.handoff.models import PRIORITY, HandoffReason, Ticket, TicketStatus, UnknownHandoffReason
from tests.support.database import migrate


def test_every_reason_has_a_priority_and_emergencies_go_first():
    assert set(PRIORITY) == set(HandoffReason)
    assert max(HandoffReason, key=lambda reason: reason.priority) is HandoffReason.EMERGENCY


def test_reasons_keep_their_stored_strings():
    assert HandoffReason.parse("thumbs_down") is HandoffReason.THUMBS_DOWN
    assert HandoffReason.REQUEST_HUMAN == "request_human" and TicketStatus.WAITING == "waiting" and Mode.BOT == "bot"


@pytest.mark.parametrize("reason", ["made_up", "", "EMERGENCY", None, 40])
def test_an_unknown_reason_is_rejected(reason):
    with pytest.raises(UnknownHandoffReason) as raised:
        HandoffReason.parse(reason)
    assert repr(reason) in str(raised.value) and "request_human" in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_the_queue_refuses_an_unknown_reason_and_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    migrate(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        conversation = Conversation(channel="web", external_id="r-unknown", mode=Mode.BOT, last_seq=0)
        session.add(conversation)
        session.flush()
        with pytest.raises(UnknownHandoffReason):
            queue.open_ticket(session, conversation, "made_up")
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0
        assert session.get_one(Conversation, conversation.id).mode == Mode.BOT
        ticket, created = queue.open_ticket(session, conversation, "complaint")
        assert created and ticket.reason is HandoffReason.COMPLAINT and ticket.priority == 50
        session.commit()
    with sessions() as session:  # read back as enum members
        stored = session.scalars(select(Ticket)).one()
        assert stored.reason is HandoffReason.COMPLAINT and stored.status is TicketStatus.WAITING
        assert session.get_one(Conversation, stored.conversation_id).mode is Mode.WAITING
    engine.dispose()
