"""Migration 0011 adds bot_holds as the model declares it; going back leaves no held message unanswered."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from bot.models import Base
from tests.support.migrations import DATABASES, alembic_config, empty_database


@pytest.fixture(params=DATABASES)
def url(request, tmp_path):
    yield from empty_database(request.param, tmp_path)


def test_the_table_is_the_models_and_a_downgrade_hands_held_messages_back(url):
    command.upgrade(alembic_config(url), "0011")
    engine = create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if "bot_holds" in repr(d)] == []

    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO conversations (channel, external_id, mode, last_seq, address, created_at, updated_at) "
                "VALUES ('web', 'w', 'bot', 2, 'bac', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        for seq, status in ((1, "answered"), (2, "deferred")):
            connection.execute(
                text(
                    "INSERT INTO messages (conversation_id, seq, direction, text, meta, status, created_at) "
                    "VALUES (1, :s, 'in', 'x', '{}', :st, CURRENT_TIMESTAMP)"
                ),
                {"s": seq, "st": status},
            )
        connection.execute(text("INSERT INTO bot_holds (conversation_id, since, version) VALUES (1, CURRENT_TIMESTAMP, 1)"))
    engine.dispose()

    command.downgrade(alembic_config(url), "0008")
    engine = create_engine(url)
    with engine.connect() as connection:
        statuses = connection.execute(text("SELECT seq, status FROM messages ORDER BY seq")).all()
        tables = connection.dialect.get_table_names(connection)
    engine.dispose()
    assert [tuple(row) for row in statuses] == [(1, "answered"), (2, "received")]  # answered at start-up
    assert "bot_holds" not in tables
