"""When volunteers are on duty: weekly shifts minus holidays, in Việt Nam time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.handoff.models import Holiday, Shift

VIETNAM = timezone(timedelta(hours=7), "ICT")  # no daylight saving in Việt Nam
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
CLOCK = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")
END_OF_DAY = "24:00"
# A browser's time picker stops at 23:59, so shifts saved before the editor offered 24:00 say "23:59" when they
# mean "to midnight"; read literally they closed the queue (and expired every waiting ticket) for a minute a night.
PICKER_END_OF_DAY = "23:59"


def valid_clock(value: str) -> bool:
    """True for "HH:MM" from 00:00 to 24:00."""
    return bool(CLOCK.match(value))


def shift_end(ends: str) -> str:
    """A shift's end as the schedule reads it: "23:59" is the end of the day, like "24:00"."""
    return END_OF_DAY if ends == PICKER_END_OF_DAY else ends


def is_all_day(starts: str, ends: str) -> bool:
    """00:00 to the end of the day."""
    return starts == "00:00" and shift_end(ends) == END_OF_DAY


@dataclass(frozen=True)
class Schedule:
    """A snapshot of the shifts and holidays, cheap to ask many times."""

    shifts: tuple[tuple[int, str, str], ...]
    holidays: frozenset[date]
    always_open: bool = False

    def is_open(self, moment: datetime) -> bool:
        """True if volunteers are on duty at that moment."""
        if self.always_open:
            return True
        local = moment.astimezone(VIETNAM)
        if local.date() in self.holidays:
            return False
        clock = local.strftime("%H:%M")  # 23:59:30 is "23:59", inside a shift to 24:00
        return any(day == local.weekday() and starts <= clock < shift_end(ends) for day, starts, ends in self.shifts)

    def next_opening(self, moment: datetime) -> datetime | None:
        """The start of the next shift after the moment (None if there is none within two weeks)."""
        local = moment.astimezone(VIETNAM)
        for offset in range(15):
            day = local.date() + timedelta(days=offset)
            if day in self.holidays:
                continue
            starts = sorted(s for d, s, _e in self.shifts if d == day.weekday())
            for start in starts:
                hour, minute = map(int, start.split(":"))
                at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)
                if at > local:
                    return at
        return None

    def describe(self) -> str:
        """The weekly hours in Vietnamese, e.g. "Thứ Hai 07:30–11:30, 13:00–17:00; …"."""
        parts = []
        for day, name in enumerate(WEEKDAYS):
            spans = sorted((s, shift_end(e)) for d, s, e in self.shifts if d == day)
            if any(is_all_day(s, e) for s, e in spans):
                parts.append(f"{name} cả ngày")
            elif spans:
                parts.append(f"{name} {', '.join(f'{s}–{e}' for s, e in spans)}")
        return "; ".join(parts) if parts else "chưa có lịch trực"


def load(session: Session, always_open: bool = False) -> Schedule:
    """The schedule as stored now."""
    shifts = tuple((day, starts, ends) for day, starts, ends in session.execute(select(Shift.weekday, Shift.starts, Shift.ends)))
    holidays = frozenset(session.scalars(select(Holiday.day)))
    return Schedule(shifts, holidays, always_open)


def when(moment: datetime) -> str:
    """A moment as residents read it: "07:30 Thứ Hai 24/11"."""
    local = moment.astimezone(VIETNAM)
    return f"{local:%H:%M} {WEEKDAYS[local.weekday()]} {local:%d/%m}"
