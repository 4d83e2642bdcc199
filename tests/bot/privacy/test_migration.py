"""Migration 0012 on SQLite and PostgreSQL: votes may outlive their message, daily counts have a table."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from tests.support.migrations import DATABASES, alembic_config, empty_database


@pytest.fixture(params=DATABASES)
def url(request, tmp_path):
    yield from empty_database(request.param, tmp_path)


def _alembic(url: str, action, revision: str) -> None:
    config = alembic_config(url)
    action(config, revision)


def test_a_vote_keeps_its_row_without_its_message_and_the_migration_goes_both_ways(url):
    _alembic(url, command.upgrade, "0008")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO conversations (channel, external_id, mode, last_seq, address, created_at, updated_at) "
                "VALUES ('web', 'a', 'bot', 1, 'bac', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO messages (conversation_id, seq, direction, text, meta, status, created_at) "
                "VALUES (1, 1, 'out', 'x', '{}', 'delivered', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO feedback (conversation_id, message_id, value, faq_id, created_at) VALUES (1, 1, -1, 'f', CURRENT_TIMESTAMP)"
            )
        )
    engine.dispose()
    _alembic(url, command.upgrade, "0012")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE feedback SET message_id = NULL"))
        connection.execute(
            text(
                "INSERT INTO usage_counts (day, channel, metric, label, count) VALUES ('2026-12-01', 'web', 'messages_in', '', 3)"
            )
        )
        assert connection.execute(text("SELECT value, faq_id, message_id FROM feedback")).all() == [(-1, "f", None)]
    engine.dispose()
    _alembic(url, command.downgrade, "0008")
    _alembic(url, command.upgrade, "0012")
