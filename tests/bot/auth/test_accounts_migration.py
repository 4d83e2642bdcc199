"""Migration 0010: failures per (name, address), sessions' last activity, the access log — up and down,
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from tests.support.migrations import DATABASES, alembic_config, empty_database


@pytest.fixture(params=DATABASES)
def url(request, tmp_path):
    yield from empty_database(request.param, tmp_path)


def _columns(url: str, table: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {column["name"] for column in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def test_upgrade_keeps_sessions_alive_and_downgrade_restores_the_old_columns(url):
    command.upgrade(alembic_config(url), "0013")
    engine = create_engine(url)
    with engine.begin() as connection:
        user_id = connection.execute(
            text(
                "INSERT INTO users (username, display_name, password_hash, role, is_active, failed_logins, created_at) "
                "VALUES ('lan', 'Lan', 'x', 'staff', true, 3, CURRENT_TIMESTAMP) RETURNING id"
            )
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO login_sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
                "VALUES ('h', :u, 'c', :created, :expires)"
            ),
            {"u": user_id, "created": datetime(2026, 12, 1, 8, 0), "expires": datetime(2026, 12, 1, 20, 0)},
        )
        connection.execute(text("INSERT INTO console_presence (user_id, seen_at) VALUES (:u, CURRENT_TIMESTAMP)"), {"u": user_id})
    engine.dispose()

    command.upgrade(alembic_config(url), "0010")
    assert {"failed_logins", "locked_until"}.isdisjoint(_columns(url, "users"))
    assert {"account_key", "client", "failures", "last_failed_at", "blocked_until"} <= _columns(url, "login_failures")
    assert {"user_id", "username", "conversation_id", "ticket_id", "kind", "at"} <= _columns(url, "conversation_access")
    engine = create_engine(url)
    with engine.connect() as connection:
        # rows that refer to the user are all still there (rebuilding `users` would have cascaded)
        created, last_seen = connection.execute(text("SELECT created_at, last_seen_at FROM login_sessions")).one()
        assert connection.execute(text("SELECT count(*) FROM console_presence")).scalar_one() == 1
    engine.dispose()
    assert last_seen == created  # a session from before the upgrade counts as active since it began

    command.downgrade(alembic_config(url), "0013")
    assert {"failed_logins", "locked_until"} <= _columns(url, "users")
    assert "last_seen_at" not in _columns(url, "login_sessions")
    engine = create_engine(url)
    try:
        assert not {"login_failures", "conversation_access"} & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
