"""/console/api: the JSON API the console's script (console.js) calls. A body its model refuses gets the
desk's answer (bodies.py), as every refused action does."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import ValidationError
from sqlalchemy import select

from bot.auth.deps import DbSession, csrf_token
from bot.console.bodies import Claim, ConsoleBody, Note, Reply, Resolve, Suggestion, Transfer, refusal
from bot.console.depends import ON_EVERY_ROUTE, LiveConsoles, VolunteerDesk, VolunteerUser
from bot.console.desk import DeskError
from bot.handoff.models import CannedReply
from bot.strict_numbers import PathId


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


router = APIRouter(prefix="/console/api", dependencies=ON_EVERY_ROUTE, include_in_schema=False, route_class=BodyRefusingRoute)


@router.get("/me")
def me(request: Request, user: VolunteerUser) -> dict[str, Any]:
    """Who is logged in, and the CSRF token for API calls."""
    return {"username": user.username, "role": user.role, "display_name": user.display_name, "csrf_token": csrf_token(request)}


@router.get("/queue")
async def queue_now(user: VolunteerUser, live: LiveConsoles) -> dict[str, Any]:
    """The queue as the live socket sends it (for scripts and a first paint)."""
    snapshots = await asyncio.to_thread(live.snapshots, {user.id: user.role})
    return snapshots[user.id]


@router.get("/canned")
def canned(db: DbSession, user: VolunteerUser) -> list[dict[str, str]]:
    """Canned replies for the "/" shortcut."""
    return [{"shortcut": c.shortcut, "text": c.text} for c in db.scalars(select(CannedReply).order_by(CannedReply.shortcut))]


@router.post("/tickets/claim")
async def claim(user: VolunteerUser, desk: VolunteerDesk, body: Annotated[Claim | None, Body()] = None) -> Response:
    """Claims the next waiting ticket, or the one named by ticket_id."""
    return JSONResponse(await desk.claim(user, _given(body, Claim).ticket_id))


@router.post("/tickets/{ticket_id}/messages")
async def send(
    user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId, body: Annotated[Reply | None, Body()] = None
) -> Response:
    """Sends the volunteer's message to the resident."""
    return JSONResponse(await desk.reply(user, ticket_id, _given(body, Reply).text))


@router.post("/tickets/{ticket_id}/notes")
async def add_note(
    user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId, body: Annotated[Note | None, Body()] = None
) -> Response:
    """A private note."""
    return JSONResponse(await desk.note(user, ticket_id, _given(body, Note).text))


@router.post("/tickets/{ticket_id}/release")
async def release(user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId) -> Response:
    """Back to the queue."""
    await desk.release(user, ticket_id)
    return JSONResponse({"ok": True})


@router.post("/tickets/{ticket_id}/transfer")
async def transfer(
    user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId, body: Annotated[Transfer | None, Body()] = None
) -> Response:
    """To another volunteer."""
    await desk.transfer(user, ticket_id, _given(body, Transfer).to_user_id)
    return JSONResponse({"ok": True})


@router.post("/tickets/{ticket_id}/resolve")
async def resolve(
    user: VolunteerUser, desk: VolunteerDesk, ticket_id: PathId, body: Annotated[Resolve | None, Body()] = None
) -> Response:
    """Closes it with an outcome code (required); the bot takes over and asks for stars. When the
    resident's last message is unanswered, only with "confirm_unanswered": true."""
    fields = _given(body, Resolve)
    await desk.resolve(user, ticket_id, fields.outcome, fields.confirm_unanswered)
    return JSONResponse({"ok": True})


@router.post("/tickets/{ticket_id}/suggest")
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
