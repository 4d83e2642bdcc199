"""Call-back phone numbers: read with a record of who read them, deleted after the call-back plus a period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.auth.models import User
from bot.conversations.models import Conversation
from bot.handoff import callback_phones
from bot.handoff.models import Callback, CallbackPhone, CallbackPhoneRead
from tests.bot.auth.helpers import sessions

NOW = datetime(2026, 12, 11, 9, 0, tzinfo=UTC)


def callback(session, status: str, handled_days_ago: float | None, phone: str) -> Callback:
    conversation = Conversation(channel="api", external_id=f"c-{phone}", mode="bot", last_seq=0)
    session.add(conversation)
    session.flush()
    handled = NOW - timedelta(days=handled_days_ago) if handled_days_ago is not None else None
    row = Callback(conversation_id=conversation.id, reason="request_human", status=status, handled_at=handled)
    session.add(row)
    session.flush()
    callback_phones.keep(session, row, phone)
    return row


def test_purge_deletes_numbers_of_call_backs_closed_longer_ago_than_the_period(any_database):
    with sessions(any_database)() as session:
        old_done = callback(session, "done", 8, "0901000001")
        old_unreachable = callback(session, "unreachable", 30, "0901000002")
        recent_done = callback(session, "done", 6, "0901000003")
        still_open = callback(session, "open", None, "0901000004")
        session.commit()
        assert callback_phones.purge_callback_phones(session, NOW) == 2  # default: 7 days
        session.commit()
        left = set(session.scalars(select(CallbackPhone.callback_id)))
        assert left == {recent_done.id, still_open.id}
        assert {old_done.id, old_unreachable.id} <= set(session.scalars(select(Callback.id)))  # the call-backs stay
        assert callback_phones.purge_callback_phones(session, NOW, keep=timedelta(days=1)) == 1
        session.commit()
        assert set(session.scalars(select(CallbackPhone.callback_id))) == {still_open.id}


def test_every_read_is_recorded_and_a_deleted_number_reads_as_none(any_database):
    with sessions(any_database)() as session:
        lan = User(username="lan", password_hash="x", role="volunteer")
        session.add(lan)
        row = callback(session, "done", 10, "0901000009")
        session.commit()
        assert callback_phones.read(session, row.id, lan) == "0901000009"
        session.commit()
        [read] = session.scalars(select(CallbackPhoneRead)).all()
        assert (read.callback_id, read.user_id, read.username) == (row.id, lan.id, "lan")
        assert (read.ticket_id, read.conversation_id) == (row.ticket_id, row.conversation_id)  # its own ids
        callback_phones.purge_callback_phones(session, NOW)
        session.commit()
        assert callback_phones.read(session, row.id, lan) is None
        session.commit()
        assert len(session.scalars(select(CallbackPhoneRead)).all()) == 1  # nothing read, nothing recorded; the record stays
