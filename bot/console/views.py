"""/console: pages, the JSON API the page's script calls, and the live WebSocket.

Volunteers (and admins) only, on every route; CSRF on every POST (form field or X-CSRF-Token);
a volunteer reads and writes only the conversations assigned to them (checked in Desk and here).

The pages are in pages.py, the JSON API in api.py, the live socket in socket.py; this module puts them on the app.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from bot.console import api, pages, socket
from bot.console.desk import DeskError


async def _refused(_request: Request, error: DeskError) -> JSONResponse:
    """Every refused console action as JSON: a code for the script, a sentence for the volunteer."""
    return JSONResponse({"error": error.code, "message": error.message}, status_code=error.status)


def install(app: FastAPI) -> None:
    """The console's routes (call once in create_app; the Desk and ConsoleLive are made in the lifespan)."""
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(socket.router)
    # Starlette types every handler as taking any Exception; it only calls this one with a DeskError
    app.add_exception_handler(DeskError, _refused)  # type: ignore[arg-type]
