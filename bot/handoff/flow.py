"""The resident's side of a handoff, as units of work on one database session.

Each function changes tickets (through bot.handoff.queue) and returns the drafts to say about
it; the conversation router stores those drafts in the same transaction, so a ticket and the
message telling the resident about it are committed together or not at all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.auth.models import User
from bot.clock import utcnow
from bot.conversations.drafts import Draft, system_meta
from bot.conversations.models import Awaiting, Conversation, Mode
from bot.handoff import callback_phones, queue, texts
from bot.handoff.models import Callback, HandoffReason, Presence, Ticket, TicketStatus
from bot.handoff.schedule import Schedule, when
from bot.personal_numbers.kinds import Kind

PRESENCE_TTL = timedelta(seconds=60)
DEFAULT_HANDLE_MINUTES = 5.0  # until the ward has its own history of handled tickets
RECENT_TICKETS = 20
# Residents at or near the front hear every move; further back, every NOTICE_STEP places (each
# notice rings a phone, and one resident leaving, or one emergency going first, would otherwise
# message everyone behind).
NOTICE_EVERY_MOVE_FROM = 5
NOTICE_STEP = 5
MAX_QUESTION = 1000
MAX_COMMENT = 2000
_PHONE_JUNK = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^0\d{9,10}$")
_RATE = re.compile(r"^#rate:(\d{1,9}):([1-5]|skip|comment)$")
_CALLBACK = re.compile(r"^#callback:(?:yes:(\d{1,9})|(no)|skip)$")

AWAIT_PHONE = Awaiting.CALLBACK_PHONE
AWAIT_QUESTION = Awaiting.CALLBACK_QUESTION
AWAIT_COMMENT = Awaiting.RATING_COMMENT


def normalise_phone(text: str) -> str | None:
    """A Vietnamese phone number as 0xxxxxxxxx, or None; +84/84 prefixes and separators allowed."""
    digits = _PHONE_JUNK.sub("", text.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _PHONE.match(digits) else None


def volunteer_name(user: User) -> str:
    """How residents see a volunteer: the display name, else the user name."""
    return user.display_name or user.username


# -- the queue ------------------------------------------------------------------------


def volunteers_online(session: Session, now: datetime | None = None) -> int:
    """Volunteers whose console pinged within the last minute (tabs ping every 25 s)."""
    since = (now or utcnow()) - PRESENCE_TTL
    return session.scalar(select(func.count()).select_from(Presence).where(Presence.seen_at > since)) or 0


def estimate_minutes(session: Session, position: int, online: int) -> int:
    """Expected wait: position × recent average handling time ÷ volunteers on line (at least 1 minute)."""
    return wait_minutes(position, handle_minutes(session), online)


def beyond_max_wait(eta: int, max_wait_minutes: float | None) -> bool:
    """Whether an estimate promises more than the ward lets a resident wait (after which the ticket
    expires with a call-back offer anyway): such a promise would not be kept."""
    return max_wait_minutes is not None and eta > max_wait_minutes


def handle_minutes(session: Session) -> float:
    """The recent average time a volunteer spent on a ticket (a default until there is a history)."""
    rows = session.execute(
        select(Ticket.assigned_at, Ticket.closed_at)
        .where(Ticket.status == TicketStatus.RESOLVED, Ticket.assigned_at.is_not(None))
        .order_by(Ticket.closed_at.desc())
        .limit(RECENT_TICKETS)
    ).all()
    spans = [(closed - assigned).total_seconds() / 60 for assigned, closed in rows if closed and assigned]
    return sum(spans) / len(spans) if spans else DEFAULT_HANDLE_MINUTES


def wait_minutes(position: int, handle: float, online: int) -> int:
    return max(1, math.ceil(position * handle / max(online, 1)))


def escalate(
    session: Session,
    conversation: Conversation,
    reason: HandoffReason | str,
    schedule: Schedule,
    now: datetime,
    context: dict[str, Any] | None = None,
    network_cap: int = 0,
    max_wait_minutes: float | None = None,
) -> list[Draft]:
    """Puts the conversation in the queue (or, out of hours, records why and offers a call-back).

    With `max_wait_minutes`, a wait estimated beyond it is not promised: the ticket is recorded as expired
    and the resident is offered the call-back straight away, as they would be once that wait ran out.

    With a `network_cap`, a conversation whose network already has that many open tickets is not
    queued: the resident is told so, with the ward's hotline (an emergency has had the numbers already)."""
    if network_cap and conversation.network and queue.open_ticket_for(session, conversation.id) is None:
        if queue.open_on_network(session, conversation.network) >= network_cap:
            meta = system_meta(Mode.BOT, handoff=False, refused="network_cap")
            return [Draft(texts.NETWORK_BUSY, [texts.PERSON_BUTTON], meta)]  # to ask again once others are served
    ticket, _created = queue.open_ticket(session, conversation, reason, context=context)
    if not schedule.is_open(now):
        queue.close_unattended(session, ticket.id, TicketStatus.EXPIRED, actor="schedule")
        opening = schedule.next_opening(now)
        text = texts.OFF_HOURS.format(
            hours=schedule.describe(), next_opening=texts.NEXT_OPENING.format(when=when(opening)) if opening else ""
        )
        meta = system_meta(Mode.BOT, handoff=True, handoff_reason=reason, ticket_id=ticket.id, offer="callback")
        return [Draft(text, callback_buttons(ticket.id), meta)]
    position = queue.position(session, ticket)
    ticket.told_position = position
    online = volunteers_online(session, now)
    eta = estimate_minutes(session, position, online)
    # an emergency stays in the queue whatever the wait: it goes first, and a call-back later is no help
    if online and ticket.reason != HandoffReason.EMERGENCY and beyond_max_wait(eta, max_wait_minutes):
        queue.close_unattended(session, ticket.id, TicketStatus.EXPIRED, actor="estimate")
        meta = system_meta(Mode.BOT, handoff=True, handoff_reason=reason, ticket_id=ticket.id, offer="callback")
        return [Draft(texts.QUEUE_TOO_LONG, callback_buttons(ticket.id), meta)]
    template = texts.QUEUED if online else texts.QUEUED_NOBODY_ONLINE
    meta = system_meta(
        Mode.WAITING,
        handoff=True,
        handoff_reason=ticket.reason,
        ticket_id=ticket.id,
        queue={"position": position, "eta_minutes": eta},
    )
    return [Draft(template.format(position=position, eta=eta), [texts.CANCEL_BUTTON], meta)]


