"""/console: pages, the JSON API the page's script calls, and the live WebSocket.

Volunteers (and admins) only, on every route; CSRF on every POST (form field or X-CSRF-Token);
a volunteer reads and writes only the conversations assigned to them (checked in Desk and here).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, BackgroundTasks, Body, Depends, FastAPI, Form, Request, WebSocket, WebSocketDisconnect
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from pydantic import ValidationError
from sqlalchemy import select, true
from sqlalchemy.orm import Session, sessionmaker

from bot import json_depth
from bot.access import log as access_log
from bot.access.models import AccessKind
from bot.admin.templating import render
from bot.auth import service as auth
from bot.auth.deps import SESSION_COOKIE, DbSession, csrf_token, idle_limit, require_role, verify_csrf
from bot.auth.models import LoginSession, User
from bot.clock import utcnow
from bot.console.bodies import Claim, ConsoleBody, Note, Reply, Resolve, Suggestion, Transfer, refusal
from bot.console.depends import LiveConsoles, VolunteerDesk
from bot.console.desk import DeskError, question_of, readable_until, visible
from bot.console.labels import CALLBACK_STATUSES, CHANNELS, OUTCOMES, REASONS, STATUSES
from bot.console.live import Connection, ConsoleLive
from bot.conversations.models import Conversation, Message
from bot.conversations.outbox import close_when_overflowed
from bot.deps.database import Sessions
from bot.deps.settings import AppSettings
from bot.handoff import callback_phones
from bot.handoff.models import Callback, CannedReply, Ticket, TicketEvent, TicketStatus
from bot.settings import Settings
from bot.strict_numbers import MAX_ID, PathId, json_id, json_int

VolunteerUser = Annotated[User, Depends(require_role("volunteer"))]
HISTORY_LIMIT = 300


def bad_id() -> DeskError:
    """A fresh refusal for every raise (a shared instance would keep chaining tracebacks)."""
    return DeskError("bad_request", "Yêu cầu không hợp lệ.", 422)


class BodyRefusingRoute(APIRoute):
    """A route of the console's JSON API: a body its model refuses gets the desk's answer (refused_body)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handle(request)
            except RequestValidationError as invalid:
                raise refused_body(invalid) from None

        return route


ON_EVERY_ROUTE = [Depends(require_role("volunteer")), Depends(verify_csrf)]
router = APIRouter(prefix="/console", dependencies=ON_EVERY_ROUTE, include_in_schema=False)
api = APIRouter(prefix="/console/api", dependencies=ON_EVERY_ROUTE, include_in_schema=False, route_class=BodyRefusingRoute)
socket_router = APIRouter(include_in_schema=False)


async def _refused(_request: Request, error: DeskError) -> JSONResponse:
    """Every refused console action as JSON: a code for the script, a sentence for the volunteer."""
    return JSONResponse({"error": error.code, "message": error.message}, status_code=error.status)


# -- pages -------------------------------------------------------------------------------


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


# -- JSON API (console.js) ---------------------------------------------------------------


@api.get("/me")
def me(request: Request, user: VolunteerUser) -> dict[str, Any]:
    """Who is logged in, and the CSRF token for API calls."""
    return {"username": user.username, "role": user.role, "display_name": user.display_name, "csrf_token": csrf_token(request)}


@api.get("/queue")
async def queue_now(user: VolunteerUser, live: LiveConsoles) -> dict[str, Any]:
    """The queue as the live socket sends it (for scripts and a first paint)."""
    snapshots = await asyncio.to_thread(live.snapshots, {user.id: user.role})
    return snapshots[user.id]


@api.get("/canned")
def canned(db: DbSession, user: VolunteerUser) -> list[dict[str, str]]:
    """Canned replies for the "/" shortcut."""
    return [{"shortcut": c.shortcut, "text": c.text} for c in db.scalars(select(CannedReply).order_by(CannedReply.shortcut))]


@api.post("/tickets/claim")
async def claim(user: VolunteerUser, desk: VolunteerDesk, body: Annotated[Claim | None, Body()] = None) -> Response:
    """Claims the next waiting ticket, or the one named by ticket_id."""
    return JSONResponse(await desk.claim(user, _given(body, Claim).ticket_id))


@api.post("/tickets/{ticket_id}/messages")
async def send(
    user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId, body: Annotated[Reply | None, Body()] = None
) -> Response:
    """Sends the volunteer's message to the resident."""
    return JSONResponse(await desk.reply(user, ticket_id, _given(body, Reply).text))


@api.post("/tickets/{ticket_id}/notes")
async def add_note(
    user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId, body: Annotated[Note | None, Body()] = None
) -> Response:
    """A private note."""
    return JSONResponse(await desk.note(user, ticket_id, _given(body, Note).text))


@api.post("/tickets/{ticket_id}/release")
async def release(user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId) -> Response:
    """Back to the queue."""
    await desk.release(user, ticket_id)
    return JSONResponse({"ok": True})


@api.post("/tickets/{ticket_id}/transfer")
async def transfer(
    user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId, body: Annotated[Transfer | None, Body()] = None
) -> Response:
    """To another volunteer."""
    await desk.transfer(user, ticket_id, _given(body, Transfer).to_user_id)
    return JSONResponse({"ok": True})


