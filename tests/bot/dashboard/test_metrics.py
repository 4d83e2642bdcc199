"""Each figure on a small hand-made month whose answers are worked out by hand in the comments."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import and_, delete, func, select

from bot.auth import service
from bot.dashboard import rollup
from bot.dashboard.metrics import entries as entries_figures
from bot.dashboard.metrics import guides as guides_figures
from bot.dashboard.metrics import handoff as handoff_figures
from bot.dashboard.metrics import overview as overview_figures
from bot.dashboard.metrics import queries
from bot.dashboard.metrics import satisfaction as satisfaction_figures
from bot.dashboard.metrics import timing as timing_figures
from bot.dashboard.models import DayActivity, DayEntry, HourTotals
from bot.dashboard.period import parse
from bot.feedback.models import UnansweredHandled
from bot.handoff.models import HandoffReason, Shift, TicketStatus
from knowledge.models import Category
from tests.bot.dashboard.builder import FALLBACK, busy_month, chat, vn
from tests.bot.dashboard.conftest import seeded_database

NOVEMBER = {"first": "2026-11-01", "last": "2026-11-30"}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, seeded_template):
    """Each figure on both databases."""
    yield from seeded_database(request.param, tmp_path, seeded_template)


GUIDE = "phuong-lop-binh-dan-hoc-vu-so"  # an entry with steps in the seeded knowledge base
VNEID = "vneid-quen-mat-khau"


def filters(db, **extra):
    categories = frozenset(db.scalars(select(Category.id)))
    return parse(vn(2026, 12, 5), categories=categories, **{**NOVEMBER, **extra})


@pytest.fixture
def month(db):
    """Four conversation-days in November (Mon 2 to Thu 5), one in October.

    A Mon 2 09:00 web: answered from the knowledge base, 👍           → resolved by the bot alone
    B Tue 3 10:00 telegram: fallback, then 10:05 asked again → answer → a repeat: not resolved
    C Wed 4 14:00 web: answered, then a ticket at 14:01, claimed 4 min later, a volunteer's first
      message 1 min after the claim, closed 10 min later, 5 stars    → handed over
    D Thu 5 20:00 web: answered, 👎                                  → not resolved
    E Tue 20 Oct: answered, nothing else                              → the previous period
    """
    volunteer = service.create_user(db, "tnv-an", "mat-khau-that-dai-42", "volunteer", display_name="Anh An")
    a = chat(db, "web")
    a.vote(a.ask(vn(2026, 11, 2, 9)), +1)
    b = chat(db, "telegram")
    b.ask(vn(2026, 11, 3, 10), FALLBACK)
    b.ask(vn(2026, 11, 3, 10, 5))
    c = chat(db, "web")
    c.ask(vn(2026, 11, 4, 14))
    c.ticket(vn(2026, 11, 4, 14, 1), wait=timedelta(minutes=4), handled=timedelta(minutes=10), rating=5, volunteer=volunteer.id)
    c.volunteer_says(vn(2026, 11, 4, 14, 6))
    d = chat(db, "web")
    d.vote(d.ask(vn(2026, 11, 5, 20)), -1)
    e = chat(db, "web")
    e.ask(vn(2026, 10, 20, 9))
    db.execute(delete(Shift))  # whatever the migration set up: one shift, Monday morning
    db.add(Shift(weekday=0, starts="07:30", ends="11:30"))
    rollup.refresh(db)
    db.commit()
    return {"volunteer": volunteer}


def test_overview_of_the_month(db, month):
    f = filters(db)
    now = overview_figures.overview(db, f, f.period)
    assert now.conversations == 4
    assert now.residents_helped == 4
    assert now.bot_resolved == 1 and now.bot_resolved_share == 0.25  # A only
    assert now.handed_over == 1 and now.handed_over_share == 0.25  # C
    assert now.wait_median_s == 240 and now.wait_p90_s == 240  # one wait of 4 minutes
    assert now.unclaimed == 0
    assert (now.rating_count, now.rating_average) == (1, 5.0)
    assert (now.thumbs_up, now.thumbs_down, now.thumbs_up_share) == (1, 1, 0.5)
    assert now.unanswered == 1  # B's first question
    assert (
        overview_figures.overview(db, f, f.period, handoff_figures.tickets(db, f)) == now
    )  # waits and stars from the tickets given


def test_tickets_nobody_claimed_are_counted_apart_from_the_waits(db, month):
    late = chat(db, "web")
    late.ask(vn(2026, 11, 6, 21))
    late.ticket(vn(2026, 11, 6, 21, 1), wait=None, status=TicketStatus.EXPIRED)
    rollup.refresh(db)
    f = filters(db)
    now = overview_figures.overview(db, f, f.period)
    assert (now.handed_over, now.unclaimed, now.wait_median_s) == (2, 1, 240)


def test_the_previous_period_is_the_30_days_before(db, month):
    f = filters(db)
    assert (f.previous.first.isoformat(), f.previous.last.isoformat()) == ("2026-10-02", "2026-10-31")
    before = overview_figures.overview(db, f, f.previous)
    assert (before.conversations, before.bot_resolved, before.handed_over, before.wait_median_s) == (1, 1, 0, None)


def test_channel_filter(db, month):
    telegram = overview_figures.overview(db, filters(db, channel="telegram"), filters(db).period)
    assert (telegram.conversations, telegram.unanswered, telegram.bot_resolved) == (1, 1, 0)


def test_category_filter_keeps_the_days_that_touched_the_category(db, month):
    f = filters(db, category="vneid")
    assert overview_figures.overview(db, f, f.period).conversations == 4  # every day got the VNeID answer
    f = filters(db, category="thue-etax")
    assert overview_figures.overview(db, f, f.period).conversations == 0


def test_timing_heat_map_and_out_of_hours(db, month):
    f = filters(db)
    timing = timing_figures.timing(db, f)
    assert len(timing.per_day) == 30 and sum(timing.per_day.values()) == 4
    assert timing.per_day[f.period.first.replace(day=3)] == 1 and timing.questions_per_day[f.period.first.replace(day=3)] == 2
    assert timing.heat[0][9] == 1 and timing.heat[1][10] == 1 and timing.heat[2][14] == 1 and timing.heat[3][20] == 1
    duty = timing_figures.duty_hours(db)
    assert duty[0][7] == 0.5 and duty[0][9] == 1.0 and duty[0][11] == 0.5 and duty[1][9] == 0.0
    assert timing_figures.out_of_hours(timing.heat, duty) == (3, 4)  # only A's Monday 9:00 is on duty


def test_entries_and_votes(db, month):
    f = filters(db)
    found = entries_figures.entries(db, f)
    # A, B's second question, C and D were answered by the same entry; A's answer got 👍, D's 👎
    assert [(e.entry_id, e.answers, e.thumbs_up, e.thumbs_down) for e in found] == [(VNEID, 4, 1, 1)]
    assert entries_figures.by_category(found) == [(found[0].category, 4, 1, 1)]
    assert entries_figures.entries(db, filters(db, channel="telegram"))[0].answers == 1


def test_tickets_waits_and_volunteers(db, month):
    f = filters(db)
    handed = handoff_figures.tickets(db, f)
    assert len(handed) == 1
    ticket = handed[0]
    assert (ticket.wait_s, ticket.first_reply_s, ticket.handling_s, ticket.rating) == (240, 60, 600, 5)
    assert ticket.reason == HandoffReason.REQUEST_HUMAN and ticket.status == TicketStatus.RESOLVED
    assert satisfaction_figures.ratings_by_day(db, f) == [(ticket.day, 5, 1)]
    people = handoff_figures.per_volunteer(db, handed)
    assert [(p.name, p.tickets, p.handling_median_s, p.rating_average) for p in people] == [("Anh An", 1, 600, 5.0)]
    assert handoff_figures.wait_buckets([30, 240, 240, 4000]) == [
        ("Dưới 1 phút", 1),
        ("1–5 phút", 2),
        ("5–15 phút", 0),
        ("15–30 phút", 0),
        ("Trên 30 phút", 1),
    ]


def test_endings(db, month):
    f = filters(db)
    statuses = satisfaction_figures.ticket_statuses(db, f)
    assert statuses == Counter(t.status for t in handoff_figures.tickets(db, f)) == Counter({"resolved": 1})
    ended = satisfaction_figures.endings(db, f, statuses)
    assert ended["rated_well"] == 1  # A
    assert ended["answered"] == 1  # B
    assert ended["resolved"] == 1  # C
    assert ended["rated_badly"] == 1  # D
    assert sum(ended.values()) == 4


def test_guides_finished_and_stopped(db):
    step = {"source": "faq", "intent": "guide", "faq_id": GUIDE, "offer": "guide"}
    finished, stopped = chat(db), chat(db)
    for n in range(1, 6):
        finished.press(vn(2026, 11, 10, 9, n), f"/guide{n}", {**step, "guide": {"faq_id": GUIDE, "step": n, "total": 5}})
    finished.press(
        vn(2026, 11, 10, 9, 9), "/guide6", {**step, "offer": "guide_done", "guide": {"faq_id": GUIDE, "step": 5, "total": 5}}
    )
    for n in (1, 2):
        stopped.press(vn(2026, 11, 11, 9, n), f"/guide{n}", {**step, "guide": {"faq_id": GUIDE, "step": n, "total": 5}})
    rollup.refresh(db)
    progress = guides_figures.guides(db, filters(db))
    assert [(g.entry_id, g.total, g.started, g.finished, g.stopped_at) for g in progress] == [(GUIDE, 5, 2, 1, {2: 1})]


def test_callbacks_count_live_and_erased(db):
    from bot.privacy.erasure import Eraser, erase

    kept, gone = chat(db), chat(db)
    kept.callback(vn(2026, 11, 8, 9), "done")
    kept.callback(vn(2026, 11, 8, 10), "open")
    gone.ask(vn(2026, 11, 9, 9))
    gone.callback(vn(2026, 11, 9, 9, 1), "unreachable")
    erase(db, gone.id, vn(2026, 12, 1), by=Eraser.RETENTION)
    db.flush()
    assert handoff_figures.callbacks(db, filters(db)) == {"open": 1, "done": 1, "unreachable": 1}


def test_unanswered_groups_of_the_period(db, month):
    other = chat(db, "web")
    reply = other.ask(vn(2026, 11, 20, 9), FALLBACK, text="Cho hỏi")  # the same question as B's first, another spelling
    other._add("out", vn(2026, 11, 20, 9, 1), "lại không hiểu", dict(FALLBACK), reply.reply_to)  # two replies: one question
    other.press(vn(2026, 11, 20, 9, 2), "/khong_ro", FALLBACK)  # a button press is no question, whatever the reply
    late = chat(db, "web")
    late.ask(vn(2026, 12, 2, 9), FALLBACK, text="ngoài khoảng thời gian")
    rollup.refresh(db)
    groups = entries_figures.unanswered_groups(db, filters(db))
    assert [(g.count, sorted(i.text for i in g.items)) for g in groups] == [(2, ["Cho hỏi", "cho hỏi"])]
    dismissed = next(i for i in groups[0].items if i.text == "Cho hỏi")
    db.add(UnansweredHandled(message_id=dismissed.message_id, action="dismissed", handled_by="lan"))
    db.flush()
    assert [g.count for g in entries_figures.unanswered_groups(db, filters(db))] == [1]
    assert entries_figures.unanswered_groups(db, filters(db, channel="telegram"))[0].items[0].text == "cho hỏi"


def sums_of(db, f):
    """Every figure the totals give (HourTotals, EntryTotals), for one set of filters."""
    return (
        overview_figures.overview(db, f, f.period),
        overview_figures.overview(db, f, f.previous),
        timing_figures.timing(db, f),
        satisfaction_figures.endings(db, f, satisfaction_figures.ticket_statuses(db, f)),
    )


PERIODS = [{}, {"first": "2026-11-10", "last": "2026-11-20"}, {"first": "2026-11-16", "last": "2026-11-17"}]


def test_the_totals_give_the_figures_the_conversation_days_give(db, month, monkeypatch):
    """Every figure the totals give equals the one the conversation-days give, on random activity, per
    channel, and over periods that residents helped on several days begin or end in the middle of."""
    busy_month(db)
    rollup.refresh(db)
    came_back = 0  # residents helped in a period whose previous helped day was before it
    for channel, period in [(channel, period) for channel in ("", "web", "telegram") for period in PERIODS]:
        f = filters(db, channel=channel, **period)
        from_totals = sums_of(db, f)
        assert from_totals[0].conversations > 0
        first = db.scalar(select(func.sum(HourTotals.helped_first)).where(*queries.in_hours(f.period, f)))
        came_back += from_totals[0].residents_helped - (first or 0)
        with monkeypatch.context() as patched:
            patched.setattr(queries, "by_totals", lambda _: False)  # as with a category: the conversation-days
            assert sums_of(db, f) == from_totals, (channel, period)
        # the answers per entry, as the conversation-days' entries add them up
        query = (
            select(DayEntry.faq_id, func.sum(DayEntry.answers), func.sum(DayEntry.thumbs_up), func.sum(DayEntry.thumbs_down))
            .join(DayActivity, and_(DayActivity.day == DayEntry.day, DayActivity.conversation_id == DayEntry.conversation_id))
            .where(DayEntry.day >= f.period.first, DayEntry.day <= f.period.last, DayEntry.answers > 0)
            .group_by(DayEntry.faq_id)
        )
        if channel:
            query = query.where(DayActivity.channel == channel)
        expected = {faq_id: (n, up, down) for faq_id, n, up, down in db.execute(query)}
        assert {e.entry_id: (e.answers, e.thumbs_up, e.thumbs_down) for e in entries_figures.entries(db, f)} == expected
        assert expected
    assert came_back > 0
