"""/admin/access-log: who opened which resident's conversation, and when (admins only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.access import log
from bot.access.models import AccessKind
from bot.admin.templating import render
from bot.auth.deps import AdminUser, DbSession
from bot.deps.settings import AppSettings

router = APIRouter()

KIND_LABELS = {
    AccessKind.TICKET_PAGE: "Mở trang cuộc trò chuyện",
    AccessKind.LIVE_WATCH: "Theo dõi trực tiếp",
}
ROLE_LABELS = {"admin": "Quản trị", "staff": "Cán bộ", "volunteer": "Tình nguyện viên"}
MAX_PAGE_DIGITS = 6


def page_number(raw: str) -> int:
    """The page asked for; anything that is not a plain number of a few digits is page 1."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= MAX_PAGE_DIGITS else 1


@router.get("/access-log")
def access_log(request: Request, db: DbSession, user: AdminUser, settings: AppSettings, page: str = "1") -> Response:
    """The newest openings first, fifty a page."""
    shown = log.page(db, page_number(page))
    return render(
        request,
        "admin/access_log.html",
        {
            "active": "access",
            "log": shown,
            "KIND_LABELS": KIND_LABELS,
            "ROLE_LABELS": ROLE_LABELS,
            "retention_days": settings.access_log_retention_days,
        },
    )