def worth_telling(told: int | None, place: int) -> bool:
    """Whether a resident last told `told` should now hear their new place."""
    if told is None:
        return True
    return told != place and (min(told, place) <= NOTICE_EVERY_MOVE_FROM or abs(told - place) >= NOTICE_STEP)


def position_updates(session: Session, max_wait_minutes: float | None = None) -> list[tuple[Ticket, Draft]]:
    """A notice for every waiting resident whose place in the queue changed enough since they were
    told (worth_telling).

    Runs after every change to the queue. A new ticket joins at the end and moves nobody, so the
    queue is read as (id, place told) pairs and only the tickets to tell are loaded (loading every
    waiting ticket each time grew with the queue: a tenth of the gateway's CPU per turn with a
    hundred waiting, `make bench`)."""
    waiting = session.execute(
        select(Ticket.id, Ticket.told_position)
        .where(Ticket.status == TicketStatus.WAITING)
        .order_by(Ticket.priority.desc(), Ticket.created_at, Ticket.id)
    ).all()
    moved = {ticket_id: place for place, (ticket_id, told) in enumerate(waiting, start=1) if worth_telling(told, place)}
    if not moved:
        return []
    online, handle = volunteers_online(session), handle_minutes(session)
    updates = []
    for ticket in sorted(session.scalars(select(Ticket).where(Ticket.id.in_(moved))), key=lambda t: moved[t.id]):
        place = ticket.told_position = moved[ticket.id]
        eta = wait_minutes(place, handle, online)
        if beyond_max_wait(eta, max_wait_minutes):  # a wait the ward will not let them wait: no such promise
            meta = system_meta(Mode.WAITING, ticket_id=ticket.id, queue={"position": place, "eta_minutes": None})
            text = texts.POSITION_NO_PROMISE.format(position=place)
        else:
            meta = system_meta(Mode.WAITING, ticket_id=ticket.id, queue={"position": place, "eta_minutes": eta})
            text = texts.POSITION.format(position=place, eta=eta)
        updates.append((ticket, Draft(text, [texts.CANCEL_BUTTON], meta)))
    return updates


