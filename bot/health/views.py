"""Liveness and readiness: is the gateway up, and can it do its work."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text

from bot.conversations.depends import Rasa
from bot.deps.database import DbEngine
from bot.deps.settings import AppSettings

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process answers."""
    return {"status": "ok"}


@router.get(
    "/readyz", responses={503: {"description": "Cơ sở dữ liệu, Rasa hoặc máy chủ hành động chưa sẵn sàng (có tên trong `down`)."}}
)
async def readyz(engine: DbEngine, rasa: Rasa, settings: AppSettings) -> JSONResponse:
    """Database, Rasa and the action server all reachable; names whichever is down."""
    checks = dict(
        zip(
            ("database", "rasa", "action_server"),
            await asyncio.gather(
                asyncio.to_thread(_database_ok, engine),
                rasa.ready(),
                action_server_ok(settings.action_server_url),
            ),
        )
    )
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "ready" if not down else "unavailable", "checks": checks, "down": down}
    return JSONResponse(body, status_code=200 if not down else 503)


def _database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


async def action_server_ok(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2.0) as client:
            response = await client.get(url.rstrip("/") + "/health")
        return response.status_code == 200
    except httpx.HTTPError:
        return False
