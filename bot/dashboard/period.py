"""The period and filters a dashboard request asks for, checked, and the period it is compared with.

Days are Việt Nam days (UTC+7, no daylight saving): the roll-ups are kept by Việt Nam day, and a
ward reads «hôm nay» as its own day. A bad value is a FilterError with a Vietnamese message (the page
answers 400 with it), never a server error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from bot.handoff.schedule import VIETNAM

MAX_DAYS = 732  # two years: more is never a meeting's question, and the queries stay bounded
EARLIEST = date(2020, 1, 1)
MAX_VALUE = 64
CHANNELS = {"web": "Trang web", "telegram": "Telegram", "api": "Ứng dụng của phường"}
PRESETS = {
    "hom-nay": "Hôm nay",
    "tuan-nay": "Tuần này",
    "thang-nay": "Tháng này",
    "thang-truoc": "Tháng trước",
    "30-ngay": "30 ngày qua",
    "nam-nay": "Năm nay",
    "12-thang": "12 tháng qua",
}
DEFAULT_PRESET = "thang-nay"


class FilterError(ValueError):
    """A filter the dashboard cannot use; its message is for the page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Period:
    """Việt Nam days from `first` to `last`, both included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def each_day(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range(self.days)]

    def label(self) -> str:
        if self.first == self.last:
            return self.first.strftime("%d/%m/%Y")
        return f"{self.first:%d/%m/%Y} – {self.last:%d/%m/%Y}"


@dataclass(frozen=True)
class Filters:
    """What one dashboard request shows: a period, the one it is compared with, a channel, a category."""

    period: Period
    previous: Period
    preset: str  # "" for dates chosen by hand
    channel: str  # "" for every channel
    category: str  # "" for every category

    def query(self, **override: str) -> str:
        """The query string that asks for these filters again (for links and CSV exports)."""
        values = (
            {"ky": self.preset} if self.preset else {"tu": self.period.first.isoformat(), "den": self.period.last.isoformat()}
        )
        values.update(kenh=self.channel, nhom=self.category)
        values.update(override)
        return urlencode({k: v for k, v in values.items() if v})


def today_in_vietnam(now: datetime) -> date:
    return now.astimezone(VIETNAM).date()


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _previous_month(first: date) -> Period:
    last = first - timedelta(days=1)
    return Period(_month_start(last), last)


def preset_period(preset: str, today: date) -> tuple[Period, Period]:
    """A preset's period and the one it is compared with: the same stretch just before (today vs
    yesterday, this week vs last, this month so far vs the same days of last month)."""
    if preset == "hom-nay":
        return Period(today, today), Period(today - timedelta(days=1), today - timedelta(days=1))
    if preset == "tuan-nay":
        monday = today - timedelta(days=today.weekday())
        return Period(monday, today), Period(monday - timedelta(days=7), today - timedelta(days=7))
    if preset == "thang-nay":
        first = _month_start(today)
        before = _previous_month(first)
        # the same number of days of last month (29 Feb… 31 Mar: a shorter month stops at its end)
        return Period(first, today), Period(before.first, min(before.last, before.first + (today - first)))
    if preset == "thang-truoc":
        period = _previous_month(_month_start(today))
        return period, _previous_month(period.first)
    if preset == "30-ngay":
        return Period(today - timedelta(days=29), today), Period(today - timedelta(days=59), today - timedelta(days=30))
    if preset == "nam-nay":
        january = today.replace(month=1, day=1)
        return Period(january, today), Period(january.replace(year=january.year - 1), _a_year_before(today))
    if preset == "12-thang":
        return Period(today - timedelta(days=364), today), Period(today - timedelta(days=729), today - timedelta(days=365))
    raise FilterError("Khoảng thời gian không có trong danh sách.")


def _a_year_before(day: date) -> date:
    """The same calendar day a year earlier (29 February: the 28th), so "this year" on 31 December of a leap
    year is compared with last year up to its own 31 December, not a day into this one."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _parse_day(value: str, what: str) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise FilterError(f"Ngày {what} không hợp lệ: cần theo dạng năm-tháng-ngày, ví dụ 2026-11-30.") from None
    if not EARLIEST <= day <= date(2100, 12, 31):
        raise FilterError(f"Ngày {what} nằm ngoài khoảng dữ liệu có thể có.")
    return day


def parse(
    now: datetime,
    preset: str = "",
    first: str = "",
    last: str = "",
    channel: str = "",
    category: str = "",
    categories: frozenset[str] = frozenset(),
) -> Filters:
    """Filters from a request's query (ky, tu, den, kenh, nhom); FilterError for anything unusable.

    A preset (ky) wins over dates (tu, den): the form sends all three, and «Tự chọn ngày» is ky="" ."""
    if any(len(value) > MAX_VALUE for value in (preset, first, last, channel, category)):
        raise FilterError("Bộ lọc không hợp lệ.")  # codes and dates are short: anything longer is not ours
    today = today_in_vietnam(now)
    if (first or last) and not preset:  # the form sends both: a preset picked in the list wins over the dates
        if not (first and last):
            raise FilterError("Cần chọn cả ngày bắt đầu và ngày kết thúc.")
        period = Period(_parse_day(first, "bắt đầu"), _parse_day(last, "kết thúc"))
        if period.first > period.last:
            raise FilterError("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.")
        if period.days > MAX_DAYS:
            raise FilterError(f"Khoảng thời gian dài nhất là {MAX_DAYS} ngày.")
        previous = Period(period.first - timedelta(days=period.days), period.first - timedelta(days=1))
        preset = ""
    else:
        preset = preset or DEFAULT_PRESET
        period, previous = preset_period(preset, today)
    if channel and channel not in CHANNELS:
        raise FilterError("Kênh không có trong danh sách.")
    if category and category not in categories:
        raise FilterError("Nhóm câu hỏi không có trong danh sách.")
    return Filters(period, previous, preset, channel, category)
