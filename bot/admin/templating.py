"""Jinja2 for the editor: autoescaped templates, Vietnamese dates, and what every page needs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from bot.auth.deps import csrf_token

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
VIETNAM = timezone(timedelta(hours=7), "ICT")  # no daylight saving in Việt Nam

templates = Jinja2Templates(directory=TEMPLATES_DIR)
assert templates.env.autoescape  # select_autoescape(): on for .html


def local_time(moment: datetime | None, with_time: bool = True) -> str:
    """A stored (UTC) timestamp as Vietnamese read it: 23/11/2026 14:05."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


templates.env.filters["local_time"] = local_time

STATUS_LABELS = {"draft": "Bản nháp", "published": "Đã xuất bản"}
templates.env.globals["STATUS_LABELS"] = STATUS_LABELS


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    """A page with the logged-in user, the CSRF token and the active menu item in its context."""
    page = {"user": getattr(request.state, "user", None), "csrf_token": csrf_token(request), "active": ""}
    page.update(context or {})
    return templates.TemplateResponse(request, name, page, status_code=status_code)
