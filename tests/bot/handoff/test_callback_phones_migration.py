"""Migration 0009 moves call-back phone numbers into their own table, and back on downgrade."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from tests.support.migrations import DATABASES, alembic_config, empty_database


@pytest.fixture(params=DATABASES)
def url(request, tmp_path):
    yield from empty_database(request.param, tmp_path)


def test_phones_move_to_their_own_table_and_back(url):
    command.upgrade(alembic_config(url), "0008")
    engine = create_engine(url)
    with engine.begin() as connection:
        conversation_id = connection.execute(
            text(
                "INSERT INTO conversations (channel, external_id, mode, last_seq, address, created_at, updated_at) "
                "VALUES ('api', 'x', 'bot', 0, 'bac', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) RETURNING id"
            )
        ).scalar_one()
        for phone in ("0901234567", "0912345678"):
            connection.execute(
                text(
                    "INSERT INTO handoff_callbacks (conversation_id, reason, phone, status, created_at) "
                    "VALUES (:c, 'request_human', :p, 'open', CURRENT_TIMESTAMP)"
                ),
                {"c": conversation_id, "p": phone},
            )
    command.upgrade(alembic_config(url), "0009")
    assert "phone" not in {c["name"] for c in inspect(engine).get_columns("handoff_callbacks")}
    with engine.connect() as connection:
        moved = connection.execute(
            text(
                "SELECT c.id, p.phone FROM handoff_callbacks c JOIN handoff_callback_phones p ON p.callback_id = c.id ORDER BY c.id"
            )
        ).all()
        assert [phone for _, phone in moved] == ["0901234567", "0912345678"]
        assert set(inspect(engine).get_table_names()) >= {"handoff_callback_phones", "handoff_callback_phone_reads"}
    command.downgrade(alembic_config(url), "0008")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT phone FROM handoff_callbacks ORDER BY id")).scalars().all() == [
            "0901234567",
            "0912345678",
        ]
    assert "handoff_callback_phones" not in inspect(engine).get_table_names()
    engine.dispose()