def cancel(session: Session, conversation: Conversation) -> list[Draft]:
    """The resident no longer wants to wait: the ticket is abandoned, the bot answers again."""
    ticket = queue.open_ticket_for(session, conversation.id)
    if ticket is None:
        return [Draft(texts.NOTHING_TO_CANCEL, None, system_meta(conversation.mode))]
    if ticket.status == TicketStatus.ASSIGNED:
        return [Draft(texts.CANNOT_CANCEL, None, system_meta(Mode.HUMAN, ticket_id=ticket.id))]
    queue.close_unattended(session, ticket.id, TicketStatus.ABANDONED, actor="resident")
    return [Draft(texts.CANCELLED, None, system_meta(Mode.BOT, ticket_id=ticket.id))]


def expire_waiting(session: Session, older_than: datetime, schedule: Schedule, now: datetime) -> list[tuple[Ticket, Draft]]:
    """Closes tickets nobody claimed in time (or left when the shift ended) with a call-back offer."""
    stale = select(Ticket).where(Ticket.status == TicketStatus.WAITING)
    if schedule.is_open(now):
        stale = stale.where(Ticket.created_at < older_than)
    if session.get_bind().dialect.name == "postgresql":
        stale = stale.with_for_update(skip_locked=True)  # every instance runs this check: one closes each
    expired = []
    for ticket in session.scalars(stale).all():
        queue.close_unattended(session, ticket.id, TicketStatus.EXPIRED)
        meta = system_meta(Mode.BOT, ticket_id=ticket.id, offer="callback")
        expired.append((ticket, Draft(texts.NOBODY_CAME, callback_buttons(ticket.id), meta)))
    return expired


# -- what volunteers do, told to the resident -----------------------------------------


def claimed(ticket: Ticket, volunteer: User) -> Draft:
    """The resident learns who took their conversation (the name in meta too: the widget's status line shows it)."""
    name = volunteer_name(volunteer)
    return Draft(texts.CLAIMED.format(name=name), None, system_meta(Mode.HUMAN, ticket_id=ticket.id, volunteer=name))


def released(ticket: Ticket) -> Draft:
    """Back in the queue, keeping their place."""
    return Draft(texts.RELEASED, [texts.CANCEL_BUTTON], system_meta(Mode.WAITING, ticket_id=ticket.id))


def transferred(ticket: Ticket, to: User) -> Draft:
    """Another volunteer takes over."""
    name = volunteer_name(to)
    return Draft(texts.TRANSFERRED.format(name=name), None, system_meta(Mode.HUMAN, ticket_id=ticket.id, volunteer=name))


def resolved(ticket: Ticket) -> Draft:
    """The bot is back and asks for stars."""
    return Draft(texts.RESOLVED, texts.rating_buttons(ticket.id), system_meta(Mode.BOT, ticket_id=ticket.id, ask="rating"))


# -- call-backs and ratings: short exchanges the gateway holds itself ------------------


def callback_buttons(ticket_id: int) -> list[dict[str, str]]:
    """Leave a number, or not."""
    return [
        {"title": "Để lại số điện thoại", "payload": f"#callback:yes:{ticket_id}"},
        {"title": "Không cần", "payload": "#callback:no"},
    ]


