"""Speed-ups for the Rasa server process, imported by the gateway channel (meta_channel) at start-up.

SQLite tracker store: Rasa opens it with SQLite's defaults (rollback journal, a full sync on every
commit: several ms per turn, measured by `make bench`). Like the gateway's own database, it is switched
to WAL with synchronous=NORMAL — still safe against a process crash, which is what restarts are.

Rasa 3.6 checks every action server answer with ``jsonschema.validate(result, schema)``, which with
jsonschema 4.17 first validates the schema itself against the 2020-12 meta-schema: about 25 ms of CPU
per custom action, more than half of all Rasa's work for a turn (measured by `make bench`). Here the
checked validator is built once per schema and reused; the answer is validated exactly as before
(same validator class, the same best-matching error raised).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

_original_validate = jsonschema.validate


@lru_cache(maxsize=64)
def _checked_validator(schema_json: str) -> Any:
    schema = json.loads(schema_json)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """jsonschema.validate with the schema checked once, not on every call."""
    if cls is not None or args or kwargs:
        return _original_validate(instance, schema, cls, *args, **kwargs)
    try:
        key = json.dumps(schema, sort_keys=True)
    except (TypeError, ValueError):
        return _original_validate(instance, schema)
    error = best_match(_checked_validator(key).iter_errors(instance))
    if error is not None:
        raise error
    return None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def install() -> None:
    """Replaces jsonschema.validate (Rasa imports it inside the function that validates, at call time)
    and tunes every SQLite connection Rasa opens (its tracker store)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    jsonschema.validate = validate
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
