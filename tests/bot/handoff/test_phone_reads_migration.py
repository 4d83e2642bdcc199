"""Migration 0016: the record of phone numbers revealed outlives the call-back (erased with its conversation),
keeping the call-back's, ticket's and conversation's ids; on SQLite and PostgreSQL, and back down."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from bot.models import Base
from tests.support.migrations import DATABASES, alembic_config, empty_database

READS = "handoff_callback_phone_reads"


@pytest.fixture(params=DATABASES)
def url(request, tmp_path):
    yield from empty_database(request.param, tmp_path)


def _call_back(connection, name: str, with_ticket: bool) -> tuple[int, int | None, int]:
    """A conversation with a call-back (and a ticket), its number read once: (call-back, ticket, conversation)."""
    conversation = connection.execute(
        text(
            "INSERT INTO conversations (channel, external_id, mode, last_seq, address, created_at, updated_at) "
            "VALUES ('api', :name, 'bot', 0, 'bac', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) RETURNING id"
        ),
        {"name": name},
    ).scalar_one()
    ticket = None
    if with_ticket:
        ticket = connection.execute(
            text(
                "INSERT INTO handoff_tickets (conversation_id, channel, reason, priority, status, created_at) "
                "VALUES (:c, 'api', 'request_human', 40, 'expired', CURRENT_TIMESTAMP) RETURNING id"
            ),
            {"c": conversation},
        ).scalar_one()
    callback = connection.execute(
        text(
            "INSERT INTO handoff_callbacks (conversation_id, ticket_id, reason, status, created_at) "
            "VALUES (:c, :t, 'request_human', 'open', CURRENT_TIMESTAMP) RETURNING id"
        ),
        {"c": conversation, "t": ticket},
    ).scalar_one()
    connection.execute(
        text(f"INSERT INTO {READS} (callback_id, user_id, username, at) VALUES (:b, NULL, 'lan', CURRENT_TIMESTAMP)"),
        {"b": callback},
    )
    return callback, ticket, conversation


def _reads(engine) -> list[tuple[int, ...]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(text(f"SELECT callback_id, ticket_id, conversation_id FROM {READS} ORDER BY id"))
        ]


def test_reads_keep_their_ids_and_outlive_the_call_back_then_go_back_down(url):
    config = alembic_config(url)
    command.upgrade(config, "0015")
    engine = create_engine(url)
    with engine.begin() as connection:
        with_ticket = _call_back(connection, "a", with_ticket=True)
        without = _call_back(connection, "b", with_ticket=False)
    command.upgrade(config, "0016")
    assert _reads(engine) == [with_ticket, without]  # filled in from the call-backs
    [users] = inspect(engine).get_foreign_keys(READS)  # only the reader's, as it was
    assert (users["referred_table"], users["options"].get("ondelete")) == ("users", "SET NULL")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if READS in repr(d)] == []
    with engine.begin() as connection:  # an erasure deletes the call-back: the read stays
        if engine.dialect.name == "sqlite":
            connection.execute(text("PRAGMA foreign_keys=ON"))
        connection.execute(text("DELETE FROM handoff_callbacks WHERE id = :b"), {"b": with_ticket[0]})
    assert _reads(engine) == [with_ticket, without]
    command.downgrade(config, "0015")  # the foreign key back: a read of a call-back gone cannot stay
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT callback_id FROM {READS}")).scalars().all()
    assert rows == [without[0]]
    keys = {key["referred_table"]: key["options"].get("ondelete") for key in inspect(engine).get_foreign_keys(READS)}
    assert keys == {"handoff_callbacks": "CASCADE", "users": "SET NULL"}
    command.upgrade(config, "head")
    assert _reads(engine) == [without]
    engine.dispose()
