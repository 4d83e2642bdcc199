"""The pooled SQL tracker store keeps Rasa's behaviour (runs in Rasa's virtualenv, real SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from pathlib import Path

import sqlalchemy as sa
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

from rasa_addons.tracker_store import PooledSQLTrackerStore

ENDPOINTS = Path(__file__).resolve().parents[2] / "bot" / "dialogue" / "endpoints.yml"
POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def store_at(path: Path, **extra) -> TrackerStore:
    config = EndpointConfig(type="rasa_addons.tracker_store.PooledSQLTrackerStore", dialect="sqlite", db=str(path), **extra)
    return TrackerStore.create(config, Domain.empty())


def statements_of(store: PooledSQLTrackerStore) -> list[str]:
    """Records every SQL statement the store's engine runs from now on."""
    seen: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda *args: seen.append(" ".join(args[2].split())))
    return seen


def stored_rows(store: PooledSQLTrackerStore, sender: str) -> list[str]:
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).order_by(store.SQLEvent.id)
        return [row.type_name for row in rows]


async def a_saved_turn(store, sender: str, text: str = "một", new_session: bool = False):
    """Reads (or starts) a conversation, adds one turn (in a new session if asked) and saves it;
    returns the tracker."""
    tracker = await store.get_or_create_tracker(sender)
    if new_session:
        tracker.update(SessionStarted())
    for event in a_turn(text):
        tracker.update(event)
    await store.save(tracker)
    return tracker


def a_turn(text: str) -> list:
    return [
        UserUttered(text, {"name": "ask_question", "confidence": 0.9}),
        ActionExecuted("action_answer_question"),
        BotUttered("đáp"),
        ActionExecuted("action_listen"),
    ]


