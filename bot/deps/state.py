"""One way to read what the app's lifespan put on `app.state`, as a typed FastAPI dependency."""

from __future__ import annotations

from typing import Any

from fastapi import Depends
from starlette.requests import HTTPConnection


def from_state(name: str) -> Any:
    """`Depends()` on the lifespan's `app.state.<name>`, for `Annotated[TheType, from_state(name)]`: the alias
    gives routes and mypy the type, this gives FastAPI the value. It takes an HTTPConnection, so the same alias
    serves a route and a WebSocket, and is `async`: FastAPI would run a plain function in its thread pool, a hop
    per request for one attribute read."""

    async def read(connection: HTTPConnection) -> Any:
        return getattr(connection.app.state, name)

    read.__name__ = f"app_state_{name}"  # what FastAPI's errors and the OpenAPI name it by
    return Depends(read)