@api.post("/tickets/{ticket_id}/resolve")
async def resolve(
    user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId, body: Annotated[Resolve | None, Body()] = None
) -> Response:
    """Closes it with an outcome code (required); the bot takes over and asks for stars. When the
    resident's last message is unanswered, only with "confirm_unanswered": true."""
    fields = _given(body, Resolve)
    await desk.resolve(user, ticket_id, fields.outcome, fields.confirm_unanswered)
    return JSONResponse({"ok": True})


@api.post("/tickets/{ticket_id}/suggest")
async def suggest(
    user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId, body: Annotated[Suggestion | None, Body()] = None
) -> Response:
    """Proposes an FAQ from this conversation (the editor's unanswered list)."""
    return JSONResponse(await desk.suggest(user, ticket_id, _given(body, Suggestion).text))


B = TypeVar("B", bound=ConsoleBody)


def _given(body: B | None, model: type[B]) -> B:
    """The body sent; for none (or JSON null) an empty object's, refused as {} is (console.js always sends one)."""
    if body is not None:
        return body
    try:
        return model.model_validate({})
    except ValidationError as invalid:
        raise refusal(invalid.errors()[0], ()) or bad_id() from None


def refused_body(invalid: RequestValidationError) -> Exception:
    """What answers a request the API's models refused: the desk's refusal of its body (bodies.py says
    which); the app's own answer (bot/app.py) to JSON it cannot read or a refused path."""
    problems = invalid.errors()
    elsewhere = [p for p in problems if tuple(p.get("loc", ()))[:1] != ("body",)]
    if any(p.get("type") == "json_invalid" for p in problems):
        return invalid
    if elsewhere:
        return RequestValidationError(elsewhere, body=invalid.body)
    return refusal(problems[0], ("body",)) or bad_id()


# -- live ------------------------------------------------------------------------------------


def _same_origin(ws: WebSocket) -> bool:
    """Browsers send Origin on WebSockets; a page elsewhere must not ride the volunteer's cookie."""
    origin = ws.headers.get("origin")
    host = ws.headers.get("host")
    if not origin or not host:
        return False
    return origin.split("://", 1)[-1] == host


@socket_router.websocket("/console/ws")
async def console_socket(ws: WebSocket, live: LiveConsoles, sessions: Sessions, settings: AppSettings) -> None:
    """Queue snapshots and the held conversations' messages; the tab may ask to watch a ticket."""
    found = None
    token = ws.cookies.get(SESSION_COOKIE)
    if _same_origin(ws):
        found = await asyncio.to_thread(_logged_in, sessions, settings, token)
    if found is None or found[0].role not in ("volunteer", "admin"):
        await ws.close(code=1008)
        return
    await ws.accept()
    connection = await live.connect(found[0])
    writer = asyncio.create_task(_write(ws, connection))
    closer = asyncio.create_task(close_when_overflowed(ws, connection.outbox, writer))  # a tab too far behind
    try:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                break
            # every frame (a ping each 25 s) counts as activity, and ends the socket once the log-in
            # has ended (logged out, idle, expired, deactivated)
            if await asyncio.to_thread(_logged_in, sessions, settings, token) is None:
                await ws.close(code=1008)
                break
            await _on_frame(live, connection, message.get("text"))
    except WebSocketDisconnect:
        pass
    finally:
        live.disconnect(connection)
        writer.cancel()
        closer.cancel()


def _logged_in(sessions: sessionmaker[Session], settings: Settings, token: str | None) -> tuple[User, LoginSession] | None:
    """The log-in behind the socket's cookie, if it is still valid (its last activity moves on)."""
    with sessions() as db:
        found = auth.resolve(db, token, idle=idle_limit(settings))
        db.commit()
        return found


async def _on_frame(live: ConsoleLive, connection: Connection, text: str | None) -> None:
    try:
        frame = json_depth.loads(text or "")
    except ValueError:  # not JSON, or nested too deep to read
        frame = None
    if not isinstance(frame, dict):
        connection.outbox.put({"type": "error", "code": "bad_frame"})
    elif frame.get("type") == "ping":
        await live.seen(connection)
        connection.outbox.put({"type": "pong"})
    elif frame.get("type") == "watch" and (ticket_id := json_id(frame.get("ticket_id"))) is not None:
        after = json_int(frame.get("after_seq"), 0, MAX_ID) or 0
        ok = await live.watch(connection, ticket_id, after)
        connection.outbox.put({"type": "watching", "ticket_id": ticket_id, "ok": ok})
    else:
        connection.outbox.put({"type": "error", "code": "bad_frame"})


async def _write(ws: WebSocket, connection: Connection) -> None:
    try:
        while True:
            await ws.send_json(await connection.outbox.get())
    except (WebSocketDisconnect, RuntimeError):
        pass


def install(app: FastAPI) -> None:
    """The console's routes (call once in create_app; the Desk and ConsoleLive are made in the lifespan)."""
    app.include_router(router)
    app.include_router(api)
    app.include_router(socket_router)
    # Starlette types every handler as taking any Exception; it only calls this one with a DeskError
    app.add_exception_handler(DeskError, _refused)  # type: ignore[arg-type]