def test_the_endpoints_file_names_this_store(monkeypatch, tmp_path):
    # Rasa falls back to an in-memory store, silently, when the type cannot be imported.
    for name in re.findall(r"\$\{(\w+)\}", ENDPOINTS.read_text()):
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("RASA_TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("RASA_TRACKER_DB", str(tmp_path / "t.db"))
    store = TrackerStore.create(read_endpoint_config(str(ENDPOINTS), "tracker_store"), Domain.empty())
    assert isinstance(store, PooledSQLTrackerStore)


def test_each_event_is_stored_once_across_turns_and_saves(tmp_path):
    asyncio.run(_test_each_event_is_stored_once_across_turns_and_saves(tmp_path))


async def _test_each_event_is_stored_once_across_turns_and_saves(tmp_path):
    store = store_at(tmp_path / "tracker.db")
    tracker = await a_saved_turn(store, "c1", new_session=True)
    await store.save(tracker)  # saved twice in one turn: nothing doubles
    again = await store.retrieve("c1")
    for event in a_turn("hai"):
        again.update(event)
    await store.save(again)
    assert stored_rows(store, "c1") == ["action", "session_started"] + ["user", "action", "bot", "action"] * 2
    assert [e.text for e in (await store.retrieve("c1")).events if isinstance(e, UserUttered)] == ["một", "hai"]


def test_a_tracker_built_elsewhere_is_saved_by_rasas_count(tmp_path):
    asyncio.run(_test_a_tracker_built_elsewhere_is_saved_by_rasas_count(tmp_path))


async def _test_a_tracker_built_elsewhere_is_saved_by_rasas_count(tmp_path):
    store = store_at(tmp_path / "tracker.db")
    first = await a_saved_turn(store, "c2")
    copy = first.copy()  # a copy does not carry the remembered count
    for event in a_turn("hai"):
        copy.update(event)
    await store.save(copy)
    assert stored_rows(store, "c2").count("user") == 2


def test_a_new_conversation_through_rasas_wrapper_is_saved_without_a_count(tmp_path):
    asyncio.run(_test_a_new_conversation_through_rasas_wrapper_is_saved_without_a_count(tmp_path))


async def _test_a_new_conversation_through_rasas_wrapper_is_saved_without_a_count(tmp_path):
    from rasa.core.tracker_store import FailSafeTrackerStore

    inner = store_at(tmp_path / "tracker.db")
    store = FailSafeTrackerStore(inner)  # what Rasa's agent uses: it creates new trackers itself
    seen = statements_of(inner)
    await a_saved_turn(store, "c9")
    assert not [q for q in seen if "count(" in q.lower()]
    assert stored_rows(inner, "c9") == ["action", "user", "action", "bot", "action"]
    # a tracker of a conversation that now has events, built elsewhere, still gets Rasa's count
    copy = (await store.retrieve("c9")).copy()
    for event in a_turn("hai"):
        copy.update(event)
    await store.save(copy)
    assert [q for q in seen if "count(" in q.lower()]
    assert stored_rows(inner, "c9").count("user") == 2


def test_a_new_conversation_is_found_absent_with_one_lookup(tmp_path):
    asyncio.run(_test_a_new_conversation_is_found_absent_with_one_lookup(tmp_path))


async def _test_a_new_conversation_is_found_absent_with_one_lookup(tmp_path):
    store = store_at(tmp_path / "tracker.db")
    await a_saved_turn(store, "known")
    seen = statements_of(store)
    assert await store.retrieve("stranger") is None
    assert len(seen) == 1 and "LIMIT 1" in seen[0]
    # after a restart (a new store, nothing kept) a stored conversation is still read in full
    restarted = store_at(tmp_path / "tracker.db")
    tracker = await restarted.retrieve("known")
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["một"]
    assert not restarted._kept


def test_sqlite_connections_are_kept_open(tmp_path):
    asyncio.run(_test_sqlite_connections_are_kept_open(tmp_path))


async def _test_sqlite_connections_are_kept_open(tmp_path):
    store = store_at(tmp_path / "tracker.db")
    connects = []
    sa.event.listen(store.engine, "connect", lambda *_: connects.append(1))
    for turn in range(5):
        await a_saved_turn(store, "c3", f"tin {turn}")
    assert len(connects) == 1


def test_postgresql_keeps_rasas_engine():
    asyncio.run(_test_postgresql_keeps_rasas_engine())


async def _test_postgresql_keeps_rasas_engine():
    schema = f"ts_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES.replace("+psycopg", ""))
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    os.environ["POSTGRESQL_SCHEMA"] = schema
    try:
        url = sa.engine.make_url(POSTGRES.replace("+psycopg", ""))
        store = PooledSQLTrackerStore(
            Domain.empty(), dialect="postgresql", host=url.host, port=url.port, db=url.database, username=url.username
        )
        assert store.engine.dialect.name == "postgresql"
        tracker = await a_saved_turn(store, "c4")
        await store.save(tracker)
        assert stored_rows(store, "c4").count("user") == 1
        store.engine.dispose()
    finally:
        del os.environ["POSTGRESQL_SCHEMA"]
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_the_saved_tracker_is_reused_while_it_is_current(tmp_path):
    asyncio.run(_test_the_saved_tracker_is_reused_while_it_is_current(tmp_path))


async def _test_the_saved_tracker_is_reused_while_it_is_current(tmp_path):
    store = store_at(tmp_path / "tracker.db")
    tracker = await a_saved_turn(store, "c5")
    assert await store.retrieve("c5") is tracker
    # handed out once: a second read in the same turn is a fresh one
    assert await store.retrieve("c5") is not tracker


def test_another_instances_turn_means_a_fresh_read(tmp_path):
    asyncio.run(_test_another_instances_turn_means_a_fresh_read(tmp_path))


async def _test_another_instances_turn_means_a_fresh_read(tmp_path):
    here, there = store_at(tmp_path / "tracker.db"), store_at(tmp_path / "tracker.db")
    tracker = await a_saved_turn(here, "c6")
    elsewhere = await there.retrieve("c6")
    for event in a_turn("hai"):
        elsewhere.update(event)
    await there.save(elsewhere)
    current = await here.retrieve("c6")
    assert current is not tracker
    assert [e.text for e in current.events if isinstance(e, UserUttered)] == ["một", "hai"]


def test_events_added_but_not_saved_are_not_handed_back(tmp_path):
    asyncio.run(_test_events_added_but_not_saved_are_not_handed_back(tmp_path))


async def _test_events_added_but_not_saved_are_not_handed_back(tmp_path):
    store = store_at(tmp_path / "tracker.db")
    await a_saved_turn(store, "c7")
    store._kept["c7"][1].update(UserUttered("chưa lưu"))  # a turn that failed before saving
    current = await store.retrieve("c7")
    assert [e.text for e in current.events if isinstance(e, UserUttered)] == ["một"]


def test_rows_are_the_ones_rasas_store_writes(tmp_path):
    asyncio.run(_test_rows_are_the_ones_rasas_store_writes(tmp_path))


async def _test_rows_are_the_ones_rasas_store_writes(tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore

    ours = store_at(tmp_path / "ours.db")
    rasas = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "rasa.db"))
    tracker = await a_saved_turn(ours, "c8")
    await rasas.save(tracker.copy())

    def rows(store):
        with store.session_scope() as session:
            return [
                (r.sender_id, r.type_name, r.timestamp, r.intent_name, r.action_name, r.data)
                for r in session.query(store.SQLEvent).order_by(store.SQLEvent.id)
            ]

    assert rows(ours) == rows(rasas) and len(rows(ours)) == 5