def on_payload(
    session: Session,
    conversation: Conversation,
    payload: str,
    facts: dict[str, str],
    schedule: Schedule,
    max_wait_minutes: float | None = None,
    network_cap: int = 0,
) -> list[Draft] | None:
    """Handles a handoff, call-back or rating button; None if the payload is not one of those."""
    if payload == texts.CANCEL_BUTTON["payload"]:
        return cancel(session, conversation)
    if payload == texts.PERSON_BUTTON["payload"]:  # offered while the bot is unavailable: needs no bot
        return escalate(
            session,
            conversation,
            HandoffReason.REQUEST_HUMAN,
            schedule,
            utcnow(),
            network_cap=network_cap,
            max_wait_minutes=max_wait_minutes,
        )
    match = _CALLBACK.match(payload)
    if match:
        if match.group(2):
            return [Draft(texts.CALLBACK_DECLINED.format(**facts), None, system_meta(conversation.mode))]
        if match.group(1) is None:  # "skip" the question: the number is already on the list
            return [Draft(texts.CALLBACK_SAVED.format(hours=schedule.describe()), None, system_meta(conversation.mode))]
        ticket = session.get(Ticket, int(match.group(1)))
        if ticket is None or ticket.conversation_id != conversation.id:
            return [Draft(texts.STALE_BUTTON, None, system_meta(conversation.mode))]
        meta = system_meta(conversation.mode, ticket_id=ticket.id, **{"await": AWAIT_PHONE})
        return [Draft(texts.ASK_PHONE, [texts.SKIP_BUTTON], meta)]
    match = _RATE.match(payload)
    if match:
        ticket = session.get(Ticket, int(match.group(1)))
        if ticket is None or ticket.conversation_id != conversation.id or ticket.status != TicketStatus.RESOLVED:
            return [Draft(texts.STALE_BUTTON, None, system_meta(conversation.mode))]
        if match.group(2) == "skip":
            return [Draft(texts.THANKS_RATING, None, system_meta(conversation.mode, ticket_id=ticket.id))]
        if match.group(2) == "comment":
            meta = system_meta(conversation.mode, ticket_id=ticket.id, **{"await": AWAIT_COMMENT})
            return [Draft(texts.WRITE_COMMENT, [texts.skip_comment_button(ticket.id)], meta)]
        ticket.rating, ticket.rated_at = int(match.group(2)), utcnow()
        meta = system_meta(conversation.mode, ticket_id=ticket.id)
        return [Draft(texts.ASK_COMMENT.format(stars=ticket.rating), [texts.comment_button(ticket.id)], meta)]
    return None


def on_awaited_text(
    session: Session, conversation: Conversation, text: str, facts: dict[str, str], schedule: Callable[[], Schedule]
) -> list[Draft] | None:
    """Takes a typed phone number, call-back question or rating comment; None to let the bot answer.

    The phone number comes as typed (Features.awaited(as_typed=True)) and is kept apart
    (callback_phones); the question and the comment come masked, as stored.
    The schedule is loaded only if needed: this runs before every ordinary message reaches the bot."""
    kind, ref = conversation.awaiting, conversation.awaiting_ref
    mode = conversation.mode
    if kind == AWAIT_PHONE:
        # only the masked text is left (the gateway restarted before answering): ask again
        if not any(ch.isdigit() for ch in text) and Kind.PHONE.label not in text:
            return None  # a new question instead of a number: the bot answers it
        phone = normalise_phone(text)
        if phone is None:
            meta = system_meta(mode, ticket_id=ref, **{"await": AWAIT_PHONE})
            return [Draft(texts.BAD_PHONE, [texts.SKIP_BUTTON], meta)]
        ticket = session.get(Ticket, ref or 0)
        callback = Callback(
            conversation_id=conversation.id,
            ticket_id=ticket.id if ticket else None,
            reason=ticket.reason if ticket else HandoffReason.REQUEST_HUMAN,
            status="open",
        )
        session.add(callback)
        session.flush()
        callback_phones.keep(session, callback, phone)
        meta = system_meta(mode, callback_id=callback.id, **{"await": AWAIT_QUESTION})
        return [Draft(texts.ASK_QUESTION, [texts.SKIP_QUESTION_BUTTON], meta)]
    if kind == AWAIT_QUESTION:
        asked = session.get(Callback, ref or 0)
        if asked is not None and asked.conversation_id == conversation.id:
            asked.question = text[:MAX_QUESTION]
        # callback_id: the console's call-back page refreshes when a message names one
        meta = system_meta(mode, callback_id=ref) if asked is not None else system_meta(mode)
        return [Draft(texts.CALLBACK_SAVED.format(hours=schedule().describe()), None, meta)]
    if kind == AWAIT_COMMENT:
        ticket = session.get(Ticket, ref or 0)
        if ticket is not None and ticket.conversation_id == conversation.id:
            ticket.rating_comment = text[:MAX_COMMENT]
        return [Draft(texts.THANKS_COMMENT, None, system_meta(mode))]
    return None
