"""Putting the benchmark's activity into a database: migrated and seeded, volunteers and shifts added, the
rows written in bulk (COPY on PostgreSQL, executemany on SQLite), then the roll-ups built from scratch."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Engine, select, text

from devtools.bench_dashboard_activity import VN, Generator

COLUMNS = {
    "conversations": "id, channel, external_id, mode, last_seq, address, created_at, updated_at",
    "messages": "id, conversation_id, seq, direction, text, meta, status, reply_to, created_at",
    "feedback": "id, conversation_id, message_id, value, faq_id, created_at",
    "handoff_tickets": "id, conversation_id, channel, reason, priority, status, assigned_to, outcome, created_at, "
    "assigned_at, closed_at, rating, rating_comment, rated_at",
    "handoff_callbacks": "id, conversation_id, ticket_id, reason, question, status, created_at",
}
TABLES = {
    "conversations": "conversations",
    "messages": "messages",
    "feedback": "feedback",
    "tickets": "handoff_tickets",
    "callbacks": "handoff_callbacks",
}


def sqlite_value(value: Any) -> Any:
    """As SQLAlchemy stores it in SQLite: UTC timestamps without their zone."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def insert_batch(engine: Engine, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for name, table in TABLES.items():
            if not rows[name]:
                continue
            columns = COLUMNS[table]
            if engine.dialect.name == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                    for row in rows[name]:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns.split(","))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})", [tuple(map(sqlite_value, r)) for r in rows[name]]
                )
        raw.commit()
    finally:
        raw.close()


def prepare(url: str) -> tuple[list[str], dict[str, int]]:
    """Migrates and seeds the knowledge base; the published entries and the guides' step counts."""
    from knowledge.models import Entry
    from tests.support.database import migrate, seed_content

    migrate(url)
    seed_content(url)
    engine = make(url)
    with engine.connect() as connection:
        found = connection.execute(select(Entry.id, Entry.steps)).all()
    engine.dispose()
    return [e for e, _ in found], {e: len(steps) for e, steps in found if steps}


def make(url: str) -> Engine:
    from knowledge.database import make_engine

    return make_engine(url)


def add_people(url: str) -> tuple[list[int], str]:
    """Fifteen volunteers, an admin to look, and the ward's weekday shifts."""
    from bot.auth import service
    from bot.handoff.models import Shift
    from knowledge.database import make_sessionmaker

    engine = make(url)
    with make_sessionmaker(engine)() as session:
        ids = [
            service.create_user(session, f"tnv{n}", "mat-khau-bench-dai-42", "volunteer", display_name=f"TNV {n}").id
            for n in range(15)
        ]
        service.create_user(session, "bench-admin", "mat-khau-bench-dai-42", "admin")
        session.execute(text("DELETE FROM handoff_shifts"))
        for weekday in range(5):
            session.add(Shift(weekday=weekday, starts="07:30", ends="11:30"))
            session.add(Shift(weekday=weekday, starts="13:00", ends="17:00"))
        session.add(Shift(weekday=5, starts="08:00", ends="11:00"))
        session.commit()
    engine.dispose()
    return ids, "bench-admin"


def generate(url: str, conversations: int) -> dict[str, Any]:
    entries, guides = prepare(url)
    volunteers, admin = add_people(url)
    today = datetime.now(VN).date()
    generator = Generator(conversations, entries, guides, volunteers, today)
    engine = make(url)
    started = time.perf_counter()
    for batch in generator.batches():
        insert_batch(engine, batch)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:  # ids were given here: move the sequences past them
            for table in TABLES.values():
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
            connection.execute(text("ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    inserted = time.perf_counter() - started
    engine.dispose()
    return {"counts": generator.counts, "insert_s": round(inserted, 1), "admin": admin}


def build_rollups(url: str) -> float:
    """The first refresh: every (conversation, day) computed from the messages."""
    from bot.dashboard import rollup
    from knowledge.database import make_sessionmaker

    engine = make(url)
    started = time.perf_counter()
    with make_sessionmaker(engine)() as session:
        rollup.rebuild(session)
        session.commit()
    # PostgreSQL: vacuumed, as autovacuum leaves a year of settled rows by the time anyone reads it (it
    # is off on some servers): its visibility map lets the roll-ups' covering indexes answer alone
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    engine.dispose()
    return time.perf_counter() - started
