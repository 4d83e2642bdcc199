"""/admin/phone-reads: who revealed which call-back's phone number, and when (admins only; never the number)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.admin.access_log import page_number
from bot.admin.templating import render
from bot.auth.deps import AdminUser, DbSession
from bot.deps.settings import AppSettings
from bot.handoff import phone_reads
from bot.strict_numbers import parse_id

router = APIRouter()

PATH = "/admin/phone-reads"
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII only: date.fromisoformat also reads «20261130» and weeks
# the days there can be data for; also keeps "the day after" from overflowing (9999-12-31 + 1 day: a 500)
EARLIEST, LATEST = date(2020, 1, 1), date(2100, 12, 31)


class BadFilter(ValueError):
    """A filter the page cannot use, with the sentence that says why."""


@dataclass(frozen=True)
class Query:
    """The filter as typed (to fill the form again) and as read."""

    user: str
    first: str
    last: str

    def read(self) -> phone_reads.ReadFilter:
        """The filter, or BadFilter."""
        user_id = None
        if self.user:
            user_id = parse_id(self.user)
            if user_id is None:
                raise BadFilter("Người xem không hợp lệ.")
        first, last = _day(self.first, "bắt đầu"), _day(self.last, "kết thúc")
        if first and last and first > last:
            raise BadFilter("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.")
        return phone_reads.ReadFilter(user_id, first, last)

    def url(self, page: int) -> str:
        """This filter's page `page`."""
        params = {"nguoi": self.user, "tu": self.first, "den": self.last}
        return f"{PATH}?{urlencode({**{k: v for k, v in params.items() if v}, 'page': page})}"


def _day(value: str, what: str) -> date | None:
    if not value:
        return None
    if _DAY.fullmatch(value) is None:
        raise BadFilter(f"Ngày {what} không hợp lệ: cần theo dạng năm-tháng-ngày, ví dụ 2026-11-30.")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadFilter(f"Ngày {what} không có trên lịch.") from None
    if not EARLIEST <= day <= LATEST:
        raise BadFilter(f"Ngày {what} nằm ngoài khoảng có thể có dữ liệu.")
    return day


@router.get("/phone-reads")
def phone_reads_page(
    request: Request,
    db: DbSession,
    user: AdminUser,
    settings: AppSettings,
    page: str = "1",
    nguoi: str = "",
    tu: str = "",
    den: str = "",
) -> Response:
    """The newest reveals first, fifty a page, filtered by reader and by Việt Nam days; a filter it cannot read: 400."""
    query = Query(nguoi[:32], tu[:32], den[:32])
    error = ""
    try:
        shown = phone_reads.page(db, page_number(page), query.read())
    except BadFilter as bad:
        error, shown = str(bad), phone_reads.ReadPage([], 1, 1, 0)
    return render(
        request,
        "admin/phone_reads.html",
        {
            "active": "phone_reads",
            "log": shown,
            "query": query,
            "readers": phone_reads.readers(db),
            "error": error,
            "prev_url": query.url(shown.number - 1),
            "next_url": query.url(shown.number + 1),
            "retention_days": settings.access_log_retention_days,
        },
        status_code=400 if error else 200,
    )