def test_after_a_new_session_only_that_session_is_handed_back(tmp_path):
    asyncio.run(_test_after_a_new_session_only_that_session_is_handed_back(tmp_path))


async def _test_after_a_new_session_only_that_session_is_handed_back(tmp_path):
    store = store_at(tmp_path / "tracker.db")
    await a_saved_turn(store, "c9", "hôm qua", new_session=True)
    tracker = await store.retrieve("c9")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())  # the session expired: Rasa starts a new one
    for event in a_turn("hôm nay"):
        tracker.update(event)
    await store.save(tracker)
    current = await store.retrieve("c9")
    assert [e.text for e in current.events if isinstance(e, UserUttered)] == ["hôm nay"]


def test_with_the_in_memory_lock_store_kept_trackers_are_trusted(monkeypatch, tmp_path):
    asyncio.run(_test_with_the_in_memory_lock_store_kept_trackers_are_trusted(monkeypatch, tmp_path))


async def _test_with_the_in_memory_lock_store_kept_trackers_are_trusted(monkeypatch, tmp_path):
    # the endpoints file passes the lock store's type on to the tracker store
    for name in re.findall(r"\$\{(\w+)\}", ENDPOINTS.read_text()):
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("RASA_TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("RASA_TRACKER_DB", str(tmp_path / "t.db"))
    monkeypatch.setenv("RASA_LOCK_STORE", "in_memory")
    alone = TrackerStore.create(read_endpoint_config(str(ENDPOINTS), "tracker_store"), Domain.empty())
    assert alone.alone and not store_at(tmp_path / "u.db", lock_store="redis").alone and not store_at(tmp_path / "v.db").alone
    tracker = await a_saved_turn(alone, "c10")
    seen = statements_of(alone)
    assert await alone.retrieve("c10") is tracker and seen == []  # no query: nobody else writes
    for event in a_turn("hai"):
        tracker.update(event)
    await alone.save(tracker)
    assert [q.split()[0] for q in seen] == ["INSERT"]
    assert stored_rows(alone, "c10") == ["action"] + ["user", "action", "bot", "action"] * 2


def test_a_shared_store_checks_the_newest_event_in_the_saving_transaction(tmp_path):
    asyncio.run(_test_a_shared_store_checks_the_newest_event_in_the_saving_transaction(tmp_path))


async def _test_a_shared_store_checks_the_newest_event_in_the_saving_transaction(tmp_path):
    store = store_at(tmp_path / "tracker.db", lock_store="redis")
    seen = statements_of(store)
    tracker = await store.get_or_create_tracker("c11")  # new: nothing stored, so nothing to count
    assert not any("count(" in q.lower() for q in seen)
    for event in a_turn("một"):
        tracker.update(event)
    seen.clear()
    await store.save(tracker)
    assert [q.split()[0] for q in seen] == ["INSERT", "SELECT"]
    seen.clear()
    assert await store.retrieve("c11") is tracker
    assert len(seen) == 1 and "max(id)" in seen[0]


def test_the_tracker_file_is_readable_by_its_owner_only(tmp_path):
    old_umask = os.umask(0o022)  # the usual umask, which made it 0644
    try:
        store = store_at(tmp_path / "tracker.db")
        asyncio.run(a_saved_turn(store, "c1", new_session=True))
    finally:
        os.umask(old_umask)
    assert oct((tmp_path / "tracker.db").stat().st_mode & 0o777) == oct(0o600)
