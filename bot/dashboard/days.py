"""Việt Nam days: the dashboard counts by them, the database stores UTC."""

from __future__ import annotations

from datetime import date, datetime, timezone

from bot.handoff.schedule import VIETNAM


def as_utc(moment: datetime) -> datetime:
    """SQLite gives timestamps back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(VIETNAM)


def day_start(day: date) -> datetime:
    """The UTC instant a Việt Nam day begins."""
    return datetime(day.year, day.month, day.day, tzinfo=VIETNAM).astimezone(timezone.utc)
