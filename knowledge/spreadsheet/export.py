"""Writing the knowledge base as a spreadsheet: CSV or Excel, every cell text, formulas escaped."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge.entries import rule_line
from knowledge.models import Category, Entry
from knowledge.rules import LINK_SEPARATOR
from knowledge.spreadsheet.columns import COLUMNS, MAX_ROWS, escape_cell

# Characters XML 1.0 (hence .xlsx) cannot hold; tab, LF and CR are allowed.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def entry_texts(entry: Entry, category_title: str) -> dict[str, str]:
    """An entry as the text of each column (before formula escaping)."""
    return {
        "id": entry.id,
        "category": entry.category_id,
        "category_title": category_title,
        "title": entry.title or "",
        "questions": "\n".join(q.text for q in entry.questions),
        "answer": entry.answer or "",
        "steps": "\n".join(entry.steps or ()),
        "rules": "\n".join(rule_line(rule) for rule in entry.rules or ()),
        "no_link": entry.no_link or "",
        "links": "\n".join(f"{link.get('title', '')}{LINK_SEPARATOR}{link.get('url', '')}" for link in entry.links or ()),
        "source": entry.source or "",
        "last_reviewed": entry.last_reviewed or "",
        "tags": ", ".join(entry.tags or ()),
        "status": entry.status,
    }


def _export_rows(session: Session) -> list[list[str]]:
    """Every entry, draft and published, ordered by category position then id, escaped."""
    query = (
        select(Entry, Category.title)
        .outerjoin(Category, Category.id == Entry.category_id)
        .options(selectinload(Entry.questions))
        .order_by(Category.position, Entry.category_id, Entry.id)
    )
    rows = []
    for entry, category_title in session.execute(query):
        texts = entry_texts(entry, category_title or "")
        rows.append([escape_cell(texts[column]) for column in COLUMNS])
    return rows


def export_csv(session: Session) -> bytes:
    """The knowledge base as CSV: UTF-8 with a BOM (so Excel shows Vietnamese), comma, CRLF rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_export_rows(session))
    return buffer.getvalue().encode("utf-8-sig")


_WIDTHS = {
    "id": 38,
    "category": 18,
    "category_title": 28,
    "title": 40,
    "questions": 60,
    "answer": 80,
    "steps": 80,
    "rules": 50,
    "links": 50,
    "no_link": 30,
    "source": 40,
    "last_reviewed": 14,
    "tags": 28,
    "status": 12,
}
_WRAPPED = {"title", "questions", "answer", "steps", "rules", "links", "no_link", "source", "tags"}


def export_xlsx(session: Session) -> bytes:
    """The knowledge base as an Excel workbook: one sheet, header frozen, every cell text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = _export_rows(session)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kho câu hỏi"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for col, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col, value=name)
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[get_column_letter(col)].width = _WIDTHS[name]
    for r, values in enumerate(rows, start=2):
        for col, (name, value) in enumerate(zip(COLUMNS, values), start=1):
            cell = sheet.cell(row=r, column=col)
            cell.value = _XML_ILLEGAL.sub("", value)
            cell.data_type = "s"  # text, never a formula (values are escaped anyway)
            cell.number_format = "@"  # a date typed over it stays text
            cell.alignment = wrap if name in _WRAPPED else top
    sheet.freeze_panes = "A2"
    last = max(len(rows) + 1, 2)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    status_col = get_column_letter(COLUMNS.index("status") + 1)
    validation = DataValidation(
        type="list",
        formula1='"draft,published"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Trạng thái",
        error="Chỉ nhập draft (bản nháp) hoặc published (đã đăng).",
    )
    validation.add(f"{status_col}2:{status_col}{max(last, MAX_ROWS + 1)}")
    sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
