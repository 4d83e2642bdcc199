"""Migration 0015 builds the pinned topics table as the model says, on SQLite and PostgreSQL, and goes back down."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from bot.models import Base
from tests.support.migrations import DATABASES, alembic_config, empty_database


@pytest.fixture(params=DATABASES)
def url(request, tmp_path):
    yield from empty_database(request.param, tmp_path)


def test_upgrade_matches_the_model_and_downgrade_removes_it(url):
    config = alembic_config(url)
    command.upgrade(config, "0014")
    engine = create_engine(url)
    assert "widget_pinned_topics" not in inspect(engine).get_table_names()
    command.upgrade(config, "0015")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if "widget_pinned_topics" in repr(d)] == []
    with engine.begin() as connection:  # a pin needs no entry: it outlives a deleted one, to be flagged
        connection.execute(
            text(
                "INSERT INTO widget_pinned_topics (faq_id, position, pinned_by, pinned_at) "
                "VALUES ('khong-co-muc-nay', 0, 'lan', CURRENT_TIMESTAMP)"
            )
        )
    command.downgrade(config, "0014")
    assert "widget_pinned_topics" not in inspect(engine).get_table_names()
    command.upgrade(config, "head")  # and up again, empty
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM widget_pinned_topics")).scalar_one() == 0
    engine.dispose()
