"""No nightly gap: a shift to 24:00 followed by one from 00:00 keeps the queue open across midnight, Việt Nam time.

Before the editor offered 24:00, "all day" ended at 23:59 and expire_waiting closed the queue for that minute
every night, expiring every waiting ticket.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.conversations.models import Conversation
from bot.db import make_engine, make_sessionmaker
from bot.handoff import flow
from bot.handoff.models import Ticket, TicketStatus
from bot.handoff.schedule import Schedule
from tests.support.database import migrate

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_WAIT = timedelta(minutes=10)
# Monday 18:00–24:00, then Tuesday 00:00–08:00 (2026-11-23 is a Monday)
NIGHT = Schedule(((0, "18:00", "24:00"), (1, "00:00", "08:00")), frozenset())
BEFORE_MIDNIGHT = datetime(2026, 11, 23, 23, 59, 30, tzinfo=HCM)
AFTER_MIDNIGHT = datetime(2026, 11, 24, 0, 0, 30, tzinfo=HCM)


def test_the_queue_stays_open_across_midnight():
    assert NIGHT.is_open(BEFORE_MIDNIGHT)
    assert NIGHT.is_open(datetime(2026, 11, 24, 0, 0, 0, tzinfo=HCM))
    assert NIGHT.is_open(AFTER_MIDNIGHT)
    assert not NIGHT.is_open(datetime(2026, 11, 24, 8, 0, 0, tzinfo=HCM))  # the night shift ends


def test_a_shift_saved_as_2359_means_midnight():
    """Rows the time picker saved as 23:59 do not close the queue in the last minute of the day."""
    old = Schedule(((0, "00:00", "23:59"), (1, "00:00", "23:59")), frozenset())
    assert old.is_open(BEFORE_MIDNIGHT)
    assert old.is_open(datetime(2026, 11, 23, 23, 59, 59, tzinfo=HCM))
    assert old.is_open(AFTER_MIDNIGHT)
    assert old.describe() == "Thứ Hai cả ngày; Thứ Ba cả ngày"


@pytest.fixture
def session(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate(url)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


def waiting_since(session, moment: datetime) -> Ticket:
    conversation = Conversation(channel="web", external_id="bac-nam", mode="waiting", last_seq=0)
    session.add(conversation)
    session.flush()
    ticket, _ = flow.queue.open_ticket(session, conversation, "request_human")
    ticket.created_at = moment
    session.flush()
    return ticket


@pytest.mark.parametrize("ends", ["24:00", "23:59"])
def test_a_waiting_ticket_is_not_expired_at_midnight(session, ends):
    schedule = Schedule(((0, "18:00", ends), (1, "00:00", "08:00")), frozenset())
    ticket = waiting_since(session, datetime(2026, 11, 23, 23, 58, tzinfo=HCM))
    for now in (BEFORE_MIDNIGHT, datetime(2026, 11, 24, 0, 0, tzinfo=HCM), AFTER_MIDNIGHT):
        assert flow.expire_waiting(session, now - MAX_WAIT, schedule, now) == []
    assert session.get(Ticket, ticket.id).status == TicketStatus.WAITING
    # the maximum wait still applies after midnight
    later = datetime(2026, 11, 24, 0, 9, tzinfo=HCM)
    assert len(flow.expire_waiting(session, later - MAX_WAIT, schedule, later)) == 1
