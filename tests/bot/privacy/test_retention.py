"""The retention job on SQLite and PostgreSQL: old conversations erased (anonymous counts, tickets and
votes kept), recent ones untouched, Rasa's tracker rows gone, and an erased conversation never back."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.access import log as access_log
from bot.access.models import AccessKind, ConversationAccess
from bot.conversations.features import Features
from bot.conversations.models import Conversation, Message, Mode
from bot.conversations.store import MessageStore
from bot.db import make_engine, make_sessionmaker
from bot.feedback.models import Feedback
from bot.handoff import callback_phones
from bot.handoff.models import Callback, CallbackPhone, CallbackPhoneRead, HandoffReason, Ticket, TicketEvent, TicketStatus
from bot.privacy import retention
from bot.privacy.erasure import ERASED_CHANNEL
from bot.privacy.models import Metric, UsageCount
from bot.privacy.tracker import RasaTracker
from tests.bot.auth.helpers import add_user
from tests.bot.handoff.phone_read_rows import a_read
from tests.bot.privacy.tracker_rows import add_events, create_events, senders
from tests.support.database import migrate
from tests.support.postgres import postgres_schema

NOW = datetime(2026, 12, 15, 3, 0, tzinfo=timezone.utc)
OLD = NOW - timedelta(days=200)
RECENT = NOW - timedelta(days=10)


@pytest.fixture(params=["sqlite", "postgresql"])
def urls(request, tmp_path):
    """(application database, Rasa's tracker database), migrated and with Rasa's events table."""
    if request.param == "sqlite":
        app, tracker = f"sqlite:///{tmp_path / 'app.db'}", f"sqlite:///{tmp_path / 'rasa_tracker.db'}"
        migrate(app)
        create_events(tracker)
        yield app, tracker
        return
    with postgres_schema() as app, postgres_schema() as tracker:
        migrate(app)
        create_events(tracker)
        yield app, tracker


def a_conversation(session, external_id: str, at: datetime, channel: str = "web") -> Conversation:
    """A conversation with a question, a FAQ answer voted 👎, a resolved ticket with stars, a comment
    and a volunteer's note, and a call-back with a phone number, all at `at`."""
    conversation = Conversation(channel=channel, external_id=external_id, mode=Mode.BOT, last_seq=3, created_at=at, updated_at=at)
    session.add(conversation)
    session.flush()
    question = Message(
        conversation_id=conversation.id,
        seq=1,
        direction="in",
        text="CCCD của tôi 079123456789",
        meta={},
        status="answered",
        created_at=at,
    )
    answer = Message(
        conversation_id=conversation.id,
        seq=2,
        direction="out",
        text="Dạ, về «Cấp CCCD»…",
        meta={"source": "faq", "faq_id": "cccd-cap-moi", "intent": "ask_question"},
        status="delivered",
        reply_to=1,
        created_at=at,
    )
    volunteer = Message(
        conversation_id=conversation.id,
        seq=3,
        direction="out",
        text="Chào bác",
        meta={"source": "volunteer"},
        status="delivered",
        created_at=at,
    )
    session.add_all([question, answer, volunteer])
    session.flush()
    session.add(Feedback(conversation_id=conversation.id, message_id=answer.id, value=-1, faq_id="cccd-cap-moi", created_at=at))
    ticket = Ticket(
        conversation_id=conversation.id,
        channel=channel,
        reason=HandoffReason.REQUEST_HUMAN,
        priority=40,
        status=TicketStatus.RESOLVED,
        outcome="answered",
        created_at=at,
        closed_at=at,
        rating=5,
        rating_comment="Cô Lan ở tổ 3 giúp rất nhiệt tình",
    )
    session.add(ticket)
    session.flush()
    session.add(
        TicketEvent(ticket_id=ticket.id, kind="note", actor="lan", data={}, text="Bác ở 12 Lê Lợi, SĐT 0901234567", at=at)
    )
    callback = Callback(
        conversation_id=conversation.id,
        ticket_id=ticket.id,
        reason=HandoffReason.REQUEST_HUMAN,
        question="hỏi CCCD",
        created_at=at,
    )
    session.add(callback)
    session.flush()
    callback_phones.keep(session, callback, "0901234567")
    session.flush()
    return conversation


def test_old_conversations_are_erased_recent_ones_kept_on_both_databases(urls):
    app_url, tracker_url = urls
    engine = make_engine(app_url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        old = a_conversation(session, "old-resident-0001", OLD)
        recent = a_conversation(session, "recent-resident-01", RECENT)
        session.commit()
        old_id, recent_id = old.id, recent.id
    add_events(tracker_url, f"conv-{old_id}", OLD)
    add_events(tracker_url, f"conv-{recent_id}", RECENT)
    add_events(tracker_url, "conv-999999", OLD)  # a tracker the application database no longer knows
    tracker = RasaTracker(tracker_url)

    report = retention.run(sessions, tracker, days=180, now=NOW)

    assert (report.conversations, report.messages) == (1, 3)
    assert senders(tracker_url) == {f"conv-{recent_id}": 3}
    with sessions() as session:
        stub = session.get_one(Conversation, old_id)
        assert (stub.channel, stub.external_id, stub.last_seq) == (ERASED_CHANNEL, str(old_id), 0)
        assert session.scalar(select(func.count()).where(Message.conversation_id == old_id)) == 0
        assert session.scalar(select(func.count()).where(Callback.conversation_id == old_id)) == 0
        ticket = session.scalars(select(Ticket).where(Ticket.conversation_id == old_id)).one()
        assert (ticket.rating, ticket.rating_comment, ticket.status) == (5, None, TicketStatus.RESOLVED)
        assert session.scalars(select(TicketEvent.text).where(TicketEvent.ticket_id == ticket.id)).all() == [None]
        vote = session.scalars(select(Feedback).where(Feedback.conversation_id == old_id)).one()
        assert (vote.value, vote.faq_id, vote.message_id) == (-1, "cccd-cap-moi", None)
        # the recent one is as it was
        assert session.scalar(select(func.count()).where(Message.conversation_id == recent_id)) == 3
        assert session.scalar(select(func.count()).where(Callback.conversation_id == recent_id)) == 1
        assert session.get_one(Conversation, recent_id).external_id == "recent-resident-01"
        counts = {(c.day, c.channel, c.metric, c.label): c.count for c in session.scalars(select(UsageCount))}
    day = date(2026, 5, 29)  # OLD in Việt Nam time
    assert counts == {
        (day, "web", Metric.CONVERSATIONS, ""): 1,
        (day, "web", Metric.MESSAGES_IN, ""): 1,
        (day, "web", Metric.REPLIES, "faq"): 1,
        (day, "web", Metric.REPLIES, "volunteer"): 1,
        (day, "web", Metric.FAQ_ANSWERS, "cccd-cap-moi"): 1,
        (day, "web", Metric.INTENTS, "ask_question"): 1,
        (day, "web", Metric.CALLBACKS, "open"): 1,
    }

    again = retention.run(sessions, tracker, days=180, now=NOW)
    assert again.conversations == 0  # erased once; the stub is not due again
    tracker.dispose()
    engine.dispose()


def test_counts_add_up_across_erasures_of_the_same_day(urls):
    app_url, tracker_url = urls
    engine = make_engine(app_url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        for n in range(3):
            a_conversation(session, f"old-resident-000{n}", OLD)
        session.commit()
    tracker = RasaTracker(tracker_url)
    assert retention.run(sessions, tracker, days=180, now=NOW).conversations == 3
    with sessions() as session:
        assert session.scalar(select(UsageCount.count).where(UsageCount.metric == Metric.MESSAGES_IN)) == 3
    tracker.dispose()
    engine.dispose()


def test_a_later_message_from_the_same_sender_starts_a_new_empty_conversation(urls):
    app_url, tracker_url = urls
    engine = make_engine(app_url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        old_id = a_conversation(session, "123456789", OLD, channel="telegram").id
        session.commit()
    tracker = RasaTracker(tracker_url)
    retention.run(sessions, tracker, days=180, now=NOW)

    store = MessageStore(sessions, Features())
    conversation, inbound, _ = store.store_inbound("telegram", "123456789", "xin chào", None, {})

    assert conversation.id != old_id and conversation.rasa_sender != f"conv-{old_id}"
    assert inbound.seq == 1
    assert [m.text for m in store.history(conversation.id, 0)] == ["xin chào"]
    tracker.dispose()
    engine.dispose()


def test_a_conversation_written_in_since_it_was_found_is_kept(urls):
    app_url, tracker_url = urls
    engine = make_engine(app_url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        old_id = a_conversation(session, "old-resident-0001", OLD).id
        session.commit()
    cutoff = retention.cutoff_of(NOW, 180)
    with sessions() as session:
        assert retention.due(session, cutoff) == [old_id]
        session.get_one(Conversation, old_id).updated_at = NOW  # the resident writes again meanwhile
        session.commit()
    tracker = RasaTracker(tracker_url)
    assert retention.erase_with_tracker(sessions, tracker, old_id, retention.Eraser.RETENTION, idle_before=cutoff) is None
    with sessions() as session:
        assert session.scalar(select(func.count()).where(Message.conversation_id == old_id)) == 3
    tracker.dispose()
    engine.dispose()


def test_a_tracker_failure_leaves_the_conversation_as_it_was(tmp_path):
    app_url = f"sqlite:///{tmp_path / 'app.db'}"
    migrate(app_url)
    tracker_url = f"sqlite:///{tmp_path / 'rasa_tracker.db'}"
    create_events(tracker_url)
    engine = make_engine(app_url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        old_id = a_conversation(session, "old-resident-0001", OLD).id
        session.commit()
    tracker = RasaTracker(tracker_url)

    def broken(_senders):
        raise OSError("tracker database unreachable")

    tracker.forget = broken  # type: ignore[method-assign]
    report = retention.run(sessions, tracker, days=180, now=NOW)
    assert report.conversations == 0  # logged, left for the next run
    with sessions() as session:
        assert session.get_one(Conversation, old_id).external_id == "old-resident-0001"
        assert session.scalar(select(func.count()).where(Message.conversation_id == old_id)) == 3
        assert session.scalar(select(func.count()).select_from(UsageCount)) == 0
    engine.dispose()


def test_without_rasa_s_store_yet_nothing_fails_and_no_file_is_made(tmp_path):
    tracker = RasaTracker(f"sqlite:///{tmp_path / 'not-yet.db'}")
    assert tracker.forget(["conv-1"]) == 0 and tracker.forget_idle(NOW) == 0
    assert not (tmp_path / "not-yet.db").exists()


def test_the_command_line_erases_what_is_due(tmp_path, monkeypatch, capsys):
    app_url, tracker_db = f"sqlite:///{tmp_path / 'app.db'}", tmp_path / "rasa_tracker.db"
    migrate(app_url)
    create_events(f"sqlite:///{tracker_db}")
    lan = add_user(app_url, "lan", "volunteer")
    engine = make_engine(app_url)
    with make_sessionmaker(engine)() as session:
        a_conversation(session, "old-resident-0001", datetime.now(timezone.utc) - timedelta(days=200))
        old_opening = datetime.now(timezone.utc) - timedelta(days=366)  # past ACCESS_LOG_RETENTION_DAYS (365)
        access_log.record(session, lan, "lan", "volunteer", 1, None, AccessKind.TICKET_PAGE, now=old_opening)
        session.commit()
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", app_url)
    monkeypatch.setenv("RASA_TRACKER_DB", str(tracker_db))
    from bot.settings import get_settings

    get_settings.cache_clear()
    try:
        assert retention.main(["--dry-run"]) == 0
        assert "1 conversation(s)" in capsys.readouterr().out
        assert retention.main([]) == 0
        out = capsys.readouterr().out
        assert "1 conversation(s) erased (3 message(s))" in out and "1 access log row(s)" in out
    finally:
        get_settings.cache_clear()


def test_phone_numbers_of_call_backs_closed_long_enough_ago_are_deleted_with_recent_conversations(urls):
    app, tracker_url = urls
    engine = make_engine(app)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        ids = []
        for name, handled in (("done-long-ago", NOW - timedelta(days=8)), ("done-yesterday", NOW - timedelta(days=1))):
            conversation = a_conversation(session, name, RECENT)  # recent: the conversation itself is kept
            callback = session.scalars(select(Callback).where(Callback.conversation_id == conversation.id)).one()
            callback.status, callback.handled_at = "done", handled
            ids.append(callback.id)
        session.commit()
    tracker = RasaTracker(tracker_url)
    try:
        report = retention.run(sessions, tracker, 180, now=NOW, phone_keep=timedelta(days=7))
    finally:
        tracker.dispose()
    with sessions() as session:
        kept = set(session.scalars(select(CallbackPhone.callback_id)))
    engine.dispose()
    assert report.callback_phones == 1 and kept == {ids[1]}


def _dashboard_figures(url: str, day: date) -> tuple[object, ...]:
    """The dashboard's figures of one Việt Nam day, read as a page view reads them (after a refresh)."""
    from bot.dashboard import rollup
    from bot.dashboard.metrics import entries as entries_figures
    from bot.dashboard.metrics import overview as overview_figures
    from bot.dashboard.metrics import satisfaction as satisfaction_figures
    from bot.dashboard.metrics import timing as timing_figures
    from bot.dashboard.period import Filters, Period

    filters = Filters(Period(day, day), Period(day - timedelta(days=1), day - timedelta(days=1)), "", "", "")
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        rollup.refresh(session)
        session.commit()
        figures = (
            overview_figures.overview(session, filters, filters.period),
            timing_figures.timing(session, filters),
            entries_figures.entries(session, filters),
            satisfaction_figures.endings(session, filters, satisfaction_figures.ticket_statuses(session, filters)),
        )
    engine.dispose()
    return figures


def test_the_command_line_updates_the_dashboard_before_erasing(tmp_path, monkeypatch, capsys):
    """As the gateway's hourly job: an old conversation the dashboard's roll-ups have not read yet is
    rolled up before its messages go, so the figures of its day are the same after the erasure."""
    from bot.dashboard import rollup
    from bot.dashboard.days import local
    from bot.privacy import erasure

    monkeypatch.setattr(erasure, "_before_erasing", [])  # no hook left registered by another test's app
    app_url, tracker_db = f"sqlite:///{tmp_path / 'app.db'}", tmp_path / "rasa_tracker.db"
    migrate(app_url)
    create_events(f"sqlite:///{tracker_db}")
    engine = make_engine(app_url)
    with make_sessionmaker(engine)() as session:
        rollup.refresh(session)  # the dashboard was opened before the conversation: its roll-ups are stale
        session.commit()
        at = datetime.now(timezone.utc) - timedelta(days=200)
        a_conversation(session, "old-resident-0002", at)
        session.commit()
    engine.dispose()
    day = local(at).date()
    twin = tmp_path / "twin.db"  # the same data, never erased: what the dashboard showed before the run
    shutil.copy(tmp_path / "app.db", twin)
    before = _dashboard_figures(f"sqlite:///{twin}", day)
    monkeypatch.setenv("DATABASE_URL", app_url)
    monkeypatch.setenv("RASA_TRACKER_DB", str(tracker_db))
    from bot.settings import get_settings

    get_settings.cache_clear()
    try:
        assert retention.main([]) == 0
        assert "1 conversation(s) erased (3 message(s))" in capsys.readouterr().out
    finally:
        get_settings.cache_clear()
    after = _dashboard_figures(app_url, day)
    overview = after[0]
    # by hand: one conversation-day, answered from the knowledge base, voted 👎, handed over, rated 5
    assert (overview.conversations, overview.residents_helped, overview.handed_over) == (1, 1, 1)
    assert (overview.thumbs_up, overview.thumbs_down, overview.rating_count, overview.rating_average) == (0, 1, 1, 5.0)
    assert after == before


def test_access_log_rows_older_than_their_own_retention_are_deleted_on_both_databases(urls):
    app, tracker_url = urls
    lan = add_user(app, "lan", "volunteer")
    engine = make_engine(app)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        # openings 400, 366, 364 and 10 days old: the log is kept longer than conversations (180 days)
        for n, age in enumerate((400, 366, 364, 10)):
            access_log.record(
                session, lan, "lan", "volunteer", 900 + n, None, AccessKind.TICKET_PAGE, now=NOW - timedelta(days=age)
            )
        session.commit()
    tracker = RasaTracker(tracker_url)
    try:
        report = retention.run(sessions, tracker, 180, now=NOW, audit_keep=timedelta(days=365))
        again = retention.run(sessions, tracker, 180, now=NOW, audit_keep=timedelta(days=365))
    finally:
        tracker.dispose()
    with sessions() as session:
        kept = sorted(session.scalars(select(ConversationAccess.conversation_id)))
    engine.dispose()
    assert report.access_log == 2 and kept == [902, 903]
    assert again.access_log == 0 and "2 access log row(s)" in str(report)


async def test_the_gateways_hourly_job_deletes_them_too(settings, database_url):
    from bot.app import build_service
    from bot.conversations.hub import Hub
    from bot.conversations.rasa_client import RasaClient
    from bot.privacy.feature import Privacy

    lan = add_user(database_url, "lan", "volunteer")
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions() as session:
        for n, age in enumerate((31, 29)):
            access_log.record(
                session, lan, "lan", "volunteer", 700 + n, None, AccessKind.LIVE_WATCH, now=NOW - timedelta(days=age)
            )
        session.commit()
    service, _handoff = build_service(sessions, RasaClient(settings.rasa_url, 1.0, 1.0), Hub(), 2000, dict)
    tracker = RasaTracker.from_settings(settings)
    try:
        report = await Privacy(service, tracker, 180, audit_keep=timedelta(days=30)).expire(now=NOW)
    finally:
        tracker.dispose()
        await service.rasa.close()
    with sessions() as session:
        assert list(session.scalars(select(ConversationAccess.conversation_id))) == [701]
    assert report.access_log == 1


def test_the_retention_period_is_a_setting_of_a_year_by_default():
    from bot.settings import Settings

    assert Settings(_env_file=None).access_log_retention_days == 365
    assert Settings(_env_file=None, access_log_retention_days=90).access_log_retention_days == 90
    with pytest.raises(ValueError):
        Settings(_env_file=None, access_log_retention_days=0)  # forever is not a retention period


def test_phone_reads_follow_the_access_logs_period_on_both_databases(urls):
    app, tracker_url = urls
    lan = add_user(app, "lan", "volunteer")
    engine = make_engine(app)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        conversation = a_conversation(session, "called-back", RECENT)  # recent: its call-back stays
        callback = session.scalars(select(Callback).where(Callback.conversation_id == conversation.id)).one()
        for age in (366, 364):
            a_read(session, callback, lan, "lan", NOW - timedelta(days=age))
        session.commit()
    tracker = RasaTracker(tracker_url)
    try:
        report = retention.run(sessions, tracker, 180, now=NOW, audit_keep=timedelta(days=365))
    finally:
        tracker.dispose()
    with sessions() as session:
        kept = [at.replace(tzinfo=timezone.utc) for at in session.scalars(select(CallbackPhoneRead.at))]
    engine.dispose()
    assert report.phone_reads == 1 and kept == [NOW - timedelta(days=364)]
    assert "1 phone read(s)" in str(report)


def test_phone_reads_outlive_the_conversation_the_job_erases_on_both_databases(urls):
    app, tracker_url = urls
    lan = add_user(app, "lan", "volunteer")
    engine = make_engine(app)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        conversation = a_conversation(session, "called-back-long-ago", OLD)  # old: the job erases it
        callback = session.scalars(select(Callback).where(Callback.conversation_id == conversation.id)).one()
        ids = (callback.id, callback.ticket_id, conversation.id)
        a_read(session, callback, lan, "lan", OLD)
        session.commit()
    tracker = RasaTracker(tracker_url)
    try:
        report = retention.run(sessions, tracker, 180, now=NOW, audit_keep=timedelta(days=365))
    finally:
        tracker.dispose()
    with sessions() as session:
        assert session.scalars(select(Callback)).all() == []
        reads = session.execute(
            select(CallbackPhoneRead.callback_id, CallbackPhoneRead.ticket_id, CallbackPhoneRead.conversation_id)
        ).all()
    engine.dispose()
    assert report.conversations == 1 and report.phone_reads == 0 and [tuple(r) for r in reads] == [ids]
