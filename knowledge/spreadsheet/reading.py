"""Reading an upload: a .csv or .xlsx file read and checked row by row; nothing is changed."""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Generator, Iterator
from datetime import date, datetime, time
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import Category
from knowledge.rules import CATEGORY_RE, ID_RE
from knowledge.spreadsheet.columns import (
    COLUMNS,
    MAX_ROWS,
    OPTIONAL_COLUMNS,
    ImportPlan,
    RowError,
    number_text,
    short,
    unescape_cell,
)
from knowledge.spreadsheet.rows import row_fields


class FileError(Exception):
    """The file as a whole cannot be read."""


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
        raise FileError(_MSG_ZIP_AS_CSV.format(name=name))
    if b"\x00" in data:
        raise FileError(_MSG_BINARY_CSV.format(name=name))
    try:
        text = data.decode("utf-8-sig")  # with or without a BOM
    except UnicodeDecodeError:
        raise FileError(_MSG_ENCODING) from None
    if any(ch in text for ch in "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"):
        raise FileError(_MSG_BINARY_CSV.format(name=name))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    row = 0
    try:
        for row, cells in enumerate(reader, start=1):
            yield row, cells
    except csv.Error as exc:
        raise FileError(_MSG_CSV_BROKEN.format(row=row + 1, detail=exc)) from None


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
        raise FileError(_MSG_BAD_XLSX.format(name=name)) from None
    try:
        if not workbook.worksheets:
            raise FileError(_MSG_NO_SHEET)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        number = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception:
                raise FileError(_MSG_BAD_XLSX.format(name=name)) from None
            number += 1
            yield number, list(cells)
    finally:
        workbook.close()


def cell_text(value: Any, column: str) -> str:
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
    except FileError as exc:
        return ImportPlan(errors=[RowError(0, "", str(exc))])
    finally:
        rows.close()
    if session is not None and not plan.errors:
        plan.errors.extend(unknown_categories(session, plan.rows))
    return plan


def _blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _plan(rows: Iterator[tuple[int, list[Any]]]) -> ImportPlan:
    header = next(rows, None)
    if header is None:
        raise FileError(_MSG_EMPTY.format(columns=", ".join(COLUMNS)))
    number, header_cells = header
    data_rows: list[tuple[int, list[Any]]] = []
    for number, cells in rows:
        if _blank(cells):
            continue
        if len(data_rows) >= MAX_ROWS:
            raise FileError(_MSG_TOO_MANY.format(limit=number_text(MAX_ROWS)))
        data_rows.append((number, cells))
    if _blank(header_cells):
        if not data_rows:
            raise FileError(_MSG_EMPTY.format(columns=", ".join(COLUMNS)))
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
        texts = {column: cell_text(cells[i] if i < len(cells) else None, column) for column, i in positions.items()}
        row, row_errors = row_fields(number, texts)
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
                        f"Tên chủ đề “{short(category_title)}” "
                        f"khác với tên “{short(seen)}” ở dòng {at} của cùng chủ đề "
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
        name = cell_text(cell, "").strip().lstrip("\ufeff").strip()
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
                    f"Tên cột “{short(name)}” viết sai, có phải là “{guess[0]}”? Hãy sửa tên cột ở dòng 1 thành “{guess[0]}”.",
                )
            )
        else:
            errors.append(
                RowError(
                    1,
                    name,
                    f"Cột “{short(name)}” không thuộc mẫu nhập. Hãy xoá cột này; các cột hợp lệ là: {', '.join(COLUMNS)}.",
                )
            )
    for name in missing:
        errors.append(
            RowError(1, name, f"Thiếu cột “{name}” ở dòng 1. Hãy thêm cột này; dòng 1 cần đủ các cột: {', '.join(COLUMNS)}.")
        )
    return positions, errors


def unknown_categories(session: Session, rows: list[dict[str, Any]]) -> list[RowError]:
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
