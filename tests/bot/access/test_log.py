"""The access log: one row per opening (repeats within five minutes are the same opening), read by page."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.access import log
from bot.access.models import AccessKind, ConversationAccess
from tests.bot.auth.helpers import add_user, sessions

NOW = datetime(2026, 12, 15, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(database_url):
    add_user(database_url, "lan", "volunteer")
    with sessions(database_url)() as session:
        yield session


def _open(db, conversation_id: int, at: datetime, user_id: int = 1) -> bool:
    return log.record(db, user_id, "lan", "volunteer", conversation_id, 7, AccessKind.TICKET_PAGE, now=at)


def test_a_repeat_within_five_minutes_is_the_same_opening(db):
    assert _open(db, 1, NOW) is True
    assert _open(db, 1, NOW + timedelta(minutes=4)) is False
    assert _open(db, 2, NOW + timedelta(minutes=4)) is True  # another conversation
    assert _open(db, 1, NOW + timedelta(minutes=5, seconds=1)) is True
    rows = db.scalars(select(ConversationAccess).order_by(ConversationAccess.id)).all()
    assert [(r.conversation_id, r.at.replace(tzinfo=timezone.utc)) for r in rows] == [
        (1, NOW),
        (2, NOW + timedelta(minutes=4)),
        (1, NOW + timedelta(minutes=5, seconds=1)),
    ]


def test_pages_are_newest_first_and_clamped(db):
    for i in range(120):
        _open(db, 1000 + i, NOW + timedelta(seconds=i))
    first = log.page(db, 1)
    assert (first.total, first.pages, len(first.rows)) == (120, 3, 50)
    assert first.rows[0].conversation_id == 1119
    last = log.page(db, 3)
    assert len(last.rows) == 20 and last.rows[-1].conversation_id == 1000
    assert log.page(db, 999).number == 3 and log.page(db, 0).number == 1


def test_an_empty_log_is_one_empty_page(db):
    assert log.page(db, 5) == log.AccessPage([], 1, 1, 0)


def test_purge_deletes_only_what_is_older_than_the_cutoff(db):
    for minutes in (0, 10, 20):
        _open(db, 1, NOW + timedelta(minutes=minutes))
    assert log.purge(db, NOW + timedelta(minutes=10)) == 1  # an opening at the cutoff itself is kept
    db.commit()
    assert log.page(db, 1).total == 2 and log.purge(db, NOW) == 0
