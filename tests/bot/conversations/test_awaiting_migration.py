"""Migration 0008 fills a conversation's awaited answer from the meta of its latest outbound message."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from tests.support.migrations import DATABASES, alembic_config, empty_database


@pytest.fixture(params=DATABASES)
def url(request, tmp_path):
    yield from empty_database(request.param, tmp_path)


def _upgrade(url: str, revision: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, revision)


def test_the_awaited_answer_is_read_from_the_latest_outbound_meta(url):
    _upgrade(url, "0007")
    engine = create_engine(url)
    conversations = {  # external id: metas of its messages, in seq order (direction, meta)
        "phone": [("out", {"await": "callback_phone", "ticket_id": 7}), ("in", {})],
        "question": [
            ("out", {"await": "callback_phone", "ticket_id": 7}),
            ("out", {"await": "callback_question", "callback_id": 3}),
        ],
        "comment": [("out", {"await": "rating_comment", "ticket_id": 9})],
        "answered": [("out", {"await": "callback_phone", "ticket_id": 7}), ("out", {"source": "system"})],
        "silent": [("in", {})],
    }
    with engine.begin() as connection:
        for external_id, messages in conversations.items():
            conversation_id = connection.execute(
                text(
                    "INSERT INTO conversations (channel, external_id, mode, last_seq, address, created_at, updated_at) "
                    "VALUES ('web', :e, 'bot', :n, 'bac', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) RETURNING id"
                ),
                {"e": external_id, "n": len(messages)},
            ).scalar_one()
            for seq, (direction, meta) in enumerate(messages, start=1):
                connection.execute(
                    text(
                        "INSERT INTO messages (conversation_id, seq, direction, text, meta, status, created_at) "
                        "VALUES (:c, :s, :d, 'x', :m, 'received', CURRENT_TIMESTAMP)"
                    ),
                    {"c": conversation_id, "s": seq, "d": direction, "m": json.dumps(meta)},
                )
    engine.dispose()
    _upgrade(url, "head")
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT external_id, awaiting, awaiting_ref FROM conversations")).all()
    engine.dispose()
    assert {external_id: (awaiting, ref) for external_id, awaiting, ref in rows} == {
        "phone": ("callback_phone", 7),
        "question": ("callback_question", 3),
        "comment": ("rating_comment", 9),
        "answered": (None, None),
        "silent": (None, None),
    }
