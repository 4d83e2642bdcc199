"""The knowledge base as a spreadsheet: export to CSV or Excel, check an upload, import it.

Staff export, edit in Excel or LibreOffice and upload the file back. An upload is checked in
full before anything changes (`parse_upload` lists every problem of every row, in Vietnamese,
with the row number the staff member sees), and `apply_import` changes entries only through
`knowledge.store`, so each change is versioned and goes live through the revision counter.

Columns, in this order in both formats (see COLUMNS):
    id, category, category_title, title, questions, answer, steps, rules, links, no_link, source,
    last_reviewed, tags, status
`questions`, `steps`, `rules` and `links` hold one value per line inside the cell (a link as
"Tiêu đề | https://…", a rule as "Nội dung | từ ngày | đến ngày"); steps, rules and no_link may be
missing from an older file, and then stay as they are,
`tags` are comma-separated, `status` is draft or published.

Cells that Excel would run as a formula (starting with = + - @ tab or CR) are exported with one
leading apostrophe, which the import takes off again (see `escape_cell` / `unescape_cell`).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from knowledge import store
from knowledge.entries import parse_rule_lines, rule_line
from knowledge.models import Category, Entry

__all__ = [
    "COLUMNS",
    "CSV_MEDIA_TYPE",
    "MAX_ROWS",
    "XLSX_MEDIA_TYPE",
    "ImportPlan",
    "RowError",
    "apply_import",
    "escape_cell",
    "export_csv",
    "export_xlsx",
    "parse_upload",
    "unescape_cell",
]

COLUMNS = (
    "id",
    "category",
    "category_title",
    "title",
    "questions",
    "answer",
    "steps",
    "rules",
    "links",
    "no_link",
    "source",
    "last_reviewed",
    "tags",
    "status",
)
# Columns added after the first exports: a file without them leaves those fields as they are.
OPTIONAL_COLUMNS = ("steps", "rules", "no_link")
STATUSES = ("draft", "published")
MAX_ROWS = 5000
MAX_CELL = 20_000
MAX_TITLE = 300  # kb_entries.title
MAX_QUESTION = 500  # kb_questions.text
MAX_SOURCE = 500  # kb_entries.source
MAX_CATEGORY_TITLE = 200  # kb_categories.title

ID_RE = re.compile(r"[a-z0-9-]{3,120}")
CATEGORY_RE = re.compile(r"[a-z0-9-]{2,64}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
LINK_SEPARATOR = " | "
STORE_FIELDS = (
    "category_id",
    "title",
    "questions",
    "answer",
    "steps",
    "rules",
    "links",
    "no_link",
    "source",
    "last_reviewed",
    "tags",
)

# A value Excel would evaluate starts with one of these; exported with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")  # also quote values already starting with ' + those
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
# What Excel writes in a cell whose formula failed (e.g. a cell typed as "- Bước 1").
EXCEL_ERRORS = frozenset({"#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})
# Characters XML 1.0 (hence .xlsx) cannot hold; tab, LF and CR are allowed.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

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


class _FileError(Exception):
    """The file as a whole cannot be read."""


# -- formula injection --------------------------------------------------------------------------


def escape_cell(value: str) -> str:
    """A value Excel will show, never run: one apostrophe before anything formula-like."""
    return "'" + value if _NEEDS_ESCAPE.match(value) else value


def unescape_cell(value: str) -> str:
    """Takes off the one apostrophe `escape_cell` added (and only that one)."""
    return value[1:] if _ESCAPED.match(value) else value


# -- export -------------------------------------------------------------------------------------


def _entry_texts(entry: Entry, category_title: str) -> dict[str, str]:
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
        texts = _entry_texts(entry, category_title or "")
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


# -- reading an upload --------------------------------------------------------------------------

_MSG_EXTENSION = (
    "Chỉ nhận tệp .csv hoặc .xlsx, tệp “{name}” không phải hai loại này. "
    "Hãy tải lên tệp đã xuất từ trang này, hoặc trong Excel chọn Tệp → Lưu thành → "
    "“Sổ làm việc Excel (*.xlsx)” hay “CSV UTF-8 (Comma delimited) (*.csv)”."
)
_MSG_XLS = (
    "Tệp .xls (Excel 97–2003) chưa được hỗ trợ. Hãy mở tệp bằng Excel, chọn Tệp → Lưu thành → "
    "“Sổ làm việc Excel (*.xlsx)” rồi tải lên lại."
)
_MSG_EMPTY = (
    "Tệp trống, không có dữ liệu. Hãy tải lên tệp có dòng 1 là tên các cột "
    "({columns}) và mỗi dòng sau là một câu hỏi; dễ nhất là xuất tệp mẫu từ trang này rồi sửa."
)
_MSG_NO_ROWS = "Tệp chỉ có dòng tên cột, chưa có câu hỏi nào. Hãy nhập mỗi câu hỏi một dòng, bắt đầu từ dòng 2."
_MSG_TOO_MANY = (
    "Tệp có hơn {limit} dòng câu hỏi; mỗi lần chỉ nhập được tối đa {limit} dòng. "
    "Hãy chia thành nhiều tệp nhỏ hơn rồi nhập lần lượt. Chưa có gì được nhập."
)
_MSG_ENCODING = (
    "Không đọc được tệp CSV vì tệp không lưu bằng bảng mã UTF-8 (có thể là Windows-1258, "
    "Latin-1 hay TCVN3, nên tiếng Việt sẽ bị lỗi phông). Trong Excel hãy chọn Tệp → Lưu thành → "
    "“CSV UTF-8 (Comma delimited) (*.csv)”, hoặc lưu thành .xlsx, rồi tải lên lại."
)
_MSG_BINARY_CSV = (
    "Tệp “{name}” không phải tệp CSV dạng chữ (có thể là tệp khác bị đặt nhầm đuôi .csv). "
    "Hãy chọn đúng tệp, hoặc trong Excel chọn Tệp → Lưu thành → “CSV UTF-8 (Comma delimited) (*.csv)”."
)
_MSG_ZIP_AS_CSV = (
    "Tệp “{name}” thực ra là tệp Excel (.xlsx) nhưng mang đuôi .csv. Hãy đổi lại đuôi tệp thành .xlsx rồi tải lên lại."
)
_MSG_CSV_BROKEN = "Tệp CSV bị lỗi định dạng ở dòng {row} ({detail}). Hãy mở tệp bằng Excel, lưu lại thành .xlsx rồi tải lên."
_MSG_BAD_XLSX = (
    "Không mở được tệp “{name}”: tệp bị hỏng hoặc không phải bảng tính Excel (.xlsx), "
    "có thể là tệp khác bị đổi đuôi. Hãy mở tệp bằng Excel, chọn Tệp → Lưu thành → "
    "“Sổ làm việc Excel (*.xlsx)” rồi tải lên lại."
)
_MSG_NO_SHEET = "Tệp Excel không có trang tính nào. Hãy tải lên tệp có dữ liệu ở trang tính đầu tiên."


def _read_csv(name: str, data: bytes) -> Generator[tuple[int, list[Any]], None, None]:
    """(row number, cells) of a CSV file; row numbers count records, as Excel shows them."""
    if data.startswith(b"PK\x03\x04"):
        raise _FileError(_MSG_ZIP_AS_CSV.format(name=name))
    if b"\x00" in data:
        raise _FileError(_MSG_BINARY_CSV.format(name=name))
    try:
        text = data.decode("utf-8-sig")  # with or without a BOM
    except UnicodeDecodeError:
        raise _FileError(_MSG_ENCODING) from None
    if any(ch in text for ch in "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"):
        raise _FileError(_MSG_BINARY_CSV.format(name=name))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    row = 0
    try:
        for row, cells in enumerate(reader, start=1):
            yield row, cells
    except csv.Error as exc:
        raise _FileError(_MSG_CSV_BROKEN.format(row=row + 1, detail=exc)) from None


def _delimiter(text: str) -> str:
    """Comma, unless the header is clearly split by semicolons (Excel with a Vietnamese list
    separator saves CSV that way) or tabs."""
    first = text.split("\n", 1)[0]
    best, score = ",", 0
    for candidate in (",", ";", "\t"):
        names = {part.strip().strip('"').lower() for part in first.split(candidate)}
        if len(names & set(COLUMNS)) > score:
            best, score = candidate, len(names & set(COLUMNS))
    return best


def _read_xlsx(name: str, data: bytes) -> Generator[tuple[int, list[Any]], None, None]:
    """(row number, cells) of the first sheet of a workbook, empty rows included."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors…
        raise _FileError(_MSG_BAD_XLSX.format(name=name)) from None
    try:
        if not workbook.worksheets:
            raise _FileError(_MSG_NO_SHEET)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        number = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception:
                raise _FileError(_MSG_BAD_XLSX.format(name=name)) from None
            number += 1
            yield number, list(cells)
    finally:
        workbook.close()


