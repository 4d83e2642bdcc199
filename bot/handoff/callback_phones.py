"""The phone numbers residents leave for a call-back: kept apart, every read recorded, deleted in time.

The conversation keeps the resident's message masked (bot/personal_numbers/masking.py); the number itself,
taken as typed in the call-back step (bot/handoff/flow.py), lives only in handoff_callback_phones. The
call-back page shows it to a volunteer who asks for it, and records who read it and when; once the
call-back is done (or the resident could not be reached) and `keep` has passed, a scheduled job's
purge_callback_phones() deletes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.auth.models import User
from bot.handoff.models import Callback, CallbackPhone, CallbackPhoneRead

DEFAULT_KEEP = timedelta(days=7)  # settings.callback_phone_keep_days
CLOSED = ("done", "unreachable")


def keep(session: Session, callback: Callback, phone: str) -> None:
    """Keeps the number of a call-back (flushed: the callback has its id)."""
    session.add(CallbackPhone(callback_id=callback.id, phone=phone))


def read(session: Session, callback_id: int, reader: User) -> str | None:
    """The number of a call-back for a volunteer who asked to see it, the read recorded (the caller
    commits); None if the call-back has none (any more)."""
    found = session.execute(
        select(CallbackPhone.phone, Callback.ticket_id, Callback.conversation_id)
        .join(Callback, Callback.id == CallbackPhone.callback_id)
        .where(CallbackPhone.callback_id == callback_id)
    ).first()
    if found is None:
        return None
    phone, ticket_id, conversation_id = found
    # the call-back, ticket and conversation as plain numbers: the record outlives their erasure
    session.add(
        CallbackPhoneRead(
            callback_id=callback_id,
            ticket_id=ticket_id,
            conversation_id=conversation_id,
            user_id=reader.id,
            username=reader.username,
        )
    )
    return str(phone)


def has_phone(session: Session, callback_ids: list[int]) -> set[int]:
    """Which of these call-backs still have a number."""
    if not callback_ids:
        return set()
    return set(session.scalars(select(CallbackPhone.callback_id).where(CallbackPhone.callback_id.in_(callback_ids))))


def purge_callback_phones(session: Session, now: datetime, keep: timedelta = DEFAULT_KEEP) -> int:
    """Deletes the numbers of call-backs closed (done or unreachable) more than `keep` ago; how many.
    For a scheduled job (the caller commits); the reads' record stays (also when the call-back is erased
    with its conversation), until the access log's period (bot/handoff/phone_reads.py)."""
    closed = select(Callback.id).where(Callback.status.in_(CLOSED), Callback.handled_at < now - keep)
    result = session.execute(delete(CallbackPhone).where(CallbackPhone.callback_id.in_(closed)))
    return int(getattr(result, "rowcount", 0) or 0)
