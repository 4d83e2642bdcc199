"""/console's pages: the live queue, one conversation, and the call-backs to make."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select, true

from bot.access import log as access_log
from bot.access.models import AccessKind
from bot.admin.templating import render
from bot.auth.deps import DbSession
from bot.auth.models import User
from bot.clock import utcnow
from bot.console.depends import ON_EVERY_ROUTE, VolunteerDesk, VolunteerUser
from bot.console.desk import DeskError, question_of, readable_until, visible
from bot.console.labels import CALLBACK_STATUSES, CHANNELS, OUTCOMES, REASONS, STATUSES
from bot.conversations.models import Conversation, Message
from bot.handoff import callback_phones
from bot.handoff.models import Callback, Ticket, TicketEvent, TicketStatus
from bot.strict_numbers import PathId

HISTORY_LIMIT = 300
router = APIRouter(prefix="/console", dependencies=ON_EVERY_ROUTE, include_in_schema=False)


@router.get("")
@router.get("/")
def queue_page(request: Request, user: VolunteerUser, desk: VolunteerDesk) -> Response:
    """The live queue and the conversations the volunteer holds (filled by console.js)."""
    return render(request, "console/queue.html", {"active": "queue", "max_open": desk.max_open})


@router.get("/tickets/{ticket_id}")
def ticket_page(request: Request, db: DbSession, user: VolunteerUser, ticket_id: PathId) -> Response:
    """One conversation: everything said (bot included), reason, channel, earlier help, notes."""
    try:
        ticket = visible(db, ticket_id, user)
    except DeskError as refused:
        return render(request, "admin/forbidden.html", {"message": refused.message}, status_code=403)
    conversation = db.get_one(Conversation, ticket.conversation_id)
    until = readable_until(ticket, user)  # a volunteer's ended ticket: nothing said after its end
    messages = list(
        db.scalars(
            select(Message)
            .where(Message.conversation_id == conversation.id, Message.created_at <= until if until else true())
            .order_by(Message.seq.desc())
            .limit(HISTORY_LIMIT)
        )
    )[::-1]
    earlier = list(
        db.scalars(
            select(Ticket)
            .where(
                Ticket.conversation_id == conversation.id,
                Ticket.id != ticket.id,
                Ticket.created_at <= until if until else true(),
            )
            .order_by(Ticket.created_at.desc())
        )
    )
    notes = list(
        db.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "note").order_by(TicketEvent.id)
        )
    )
    names = {uid: name for uid, name in db.execute(select(User.id, User.display_name))}
    colleagues = list(
        db.scalars(
            select(User)
            .where(User.role.in_(("volunteer", "admin")), User.is_active.is_(True), User.id != user.id)
            .order_by(User.username)
        )
    )
    question = question_of(db, ticket, until)
    asking = question.text if question else ""
    access_log.record(db, user.id, user.username, user.role, conversation.id, ticket.id, AccessKind.TICKET_PAGE)
    db.commit()
    return render(
        request,
        "console/ticket.html",
        {
            "active": "queue",
            "ticket": ticket,
            "conversation": conversation,
            "messages": messages,
            "earlier": earlier,
            "notes": notes,
            "names": names,
            "colleagues": colleagues,
            "asking": asking,
            "last_seq": messages[-1].seq if until and messages else conversation.last_seq,
            "REASONS": REASONS,
            "CHANNELS": CHANNELS,
            "OUTCOMES": OUTCOMES,
            "STATUSES": STATUSES,
            "held": ticket.status == TicketStatus.ASSIGNED,
        },
    )


@router.get("/callbacks")
def callbacks_page(request: Request, db: DbSession, user: VolunteerUser, status: str = "open", msg: str = "") -> Response:
    """Residents who left a phone number: call them, then mark done or unreachable. The numbers are
    hidden until a volunteer asks to see one (each read recorded: show_phone)."""
    return _callbacks_page(request, db, status, msg, {})


@router.post("/callbacks/{callback_id}/phone")
def show_phone(request: Request, db: DbSession, user: VolunteerUser, callback_id: PathId) -> Response:
    """Shows one call-back's number to the volunteer who will call, recording who read it and when."""
    row = db.get(Callback, callback_id)
    phone = callback_phones.read(db, callback_id, user) if row is not None else None
    db.commit()
    if row is None or phone is None:
        return RedirectResponse("/console/callbacks?msg=gone", status_code=303)
    return _callbacks_page(request, db, row.status, "", {callback_id: phone})


def _callbacks_page(request: Request, db: DbSession, status: str, msg: str, revealed: dict[int, str]) -> Response:
    status = status if status in CALLBACK_STATUSES else "open"
    rows = list(db.scalars(select(Callback).where(Callback.status == status).order_by(Callback.created_at).limit(500)))
    notice = {
        "saved": "Đã cập nhật.",
        "stale": "Yêu cầu này đã được người khác cập nhật.",
        "gone": "Số điện thoại này đã được xóa.",
    }.get(msg, "")
    return render(
        request,
        "console/callbacks.html",
        {
            "active": "callbacks",
            "callbacks": rows,
            "status": status,
            "STATUSES": CALLBACK_STATUSES,
            "REASONS": REASONS,
            "notice": notice,
            "with_phone": callback_phones.has_phone(db, [row.id for row in rows]),
            "revealed": revealed,
        },
    )


@router.post("/callbacks/{callback_id}")
def mark_callback(
    background: BackgroundTasks,
    db: DbSession,
    user: VolunteerUser,
    desk: VolunteerDesk,
    callback_id: PathId,
    status: Annotated[str, Form()] = "",
) -> Response:
    """Marks a call-back done or unreachable (once: a second click does not overwrite); every open
    console (on every instance) hears of it, so colleagues do not call the same resident."""
    row = db.get(Callback, callback_id)
    if row is None or status not in ("done", "unreachable") or row.status != "open":
        return RedirectResponse("/console/callbacks?msg=stale", status_code=303)
    row.status, row.handled_by, row.handled_at = status, user.id, utcnow()
    db.commit()
    background.add_task(desk.service.queue_changed)  # the snapshot carries the call-backs' mark
    return RedirectResponse("/console/callbacks?msg=saved", status_code=303)
