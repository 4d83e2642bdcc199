"""Periods in Việt Nam time and the period each is compared with, across month and year boundaries."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.dashboard.period import FilterError, parse, preset_period


def days(period):
    return period.first.isoformat(), period.last.isoformat()


def test_today_is_the_day_in_viet_nam():
    # 31 Dec 2026 18:30 UTC is already 1 Jan 2027 01:30 in Việt Nam
    filters = parse(datetime(2026, 12, 31, 18, 30, tzinfo=timezone.utc), "hom-nay")
    assert days(filters.period) == ("2027-01-01", "2027-01-01")
    assert days(filters.previous) == ("2026-12-31", "2026-12-31")


@pytest.mark.parametrize(
    ("preset", "today", "period", "previous"),
    [
        ("tuan-nay", date(2027, 1, 1), ("2026-12-28", "2027-01-01"), ("2026-12-21", "2026-12-25")),
        ("thang-nay", date(2027, 1, 15), ("2027-01-01", "2027-01-15"), ("2026-12-01", "2026-12-15")),
        ("thang-nay", date(2027, 3, 31), ("2027-03-01", "2027-03-31"), ("2027-02-01", "2027-02-28")),
        ("thang-truoc", date(2027, 1, 15), ("2026-12-01", "2026-12-31"), ("2026-11-01", "2026-11-30")),
        ("thang-truoc", date(2028, 3, 2), ("2028-02-01", "2028-02-29"), ("2028-01-01", "2028-01-31")),
        ("30-ngay", date(2027, 1, 10), ("2026-12-12", "2027-01-10"), ("2026-11-12", "2026-12-11")),
        ("nam-nay", date(2027, 2, 3), ("2027-01-01", "2027-02-03"), ("2026-01-01", "2026-02-03")),
        ("nam-nay", date(2028, 12, 31), ("2028-01-01", "2028-12-31"), ("2027-01-01", "2027-12-31")),  # leap year
        ("nam-nay", date(2028, 2, 29), ("2028-01-01", "2028-02-29"), ("2027-01-01", "2027-02-28")),
        ("12-thang", date(2027, 1, 10), ("2026-01-11", "2027-01-10"), ("2025-01-11", "2026-01-10")),
    ],
)
def test_presets_and_their_previous_period(preset, today, period, previous):
    now, before = preset_period(preset, today)
    assert (days(now), days(before)) == (period, previous)


def test_dates_chosen_by_hand_are_compared_with_as_many_days_before():
    filters = parse(datetime(2026, 12, 5, tzinfo=timezone.utc), first="2026-12-01", last="2027-01-31")
    assert days(filters.previous) == ("2026-09-30", "2026-11-30")  # 62 days before
    assert filters.preset == "" and "tu=2026-12-01" in filters.query()


def test_the_default_is_this_month():
    filters = parse(datetime(2026, 12, 5, tzinfo=timezone.utc))
    assert filters.preset == "thang-nay" and days(filters.period) == ("2026-12-01", "2026-12-05")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"first": "2026-02-30", "last": "2026-03-01"},
        {"first": "x" * 100, "last": "2026-03-01"},
        {"channel": "zalo"},
        {"preset": "tuan-sau"},
    ],
)
def test_bad_values_are_filter_errors(kwargs):
    with pytest.raises(FilterError) as caught:
        parse(datetime(2026, 12, 5, tzinfo=timezone.utc), **kwargs)
    assert caught.value.message


def test_a_preset_picked_in_the_list_wins_over_the_dates_the_form_also_sends():
    now = datetime(2026, 12, 5, tzinfo=timezone.utc)
    assert days(parse(now, "thang-truoc", "2026-01-01", "2026-01-31").period) == ("2026-11-01", "2026-11-30")
    assert days(parse(now, "", "2026-01-01", "2026-01-31").period) == ("2026-01-01", "2026-01-31")
