"""The roll-ups equal a computation from scratch after every kind of event, and outlive erasure; their
totals per day and hour and per day and entry equal the sums of their rows after every refresh."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from bot.dashboard import rollup
from bot.dashboard.models import DayActivity, DayEntry, EntryTotals, HourTotals, RollupMark
from bot.handoff.schedule import VIETNAM
from bot.privacy import erasure
from bot.privacy.erasure import Eraser, erase
from knowledge.database import make_engine, make_sessionmaker
from tests.bot.dashboard.builder import FALLBACK, FAQ, chat, vn
from tests.bot.dashboard.conftest import seeded_database


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, seeded_template):
    """On both databases: the totals are added up by an INSERT … SELECT each runs its own way."""
    yield from seeded_database(request.param, tmp_path, seeded_template)


def snapshot(db):
    """Every roll-up row: (conversation-days, their entries, the totals per hour, the totals per entry)."""
    days = {
        (r.conversation_id, r.day): (
            r.channel,
            r.first_hour,
            r.questions,
            r.answered,
            r.unanswered,
            r.repeats,
            r.volunteer_messages,
            r.thumbs_up,
            r.thumbs_down,
            r.ticket_id,
            r.first_reply_s,
            r.helped_before,
        )
        for r in db.scalars(select(DayActivity))
    }
    entries = {
        (r.conversation_id, r.day, r.faq_id): (r.answers, r.thumbs_up, r.thumbs_down, r.guide_step, r.guide_total, r.guide_done)
        for r in db.scalars(select(DayEntry))
    }
    hours = {
        (r.day, r.hour, r.channel): (
            r.conversations,
            r.questions,
            r.bot_resolved,
            r.handed_over,
            r.thumbs_up,
            r.thumbs_down,
            r.unanswered,
            r.helped_first,
            r.ended_rated_badly,
            r.ended_rated_well,
            r.ended_answered,
            r.ended_unanswered,
            r.ended_other,
        )
        for r in db.scalars(select(HourTotals))
    }
    answers = {(r.day, r.channel, r.faq_id): (r.answers, r.thumbs_up, r.thumbs_down) for r in db.scalars(select(EntryTotals))}
    return days, entries, hours, answers


GUIDE = "phuong-lop-binh-dan-hoc-vu-so"  # an entry with steps in the seeded knowledge base
VNEID = FAQ["faq_id"]
ENDED = ("rated_badly", "rated_well", "answered", "unanswered", "other")


def ending(answered, unanswered, thumbs_up, thumbs_down):
    """How a conversation-day without a ticket ended, written out again (metrics.py's table of endings)."""
    if thumbs_down > 0:
        return "rated_badly"
    if answered > 0:
        return "rated_well" if thumbs_up > 0 else "answered"
    return "unanswered" if unanswered > 0 else "other"


def added_up(days, entries):
    """The totals the rows of `days` and `entries` (a snapshot's) make, added up here in Python."""
    hours = defaultdict(lambda: [0] * 13)
    for (_, day), row in days.items():
        channel, hour, questions, answered, unanswered, repeats, volunteer, up, down, ticket, _, before = row
        total = hours[(day, hour, channel)]
        resolved = answered > 0 and ticket is None and down == 0 and repeats == 0
        first = (answered > 0 or volunteer > 0) and before is None
        for i, value in enumerate((1, questions, resolved, ticket is not None, up, down, unanswered, first)):
            total[i] += int(value)
        if ticket is None:
            total[8 + ENDED.index(ending(answered, unanswered, up, down))] += 1
    answers = defaultdict(lambda: [0, 0, 0])
    for (conversation_id, day, faq_id), (n, up, down, *_) in entries.items():
        if n > 0:
            total = answers[(day, days[(conversation_id, day)][0], faq_id)]
            for i, value in enumerate((n, up, down)):
                total[i] += value
    return {k: tuple(v) for k, v in hours.items()}, {k: tuple(v) for k, v in answers.items()}


def from_scratch(db):
    """What a rebuild computes, leaving the incremental rows as they were."""
    savepoint = db.begin_nested()
    rollup.rebuild(db)
    expected = snapshot(db)
    savepoint.rollback()
    return expected


def chained(days):
    """Each conversation-day's helped_before as the rows of `days` say it, worked out here in Python."""
    by_conversation = defaultdict(list)
    for (conversation_id, day), row in sorted(days.items(), key=lambda item: item[0][1]):
        by_conversation[conversation_id].append((day, row[3] > 0 or row[6] > 0))
    before = {}
    for conversation_id, found in by_conversation.items():
        previous = None
        for day, helped in found:
            before[(conversation_id, day)] = previous if helped else None
            previous = day if helped else previous
    return before


def refreshed(db, now):
    """Refreshes, checks each row's helped_before and that the totals are the sums of the rows, and gives the
    snapshot."""
    rollup.refresh(db, now)
    found = snapshot(db)
    assert {key: row[11] for key, row in found[0].items()} == chained(found[0])
    assert found[2:] == added_up(*found[:2])
    return found


def test_incremental_refresh_equals_a_rebuild_after_each_event(db):
    a = chat(db, "web")
    a.ask(vn(2026, 11, 2, 9))
    assert refreshed(db, vn(2026, 11, 2, 9, 1)) == from_scratch(db)
    # a new question on the same day, then a vote: long after the last refresh (outside SLACK)
    answer = a.ask(vn(2026, 11, 2, 15), FALLBACK)
    assert refreshed(db, vn(2026, 11, 2, 15, 1)) == from_scratch(db)
    vote = a.vote(a.ask(vn(2026, 11, 2, 16)), +1)
    assert refreshed(db, vn(2026, 11, 2, 16, 2)) == from_scratch(db)
    # the vote changed (an update, no new id): the press that changed it is a new message of that day
    vote.value = -1
    a.press(vn(2026, 11, 2, 16, 5), "#feedback:down:5", {"source": "system", "intent": "feedback"})
    assert refreshed(db, vn(2026, 11, 2, 16, 6)) == from_scratch(db)
    # a ticket, its claim and a volunteer's first message
    ticket = a.ticket(vn(2026, 11, 2, 17), wait=timedelta(minutes=3))
    assert refreshed(db, vn(2026, 11, 2, 17, 1)) == from_scratch(db)
    a.volunteer_says(vn(2026, 11, 2, 17, 5))
    found = refreshed(db, vn(2026, 11, 2, 17, 6))
    assert found == from_scratch(db)
    days = found[0]
    row = days[(a.id, vn(2026, 11, 2).astimezone(VIETNAM).date())]
    assert row[9] == ticket.id and row[10] == 120  # claimed at 17:03, first message at 17:05
    assert row[2:9] == (3, 2, 1, 0, 1, 0, 1)  # 3 questions, 2 answered, 1 fallback, no repeat, 1 volunteer message, 👎
    # another resident in the same hour on another channel, following a guide (guidance is no answer)
    b = chat(db, "telegram")
    b.ask(vn(2026, 11, 2, 17, 20), FALLBACK)
    guide = {"source": "faq", "faq_id": GUIDE, "offer": "guide", "guide": {"faq_id": GUIDE, "step": 1, "total": 5}}
    b.press(vn(2026, 11, 2, 17, 21), "/guide1", guide)
    assert refreshed(db, vn(2026, 11, 2, 17, 22)) == from_scratch(db)
    # and a third on the web, in the same hour as the first
    c = chat(db, "web")
    c.vote(c.ask(vn(2026, 11, 2, 17, 30)), +1)
    found = refreshed(db, vn(2026, 11, 2, 17, 31))
    assert found == from_scratch(db)
    day = vn(2026, 11, 2).astimezone(VIETNAM).date()
    assert found[2][(day, 17, "web")][:4] == (1, 1, 1, 0)  # c: one question, resolved by the bot alone
    assert found[2][(day, 9, "web")][:4] == (1, 3, 0, 1)  # a: begun at 9:00, handed over at 17:00
    assert found[2][(day, 17, "telegram")][11] == 1  # b ended unanswered
    assert {(d, ch, faq) for d, ch, faq in found[3]} == {(day, "web", VNEID)}  # b's guide step is no answer
    # a new day in the same conversation is a new row
    a.ask(vn(2026, 11, 3, 8))
    assert refreshed(db, vn(2026, 11, 3, 8, 1)) == from_scratch(db)
    assert len(snapshot(db)[0]) == 4  # a on two days, b and c
    assert answer is not None


def test_a_day_helped_later_moves_the_helped_before_of_the_days_after_it(db):
    a = chat(db, "web")
    a.ask(vn(2026, 11, 2, 9), FALLBACK)  # not helped: the bot could not answer
    a.ask(vn(2026, 11, 3, 9))
    a.ask(vn(2026, 11, 4, 9))
    found = refreshed(db, vn(2026, 11, 4, 10))
    day = vn(2026, 11, 2).astimezone(VIETNAM).date()
    assert [found[0][(a.id, day + timedelta(days=n))][11] for n in range(3)] == [None, None, day + timedelta(days=1)]
    a.volunteer_says(vn(2026, 11, 2, 9, 30))  # written late: the 2nd was helped after all
    found = refreshed(db, vn(2026, 11, 4, 11))
    assert [found[0][(a.id, day + timedelta(days=n))][11] for n in range(3)] == [None, day, day + timedelta(days=1)]
    assert found == from_scratch(db)
    assert sum(totals[7] for totals in found[2].values()) == 1  # one resident, helped for the first time on the 2nd


def test_a_late_commit_with_an_older_id_is_still_seen(db):
    a = chat(db)
    early = a.ask(vn(2026, 11, 2, 9))
    rollup.refresh(db, vn(2026, 11, 2, 9, 1))
    mark = db.get(RollupMark, 1)
    assert mark.message_id == early.id
    # a message whose id is below the mark (committed late) but written within SLACK of the last refresh
    mark.message_id = early.id + 10
    b = chat(db)
    b.ask(vn(2026, 11, 2, 9, 0))
    rollup.refresh(db, vn(2026, 11, 2, 9, 2))
    assert (b.id, vn(2026, 11, 2).astimezone(VIETNAM).date()) in snapshot(db)[0]


def test_erased_conversations_keep_their_rows(db):
    a = chat(db, "telegram")
    a.ask(vn(2026, 11, 2, 9))
    a.ticket(vn(2026, 11, 2, 9, 1), wait=timedelta(minutes=2), rating=5)
    before = refreshed(db, vn(2026, 11, 2, 10))
    erase(db, a.id, vn(2027, 3, 1), by=Eraser.RETENTION)
    db.flush()
    assert refreshed(db, vn(2027, 3, 1, 1)) == before  # the retention job's erasure leaves November's statistics
    assert next(iter(before[0].values()))[0] == "telegram"


def test_a_days_totals_keep_the_erased_conversations_when_the_day_is_added_up_again(db):
    erasure.before_erasing(rollup.before_erasure)  # as the app registers it
    a, b = chat(db, "telegram"), chat(db, "web")
    a.ask(vn(2026, 11, 2, 9))
    before = refreshed(db, vn(2026, 11, 2, 10))
    b.ask(vn(2026, 11, 2, 9, 30))  # not rolled up yet when the resident erases it
    c = chat(db, "telegram")
    c.ask(vn(2026, 11, 2, 11, 5))  # a new conversation of that day: the day's totals are added up again
    erase(db, a.id, vn(2026, 11, 2, 11, 10), by=Eraser.RETENTION)  # already rolled up: its messages just go
    erase(db, b.id, vn(2026, 11, 2, 11, 10), by=Eraser.RESIDENT)  # rolled up first (the hook), then gone
    db.flush()
    found = refreshed(db, vn(2026, 11, 2, 11, 15))
    day = vn(2026, 11, 2).astimezone(VIETNAM).date()
    conversations = {key: totals[0] for key, totals in found[2].items()}
    assert conversations == {(day, 9, "telegram"): 1, (day, 9, "web"): 1, (day, 11, "telegram"): 1}  # a, b, c
    assert found[3][(day, "telegram", VNEID)][0] == 2 and found[3][(day, "web", VNEID)][0] == 1
    assert len(before[0]) == 1 and len(found[0]) == 3


def test_the_command_line_brings_the_rollups_up_to_date(db, database_url, monkeypatch, capsys):
    from bot.settings import get_settings

    a = chat(db)
    a.ask(vn(2026, 11, 2, 9))
    db.commit()
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        assert rollup.main([]) == 0
        assert "1 (conversation, day) pair(s) recomputed" in capsys.readouterr().out
        assert rollup.main([]) == 0  # nothing new since
        assert "0 (conversation, day)" in capsys.readouterr().out
        assert rollup.main(["--rebuild"]) == 0
        assert "1 (conversation, day)" in capsys.readouterr().out
    finally:
        get_settings.cache_clear()
    db.expire_all()
    assert len(snapshot(db)[0]) == 1


def test_a_conversation_erased_before_any_refresh_is_still_counted(db):
    erasure.before_erasing(rollup.before_erasure)  # as the app registers it (bot.dashboard.routes.install)
    a = chat(db, "web")
    a.ask(vn(2026, 11, 2, 9))
    erase(db, a.id, vn(2026, 11, 2, 9, 30), by=Eraser.RESIDENT)
    db.flush()
    [row] = refreshed(db, vn(2026, 11, 2, 10))[0].values()
    assert row[0] == "web"


def test_a_day_with_only_our_messages_is_no_visit(db):
    a = chat(db, "web")
    a.ask(vn(2026, 11, 2, 23, 50))
    a.volunteer_says(vn(2026, 11, 3, 0, 10))  # after midnight in Việt Nam
    found = refreshed(db, vn(2026, 11, 3, 1))
    assert [day for _, day in found[0]] == [vn(2026, 11, 2).astimezone(VIETNAM).date()]
    assert [day for day, _, _ in found[2]] == [vn(2026, 11, 2).astimezone(VIETNAM).date()]


def test_a_volunteer_reply_after_midnight_still_times_the_first_reply(db):
    a = chat(db, "web")
    a.ask(vn(2026, 11, 2, 23, 50))
    a.ticket(vn(2026, 11, 2, 23, 51), wait=timedelta(minutes=4))  # claimed at 23:55
    a.volunteer_says(vn(2026, 11, 3, 0, 5))  # answered ten minutes later, on the next day
    rollup.refresh(db, vn(2026, 11, 3, 1))
    [row] = db.scalars(select(DayActivity)).all()
    assert row.first_reply_s == 600


def test_a_reply_after_midnight_updates_a_day_already_rolled_up(db):
    a = chat(db, "web")
    a.ask(vn(2026, 11, 2, 23, 30))
    a.ticket(vn(2026, 11, 2, 23, 31), wait=timedelta(minutes=4))  # claimed at 23:35
    rollup.refresh(db, vn(2026, 11, 2, 23, 58))  # someone opened the dashboard before the reply
    a.volunteer_says(vn(2026, 11, 3, 0, 5))  # the day before is beyond the refresh's slack by now
    assert refreshed(db, vn(2026, 11, 3, 1)) == from_scratch(db)
    [row] = db.scalars(select(DayActivity)).all()
    assert row.first_reply_s == 1800


@pytest.fixture
def pg_db(tmp_path, seeded_template):
    """PostgreSQL only: SQLite writes one transaction at a time, so it has no lock to test."""
    for url in seeded_database("postgresql", tmp_path, seeded_template):
        engine = make_engine(url)
        with make_sessionmaker(engine)() as session:
            yield session
        engine.dispose()


def test_an_erasure_catches_up_under_the_dashboards_refresh_lock(pg_db):
    """PostgreSQL: an erasure's catch-up and a dashboard's refresh never rewrite the same rows at once."""
    db = pg_db
    a = chat(db)
    a.ask(vn(2026, 11, 2, 9))
    rollup.before_erasure(db, a.id)
    held = db.execute(
        text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :key AND pid = pg_backend_pid()"),
        {"key": rollup.REFRESH_LOCK},
    ).scalar_one()
    assert held == 1  # until the erasure's transaction ends: a dashboard meanwhile reads the roll-ups as they are
