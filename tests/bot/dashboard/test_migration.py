"""Migrations 0014 and 0017 build exactly what the models say, on SQLite and PostgreSQL, and go back down."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bot.dashboard import rollup
from bot.models import Base
from knowledge.database import make_engine, make_sessionmaker
from tests.bot.dashboard.builder import busy_month
from tests.bot.dashboard.test_rollup import snapshot
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


def test_0017_adds_up_what_is_rolled_up_already_and_goes_back_down(url):
    """A database with a month rolled up before 0017: what it computes (each helped day's previous one, the
    totals) is what the refresh keeps."""
    config = alembic_config(url)
    command.upgrade(config, "head")
    engine = make_engine(url)
    with make_sessionmaker(engine)() as db:
        busy_month(db)
        rollup.refresh(db)
        db.commit()
        expected = snapshot(db)
    assert all(expected) and any(row[11] for row in expected[0].values())  # some residents came back
    command.downgrade(config, "0016")
    names = set(inspect(engine).get_table_names())
    assert not names & {"dashboard_hours", "dashboard_entry_days"} and "dashboard_days" in names
    indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("dashboard_entries")}
    assert indexes["ix_dashboard_entries_guides"] == ["day"] and "ix_dashboard_entries_faq" in indexes
    command.upgrade(config, "0017")
    with make_sessionmaker(engine)() as db:
        assert snapshot(db) == expected  # the totals, and each helped day's previous one
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if any(name in repr(d) for name in OURS)] == []
    engine.dispose()