def _cell_text(value: Any, column: str) -> str:
    """A cell as text: Excel numbers and dates made text, the export's apostrophe taken off,
    line ends made "\\n"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if column == "last_reviewed" or value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = unescape_cell(value if isinstance(value, str) else str(value))
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- checking one row -----------------------------------------------------------------------


def _fields(number: int, texts: dict[str, str]) -> tuple[dict[str, Any] | None, list[RowError]]:
    """One row's cells checked and turned into store fields; every problem is reported."""
    errors: list[RowError] = []

    def error(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    usable: dict[str, str] = {}
    for column in COLUMNS:
        text = texts.get(column, "")
        if len(text) > MAX_CELL:
            error(
                column,
                f"Ô ở cột {column} dài {_n(len(text))} ký tự, vượt quá {_n(MAX_CELL)} ký tự cho phép. "
                "Hãy rút gọn nội dung ô này.",
            )
        elif text.strip() in EXCEL_ERRORS:
            error(
                column,
                f"Ô ở cột {column} đang báo lỗi công thức Excel ({text.strip()}), thường do nội dung "
                "bắt đầu bằng dấu =, +, - hoặc @. Hãy gõ lại nội dung, thêm một dấu nháy ' ở đầu ô.",
            )
        else:
            usable[column] = text

    entry_id = usable.get("id", "").strip()
    if "id" in usable:
        if not entry_id:
            error(
                "id",
                "Thiếu mã câu hỏi (id). Hãy nhập mã gồm chữ thường không dấu, số và dấu gạch ngang, "
                "ví dụ: cu-tru-dang-ky-tam-tru.",
            )
        elif not ID_RE.fullmatch(entry_id):
            error(
                "id",
                f"Mã “{_short(entry_id)}” không hợp lệ: chỉ được dùng chữ thường không dấu (a–z), "
                "số (0–9) và dấu gạch ngang “-”, không có khoảng trắng, dài từ 3 đến 120 ký tự, "
                "ví dụ: cu-tru-dang-ky-tam-tru.",
            )

    category = usable.get("category", "").strip()
    if "category" in usable:
        if not category:
            error("category", "Thiếu mã chủ đề (category). Hãy nhập mã chủ đề, ví dụ: cu-tru, vneid.")
        elif not CATEGORY_RE.fullmatch(category):
            error(
                "category",
                f"Mã chủ đề “{_short(category)}” không hợp lệ: chỉ được dùng chữ thường không dấu "
                "(a–z), số (0–9) và dấu gạch ngang “-”, dài từ 2 đến 64 ký tự, ví dụ: cu-tru.",
            )

    category_title = usable.get("category_title", "").strip()
    if len(category_title) > MAX_CATEGORY_TITLE:
        error(
            "category_title",
            f"Tên chủ đề dài {_n(len(category_title))} ký tự, vượt quá {MAX_CATEGORY_TITLE} ký tự cho phép. Hãy rút gọn.",
        )

    title = usable.get("title", "").strip()
    if "title" in usable:
        if not title:
            error("title", "Thiếu tiêu đề (title). Hãy nhập một tiêu đề ngắn cho câu hỏi, tối đa 300 ký tự.")
        elif len(title) > MAX_TITLE:
            error("title", f"Tiêu đề dài {_n(len(title))} ký tự, vượt quá {MAX_TITLE} ký tự cho phép. Hãy rút gọn.")

    questions = [q.strip() for q in usable.get("questions", "").split("\n") if q.strip()]
    if "questions" in usable:
        if not questions:
            error(
                "questions",
                "Chưa có cách hỏi nào (questions). Hãy nhập ít nhất một câu người dân hay hỏi, "
                "mỗi câu một dòng trong ô (trong Excel bấm Alt+Enter để xuống dòng).",
            )
        for i, question in enumerate(questions, start=1):
            if len(question) > MAX_QUESTION:
                error(
                    "questions",
                    f"Cách hỏi thứ {i} dài {_n(len(question))} ký tự, vượt quá {MAX_QUESTION} "
                    "ký tự cho phép. Hãy rút gọn hoặc tách thành nhiều cách hỏi, mỗi cách một dòng.",
                )

    answer = usable.get("answer", "")
    if "answer" in usable and not answer.strip():
        error("answer", "Thiếu câu trả lời (answer). Hãy nhập nội dung trả lời cho người dân.")

    links = []
    for i, line in enumerate((raw.strip() for raw in usable.get("links", "").split("\n")), start=1):
        if not line:
            continue
        link_title, separator, url = line.rpartition(LINK_SEPARATOR)
        link_title, url = link_title.strip(), url.strip()
        if not separator:
            error(
                "links",
                f"Liên kết thứ {i} “{_short(line)}” sai dạng. Mỗi dòng phải là "
                "“Tiêu đề | https://địa-chỉ”, có dấu gạch đứng “|” và một khoảng trắng ở mỗi bên.",
            )
            continue
        if not link_title:
            error(
                "links",
                f"Liên kết thứ {i} thiếu tiêu đề trước dấu “ | ”. Hãy ghi tên trang, "
                "ví dụ: “Cổng Dịch vụ công quốc gia | https://dichvucong.gov.vn”.",
            )
        if not _is_web_url(url):
            error(
                "links",
                f"Địa chỉ “{_short(url)}” ở liên kết thứ {i} không hợp lệ: phải là địa chỉ web "
                "bắt đầu bằng http:// hoặc https://, ví dụ https://dichvucong.gov.vn.",
            )
        links.append({"title": link_title, "url": url})

    steps = [line.strip() for line in usable.get("steps", "").split("\n") if line.strip()]
    rules, rule_errors = parse_rule_lines(usable.get("rules", ""))
    for message in rule_errors:
        error("rules", message)
    no_link = " ".join(usable.get("no_link", "").split())

    source = usable.get("source", "").strip()
    if len(source) > MAX_SOURCE:
        error("source", f"Nguồn dài {_n(len(source))} ký tự, vượt quá {MAX_SOURCE} ký tự cho phép. Hãy rút gọn.")

    last_reviewed = usable.get("last_reviewed", "").strip()
    if last_reviewed and not _is_date(last_reviewed):
        error(
            "last_reviewed",
            f"Ngày xem lại “{_short(last_reviewed)}” không hợp lệ. Hãy nhập một ngày có thật "
            "theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-23, hoặc để trống.",
        )

    tags = [t.strip() for t in usable.get("tags", "").replace("\n", ",").split(",") if t.strip()]

    status = usable.get("status", "").strip().lower()
    if "status" in usable and status not in STATUSES:
        what = f"Trạng thái “{_short(status)}” không hợp lệ." if status else "Chưa ghi trạng thái (status)."
        error("status", f"{what} Hãy nhập draft (bản nháp, người dân chưa thấy) hoặc published (đã đăng, người dân tìm được).")

    if errors:
        return None, errors
    optional = {"steps": steps, "rules": rules, "no_link": no_link}
    return {
        **{column: optional[column] for column in OPTIONAL_COLUMNS if column in texts},
        "id": entry_id,
        "category_id": category,
        "title": title,
        "questions": questions,
        "answer": answer,
        "links": links,
        "source": source,
        "last_reviewed": last_reviewed,
        "tags": tags,
        "status": status,
        "category_title": category_title,
        "row": number,
    }, []


def _is_web_url(url: str) -> bool:
    """An absolute http(s) address with a host and no spaces."""
    if not url or any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _is_date(text: str) -> bool:
    if not DATE_RE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _short(text: str, limit: int = 80) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _n(number: int) -> str:
    """A number as Vietnamese write it: 20.000."""
    return f"{number:,}".replace(",", ".")


# -- checking a whole upload --------------------------------------------------------------------


def parse_upload(filename: str, data: bytes, *, session: Session | None = None) -> ImportPlan:
    """Reads and checks an uploaded .csv or .xlsx; nothing is changed.

    With a session, categories are also checked against the database (an unknown category needs
    a category_title); apply_import checks that again in any case.
    """
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    extension = PurePosixPath(name).suffix.lower()
    if extension == ".csv":
        rows = _read_csv(name, data)
    elif extension == ".xlsx":
        rows = _read_xlsx(name, data)
    elif extension == ".xls":
        return ImportPlan(errors=[RowError(0, "", _MSG_XLS)])
    else:
        return ImportPlan(errors=[RowError(0, "", _MSG_EXTENSION.format(name=name or "(không tên)"))])
    try:
        plan = _plan(rows)
    except _FileError as exc:
        return ImportPlan(errors=[RowError(0, "", str(exc))])
    finally:
        rows.close()
    if session is not None and not plan.errors:
        plan.errors.extend(_category_errors(session, plan.rows))
    return plan


def _blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _plan(rows: Iterator[tuple[int, list[Any]]]) -> ImportPlan:
    header = next(rows, None)
    if header is None:
        raise _FileError(_MSG_EMPTY.format(columns=", ".join(COLUMNS)))
    number, header_cells = header
    data_rows: list[tuple[int, list[Any]]] = []
    for number, cells in rows:
        if _blank(cells):
            continue
        if len(data_rows) >= MAX_ROWS:
            raise _FileError(_MSG_TOO_MANY.format(limit=_n(MAX_ROWS)))
        data_rows.append((number, cells))
    if _blank(header_cells):
        if not data_rows:
            raise _FileError(_MSG_EMPTY.format(columns=", ".join(COLUMNS)))
        return ImportPlan(
            errors=[
                RowError(
                    1,
                    "",
                    "Dòng 1 đang trống, trong khi dòng 1 phải là tên các cột: "
                    f"{', '.join(COLUMNS)}. Hãy ghi tên cột vào dòng 1 (có thể chép "
                    "từ tệp xuất từ trang này).",
                )
            ]
        )
    positions, errors = _header(header_cells, data_rows)
    if errors:
        return ImportPlan(errors=errors)
    if not data_rows:
        return ImportPlan(errors=[RowError(0, "", _MSG_NO_ROWS)])

    plan = ImportPlan()
    first_row_of_id: dict[str, int] = {}
    category_titles: dict[str, tuple[str, int]] = {}
    for number, cells in data_rows:
        texts = {column: _cell_text(cells[i] if i < len(cells) else None, column) for column, i in positions.items()}
        row, row_errors = _fields(number, texts)
        extra = [c for i, c in enumerate(cells) if i not in positions.values() and not _blank([c])]
        if extra:
            row_errors.append(
                RowError(
                    number,
                    "",
                    "Dòng có dữ liệu nằm ngoài các cột có tên ở dòng 1. Hãy chuyển nội dung vào đúng cột hoặc xoá phần thừa.",
                )
            )
        entry_id = texts.get("id", "").strip()
        if ID_RE.fullmatch(entry_id):
            if entry_id in first_row_of_id:
                row_errors.append(
                    RowError(
                        number,
                        "id",
                        f"Mã “{entry_id}” bị trùng với dòng "
                        f"{first_row_of_id[entry_id]}. Mỗi câu hỏi cần một mã riêng: hãy đổi "
                        "mã hoặc xoá một trong hai dòng.",
                    )
                )
            else:
                first_row_of_id[entry_id] = number
        category = texts.get("category", "").strip()
        category_title = texts.get("category_title", "").strip()
        if CATEGORY_RE.fullmatch(category) and category_title:
            if category not in category_titles:
                category_titles[category] = (category_title, number)
            elif category_titles[category][0] != category_title:
                seen, at = category_titles[category]
                row_errors.append(
                    RowError(
                        number,
                        "category_title",
                        f"Tên chủ đề “{_short(category_title)}” "
                        f"khác với tên “{_short(seen)}” ở dòng {at} của cùng chủ đề "
                        f"“{category}”. Hãy ghi cùng một tên cho mọi dòng của chủ đề này.",
                    )
                )
        plan.errors.extend(row_errors)
        if row is not None and not row_errors:
            plan.rows.append(row)
    if plan.errors:
        order = {column: i for i, column in enumerate(COLUMNS)}
        plan.errors.sort(key=lambda e: (e.row, order.get(e.field, -1)))
        plan.rows = []
        return plan
    for row in plan.rows:  # a row may leave category_title empty when another row names it
        row["category_title"] = category_titles.get(row["category_id"], ("", 0))[0]
    return plan


def _header(cells: list[Any], data_rows: list[tuple[int, list[Any]]]) -> tuple[dict[str, int], list[RowError]]:
    """Column positions by name, or every problem of the header row."""
    errors: list[RowError] = []
    positions: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for i, cell in enumerate(cells):
        name = _cell_text(cell, "").strip().lstrip("\ufeff").strip()
        if not name:
            if any(i < len(row) and not _blank([row[i]]) for _, row in data_rows):
                errors.append(
                    RowError(
                        1,
                        "",
                        f"Cột thứ {i + 1} có dữ liệu nhưng chưa có tên ở dòng 1. "
                        f"Hãy ghi tên cột (một trong: {', '.join(COLUMNS)}) hoặc xoá cột đó.",
                    )
                )
            continue
        key = name.lower()
        if key in COLUMNS:
            if key in positions:
                errors.append(
                    RowError(1, key, f"Cột “{key}” xuất hiện hai lần ở dòng 1. Hãy xoá bớt một cột để mỗi cột chỉ có một lần.")
                )
            else:
                positions[key] = i
        else:
            unknown.append((i, name))
    missing = [c for c in COLUMNS if c not in positions and c not in OPTIONAL_COLUMNS]
    for _, name in unknown:
        guess = difflib.get_close_matches(name.lower(), missing, n=1, cutoff=0.6)
        if guess:
            missing.remove(guess[0])
            errors.append(
                RowError(
                    1,
                    name,
                    f"Tên cột “{_short(name)}” viết sai, có phải là “{guess[0]}”? Hãy sửa tên cột ở dòng 1 thành “{guess[0]}”.",
                )
            )
        else:
            errors.append(
                RowError(
                    1,
                    name,
                    f"Cột “{_short(name)}” không thuộc mẫu nhập. Hãy xoá cột này; các cột hợp lệ là: {', '.join(COLUMNS)}.",
                )
            )
    for name in missing:
        errors.append(
            RowError(1, name, f"Thiếu cột “{name}” ở dòng 1. Hãy thêm cột này; dòng 1 cần đủ các cột: {', '.join(COLUMNS)}.")
        )
    return positions, errors


def _category_errors(session: Session, rows: list[dict[str, Any]]) -> list[RowError]:
    """Rows whose category is neither in the database nor named in the file."""
    known = set(session.scalars(select(Category.id)))
    return [
        RowError(
            row["row"],
            "category",
            f"Chủ đề “{row['category_id']}” chưa có trong kho câu hỏi. Hãy ghi tên "
            "chủ đề vào cột category_title (ví dụ: “Cư trú”) để tạo chủ đề mới, hoặc sửa category thành "
            "mã một chủ đề đã có.",
        )
        for row in rows
        if row["category_id"] not in known and not row.get("category_title")
    ]


# -- importing ----------------------------------------------------------------------------------


def _store_data(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in STORE_FIELDS if key in row}


def _current(entry: Entry) -> dict[str, Any] | None:
    """An entry's fields as importing its own export would give them (None if they would not pass)."""
    texts = _entry_texts(entry, "")
    texts = {k: v.replace("\r\n", "\n").replace("\r", "\n") for k, v in texts.items()}
    row, errors = _fields(0, texts)
    return None if errors else row


def apply_import(session: Session, plan: ImportPlan, user: str) -> dict[str, int]:
    """Applies a checked upload in the caller's transaction (the caller commits, or rolls back on error).

    New ids are created, changed ones edited (action "import") and their status set, entries not in
    the file are left alone. Raises ValueError, changing nothing, if the plan has errors.
    """
    if plan.errors:
        raise ValueError(f"Tệp còn {len(plan.errors)} lỗi nên chưa nhập gì. Hãy sửa các lỗi rồi tải lên lại.")
    category_errors = _category_errors(session, plan.rows)
    if category_errors:
        plan.errors.extend(category_errors)
        rows = ", ".join(str(e.row) for e in category_errors[:10])
        raise ValueError(
            f"Có {len(category_errors)} dòng dùng chủ đề chưa có trong kho mà chưa ghi tên chủ đề "
            f"(dòng {rows}{'…' if len(category_errors) > 10 else ''}). Chưa có gì được nhập."
        )

    counts = {"created": 0, "updated": 0, "unchanged": 0}
    known = set(session.scalars(select(Category.id)))
    position = (session.scalar(select(func.max(Category.position))) or 0) + 1 if known else 0
    for row in plan.rows:
        if row["category_id"] not in known:
            session.add(Category(id=row["category_id"], title=row["category_title"], position=position))
            known.add(row["category_id"])
            position += 1
    session.flush()

    ids = [row["id"] for row in plan.rows]
    existing: dict[str, Entry] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(Entry).where(Entry.id.in_(chunk)).options(selectinload(Entry.questions))
        existing.update((entry.id, entry) for entry in session.scalars(query))

    for row in plan.rows:
        data = _store_data(row)
        entry = existing.get(row["id"])
        if entry is None:
            store.create_entry(session, row["id"], data, user, status=row["status"])
            counts["created"] += 1
            continue
        current = _current(entry)
        content_changed = current is None or any(current.get(key) != value for key, value in data.items())
        status_changed = entry.status != row["status"]
        if content_changed:
            store.edit_entry(session, row["id"], data, user, action="import")
        if status_changed:
            store.set_status(session, row["id"], row["status"], user)
        counts["updated" if content_changed or status_changed else "unchanged"] += 1
    session.flush()
    return counts
