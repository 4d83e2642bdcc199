"""The record of phone numbers revealed: pages newest first, filtered by reader and Việt Nam day, purged."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.handoff import phone_reads
from bot.handoff.models import Callback
from bot.handoff.phone_reads import ReadFilter
from tests.bot.auth.helpers import add_user, sessions
from tests.bot.handoff.phone_read_rows import a_call_back, a_read

# 16:30 UTC on 14 December is 23:30 in Việt Nam; 17:30 UTC is already 00:30 on the 15th there
LATE_ON_THE_14TH = datetime(2026, 12, 14, 16, 30, tzinfo=UTC)
EARLY_ON_THE_15TH = datetime(2026, 12, 14, 17, 30, tzinfo=UTC)


@pytest.fixture
def recorded(any_database):
    """hoa read one number twice, minh another once (the second one's call-back has no ticket)."""
    hoa, minh = add_user(any_database, "hoa", "volunteer"), add_user(any_database, "minh", "volunteer")
    with sessions(any_database)() as session:
        first, second = a_call_back(session, "c-1"), a_call_back(session, "c-2", with_ticket=False)
        a_read(session, first, hoa, "hoa", LATE_ON_THE_14TH)
        a_read(session, first, hoa, "hoa", EARLY_ON_THE_15TH)
        a_read(session, second, minh, "minh", EARLY_ON_THE_15TH + timedelta(hours=1))
        session.commit()
        yield session, hoa, minh, first, second


def test_newest_first_naming_the_call_back_its_ticket_and_conversation(recorded):
    session, _hoa, _minh, first, second = recorded
    shown = phone_reads.page(session, 1)
    assert (shown.total, shown.pages, shown.number) == (3, 1, 1)
    assert [(r.username, r.callback_id, r.ticket_id) for r in shown.rows] == [
        ("minh", second.id, None),
        ("hoa", first.id, first.ticket_id),
        ("hoa", first.id, first.ticket_id),
    ]
    assert shown.rows[1].conversation_id == first.conversation_id and first.ticket_id is not None
    assert not any("0901234567" in repr(row) for row in shown.rows)  # never the number


def test_filtered_by_reader_and_by_vietnam_days(recorded):
    session, hoa, minh, _first, _second = recorded
    assert phone_reads.page(session, 1, ReadFilter(user_id=minh)).total == 1
    assert phone_reads.page(session, 1, ReadFilter(user_id=hoa)).total == 2
    assert phone_reads.page(session, 1, ReadFilter(user_id=999)).total == 0
    on_the_14th = phone_reads.page(session, 1, ReadFilter(first=date(2026, 12, 14), last=date(2026, 12, 14)))
    assert [r.at.replace(tzinfo=UTC) for r in on_the_14th.rows] == [LATE_ON_THE_14TH]
    from_the_15th = phone_reads.page(session, 1, ReadFilter(user_id=hoa, first=date(2026, 12, 15)))
    assert [r.at.replace(tzinfo=UTC) for r in from_the_15th.rows] == [EARLY_ON_THE_15TH]
    assert phone_reads.readers(session) == [(hoa, "hoa"), (minh, "minh")]


def test_pages_are_clamped(any_database):
    lan = add_user(any_database, "lan", "volunteer")
    with sessions(any_database)() as session:
        call_back = a_call_back(session, "c-many")
        for i in range(120):
            a_read(session, call_back, lan, "lan", LATE_ON_THE_14TH + timedelta(seconds=i))
        session.commit()
        first, last = phone_reads.page(session, 1), phone_reads.page(session, 3)
        assert (first.pages, len(first.rows), len(last.rows)) == (3, 50, 20)
        assert first.rows[0].at.replace(tzinfo=UTC) == LATE_ON_THE_14TH + timedelta(seconds=119)
        assert phone_reads.page(session, 999).number == 3 and phone_reads.page(session, 0).number == 1
        assert phone_reads.page(session, 1, ReadFilter(user_id=lan + 1)) == phone_reads.ReadPage([], 1, 1, 0)


def test_purge_deletes_only_reads_older_than_the_cutoff(recorded):
    session, *_ = recorded
    assert phone_reads.purge(session, EARLY_ON_THE_15TH) == 1  # a read at the cutoff itself is kept
    session.commit()
    assert phone_reads.page(session, 1).total == 2 and phone_reads.purge(session, EARLY_ON_THE_15TH) == 0


def test_the_reads_outlive_the_erasure_of_their_conversation(recorded):
    """An audit record: erasing the conversation (on request or by retention) deletes its call-back, and the
    reads stay, naming the call-back, ticket and conversation by the ids they recorded."""
    from bot.privacy.erasure import erase

    session, _hoa, _minh, first, second = recorded
    ids = (first.id, first.ticket_id, first.conversation_id)
    assert erase(session, first.conversation_id, datetime.now(UTC)) is not None
    session.commit()
    session.expire_all()
    assert session.get(Callback, ids[0]) is None  # the call-back and its number went with the conversation
    shown = phone_reads.page(session, 1)
    assert shown.total == 3
    assert [(r.callback_id, r.ticket_id, r.conversation_id, r.erased) for r in shown.rows] == [
        (second.id, None, second.conversation_id, False),
        (*ids, True),
        (*ids, True),
    ]
    assert phone_reads.readers(session) == [(_hoa, "hoa"), (_minh, "minh")]
    assert phone_reads.purge(session, EARLY_ON_THE_15TH + timedelta(hours=2)) == 3  # until the period ends
