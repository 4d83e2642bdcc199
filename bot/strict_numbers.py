"""Numbers from the outside (paths, forms, query strings, JSON frames): ASCII digits only, within bounds.

Why strict: `str.isdigit()` accepts «²», which `int()` then refuses (a 500), and `int()` and pydantic's lax
mode read «١٢», « 12 », «1_000» and «+5»; Python's ints have no upper bound, while SQLite's INTEGER ends at
2^63-1 and PostgreSQL's at 2^31-1, so an unchecked id of 2^64 reached SQL and became a 500.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Form, Path, Query
from pydantic import BeforeValidator

# Our id and sequence columns are INTEGER: PostgreSQL's int4 is the narrower bound.
MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,20}")  # ASCII only; a bound on length before int() reads it


def parse_int(text: object, low: int, high: int) -> int | None:
    """`text` as an int if it is ASCII digits only (no sign, space or "_") within [low, high]; else None."""
    if not isinstance(text, str) or _DIGITS.fullmatch(text) is None:
        return None
    value = int(text)
    return value if low <= value <= high else None


def parse_id(text: object) -> int | None:
    """A row id typed or sent as text: 1..MAX_ID, else None."""
    return parse_int(text, 1, MAX_ID)


def json_int(value: object, low: int, high: int) -> int | None:
    """A JSON number that is an integer within [low, high] (true/false are not numbers); else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if low <= value <= high else None


def json_id(value: object) -> int | None:
    """A row id sent in a JSON body or frame: 1..MAX_ID, else None."""
    return json_int(value, 1, MAX_ID)


def _ascii_digits(value: object) -> object:
    """Before pydantic reads a path or form value: text must be ASCII digits (bounds come from the Field)."""
    if isinstance(value, str) and _DIGITS.fullmatch(value) is None:
        raise ValueError("cần là số nguyên dương, chỉ gồm chữ số 0–9")
    return value


# A row id in a URL path (anything else: 422, from the validation error handler in bot/app.py).
PathId = Annotated[int, Path(ge=1, le=MAX_ID), BeforeValidator(_ascii_digits)]
# A version or id posted in a form field.
FormId = Annotated[int, Form(ge=1, le=MAX_ID), BeforeValidator(_ascii_digits)]
# Read strictly before pydantic's lax int parsing (for a query parameter with bounds of its own).
ASCII_DIGITS = BeforeValidator(_ascii_digits)
# A sequence number in a query string: 0 (from the start) to MAX_ID.
QuerySeq = Annotated[int, Query(ge=0, le=MAX_ID), ASCII_DIGITS]
