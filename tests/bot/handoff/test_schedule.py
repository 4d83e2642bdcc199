"""The duty schedule: shifts in Việt Nam time, holidays, and the next opening."""

from __future__ import annotations

from datetime import date, datetime, timezone

from bot.handoff.schedule import Schedule, valid_clock, when

# Monday–Friday mornings and afternoons, Saturday morning
WEEK = tuple((d, "07:30", "11:30") for d in range(6)) + tuple((d, "13:00", "17:00") for d in range(5))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_open_inside_a_shift_in_vietnam_time():
    schedule = Schedule(WEEK, frozenset())
    assert schedule.is_open(utc(2026, 11, 23, 1, 0))  # Monday 08:00 in Việt Nam
    assert not schedule.is_open(utc(2026, 11, 23, 5, 0))  # Monday 12:00: lunch
    assert not schedule.is_open(utc(2026, 11, 22, 2, 0))  # Sunday
    assert not schedule.is_open(utc(2026, 11, 23, 0, 29))  # 07:29
    assert schedule.is_open(utc(2026, 11, 23, 0, 30))  # 07:30 sharp
    assert not schedule.is_open(utc(2026, 11, 23, 10, 0))  # 17:00 sharp: closed


def test_holidays_close_the_day():
    schedule = Schedule(WEEK, frozenset({date(2026, 11, 23)}))
    assert not schedule.is_open(utc(2026, 11, 23, 1, 0))
    assert schedule.next_opening(utc(2026, 11, 23, 1, 0)).date() == date(2026, 11, 24)


def test_next_opening_and_how_it_reads():
    schedule = Schedule(WEEK, frozenset())
    opening = schedule.next_opening(utc(2026, 11, 21, 6, 0))  # Saturday 13:00
    assert when(opening) == "07:30 Thứ Hai 23/11"
    assert Schedule((), frozenset()).next_opening(utc(2026, 11, 21, 6, 0)) is None


def test_always_open_ignores_the_schedule():
    assert Schedule((), frozenset(), always_open=True).is_open(utc(2026, 11, 22, 20, 0))


def test_description_and_clock_validation():
    assert Schedule(WEEK, frozenset()).describe().startswith("Thứ Hai 07:30–11:30, 13:00–17:00; Thứ Ba")
    assert Schedule((), frozenset()).describe() == "chưa có lịch trực"
    assert valid_clock("07:30") and valid_clock("24:00") and not valid_clock("7:30") and not valid_clock("24:01")
