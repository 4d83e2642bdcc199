"""A dashboard table as CSV: the numbers of a chart, for a spreadsheet."""

from __future__ import annotations

import csv
import io
import re

from bot.dashboard.sections.tables import Table

# Excel opens a UTF-8 file as the machine's code page unless it starts with a byte-order mark:
# without it «Người dân» arrives as mojibake on the ward's Windows computers.
BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet (CSV injection): a resident's comment
# or a question must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# a signed figure such as a change against the previous period («+12,5 %») is no formula: kept as it reads
SIGNED_FIGURE = re.compile(r"[+-]\d[\d.,]*\s?%?")


def cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS) and not SIGNED_FIGURE.fullmatch(text):
        return "'" + text
    return text


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([cell(value) for value in row])
    return BOM + out.getvalue()
