"""Migration 0014 builds exactly what the models say, on SQLite and PostgreSQL, and goes back down."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bot.models import Base
from tests.support.migrations import DATABASES, alembic_config, empty_database

OURS = ("dashboard_", "ix_messages_created_at", "ix_feedback_created_at", "ix_handoff_callbacks_created_at")


@pytest.fixture(params=DATABASES)
def url(request, tmp_path):
    yield from empty_database(request.param, tmp_path)


def test_upgrade_matches_the_models_and_downgrade_removes_it(url):
    config = alembic_config(url)
    command.upgrade(config, "head")
    engine = create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if any(name in repr(d) for name in OURS)] == []
    command.downgrade(config, "0010")
    names = set(inspect(engine).get_table_names())
    assert not {n for n in names if n.startswith("dashboard_")}
    assert "ix_messages_created_at" not in {i["name"] for i in inspect(engine).get_indexes("messages")}
    engine.dispose()
