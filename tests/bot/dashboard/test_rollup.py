"""The roll-ups equal a computation from scratch after every kind of event, and outlive erasure."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.dashboard import rollup
from bot.dashboard.models import DayActivity, DayEntry, RollupMark
from bot.privacy import erasure
from bot.privacy.erasure import Eraser, erase
from tests.bot.dashboard.builder import FALLBACK, chat, vn


def snapshot(db):
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
        )
        for r in db.scalars(select(DayActivity))
    }
    entries = {
        (r.conversation_id, r.day, r.faq_id): (r.answers, r.thumbs_up, r.thumbs_down, r.guide_step, r.guide_total, r.guide_done)
        for r in db.scalars(select(DayEntry))
    }
    return days, entries


def from_scratch(db):
    """What a rebuild computes, leaving the incremental rows as they were."""
    savepoint = db.begin_nested()
    rollup.rebuild(db)
    expected = snapshot(db)
    savepoint.rollback()
    return expected


def refreshed(db, now):
    rollup.refresh(db, now)
    return snapshot(db)


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
    days, _ = refreshed(db, vn(2026, 11, 2, 17, 6))
    assert days == from_scratch(db)[0]
    row = days[(a.id, vn(2026, 11, 2).astimezone(rollup.VIETNAM).date())]
    assert row[9] == ticket.id and row[10] == 120  # claimed at 17:03, first message at 17:05
    assert row[2:9] == (3, 2, 1, 0, 1, 0, 1)  # 3 questions, 2 answered, 1 fallback, no repeat, 1 volunteer message, 👎
    # a new day in the same conversation is a new row
    a.ask(vn(2026, 11, 3, 8))
    assert refreshed(db, vn(2026, 11, 3, 8, 1)) == from_scratch(db)
    assert len(snapshot(db)[0]) == 2
    assert answer is not None


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
    assert (b.id, vn(2026, 11, 2).astimezone(rollup.VIETNAM).date()) in snapshot(db)[0]


def test_erased_conversations_keep_their_rows(db):
    a = chat(db, "telegram")
    a.ask(vn(2026, 11, 2, 9))
    a.ticket(vn(2026, 11, 2, 9, 1), wait=timedelta(minutes=2), rating=5)
    rollup.refresh(db, vn(2026, 11, 2, 10))
    before = snapshot(db)
    erase(db, a.id, vn(2027, 3, 1), by=Eraser.RETENTION)
    db.flush()
    rollup.refresh(db, vn(2027, 3, 1, 1))
    assert snapshot(db) == before  # the retention job's erasure leaves the statistics of November as they were
    assert next(iter(before[0].values()))[0] == "telegram"


def test_repeat_questions_within_ten_minutes():
    at = vn(2026, 11, 2, 9)
    faq = {"source": "faq", "faq_id": "x"}

    def rows(*questions):
        built, seq = [], 0
        for minutes, meta in questions:
            seq += 1
            built.append(rollup._Row(seq * 10, seq, "in", {}, None, at + timedelta(minutes=minutes)))
            seq += 1
            built.append(rollup._Row(seq * 10, seq, "out", meta, seq - 1, at + timedelta(minutes=minutes)))
        return built

    fallback = {"source": "fallback", "intent": "nlu_fallback"}
    assert rollup.summarize(rows((0, fallback), (9, faq)), "web", {}, []).repeats == 1  # rephrased after a fallback
    assert rollup.summarize(rows((0, fallback), (11, faq)), "web", {}, []).repeats == 0  # more than 10 minutes later
    assert rollup.summarize(rows((0, faq), (5, faq)), "web", {}, []).repeats == 1  # the same answer again
    assert rollup.summarize(rows((0, faq), (5, {"source": "faq", "faq_id": "y"})), "web", {}, []).repeats == 0


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
    rollup.refresh(db, vn(2026, 11, 2, 10))
    [row] = snapshot(db)[0].values()
    assert row[0] == "web"


def test_a_day_with_only_our_messages_is_no_visit(db):
    a = chat(db, "web")
    a.ask(vn(2026, 11, 2, 23, 50))
    a.volunteer_says(vn(2026, 11, 3, 0, 10))  # after midnight in Việt Nam
    rollup.refresh(db, vn(2026, 11, 3, 1))
    assert [day for _, day in snapshot(db)[0]] == [vn(2026, 11, 2).astimezone(rollup.VIETNAM).date()]


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
    rollup.refresh(db, vn(2026, 11, 3, 1))
    [row] = db.scalars(select(DayActivity)).all()
    assert row.first_reply_s == 1800
