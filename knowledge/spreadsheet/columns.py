"""The spreadsheet's columns, its cells and what checking an upload gives (see knowledge/spreadsheet/)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# An entry's own fields, as the store keeps them and the sheet has them, in the sheet's order.
ENTRY_FIELDS = tuple("title questions answer steps rules links no_link source last_reviewed tags".split())
COLUMNS = ("id", "category", "category_title", *ENTRY_FIELDS, "status")
# Columns added after the first exports: a file without them leaves those fields as they are.
OPTIONAL_COLUMNS = ("steps", "rules", "no_link")
STATUSES = ("draft", "published")
MAX_ROWS = 5000
MAX_CELL = 20_000
STORE_FIELDS = ("category_id", *ENTRY_FIELDS)

# A value Excel would evaluate starts with one of these; exported with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")  # also quote values already starting with ' + those
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
# What Excel writes in a cell whose formula failed (e.g. a cell typed as "- Bước 1").
EXCEL_ERRORS = frozenset({"#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class RowError:
    """One problem in an upload. Row 1 is the header; row 0 means the file as a whole."""

    row: int  # 1-based row number as the staff member sees it in the file (header is row 1)
    field: str  # column name, or "" for the whole row/file
    message: str  # Vietnamese, says what is wrong and how to fix it


@dataclass
class ImportPlan:
    """A checked upload. `rows` hold knowledge.store field dicts plus "id" and "status", and also
    "category_title" (to create a missing category) and "row" (the row number in the file)."""

    rows: list[dict[str, Any]] = field(default_factory=list)  # validated rows, one per entry
    errors: list[RowError] = field(default_factory=list)  # empty means the file can be imported


# -- formula injection --------------------------------------------------------------------------


def escape_cell(value: str) -> str:
    """A value Excel will show, never run: one apostrophe before anything formula-like."""
    return "'" + value if _NEEDS_ESCAPE.match(value) else value


def unescape_cell(value: str) -> str:
    """Takes off the one apostrophe `escape_cell` added (and only that one)."""
    return value[1:] if _ESCAPED.match(value) else value


def short(text: str, limit: int = 80) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def number_text(number: int) -> str:
    """A number as Vietnamese write it: 20.000."""
    return f"{number:,}".replace(",", ".")
