"""The Rasa-process speed-ups keep behaviour (runs in Rasa's virtualenv)."""

from __future__ import annotations

import jsonschema
import pytest
from sqlalchemy import create_engine, text

from bot.dialogue import rasa_speedups

SCHEMA = {"type": "object", "properties": {"events": {"type": "array"}}, "required": ["events"]}


def test_validation_accepts_and_rejects_as_before():
    rasa_speedups.install()
    jsonschema.validate({"events": []}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate({"events": "no"}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as original:
        rasa_speedups._original_validate({"events": "no"}, SCHEMA)
    assert caught.value.message == original.value.message


def test_an_invalid_schema_is_still_refused():
    rasa_speedups.install()
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.validate({}, {"type": 12})


def test_sqlite_connections_use_wal(tmp_path):
    rasa_speedups.install()
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    engine.dispose()
