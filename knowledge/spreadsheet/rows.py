"""Checking one row of an upload: its cells read into knowledge.store's fields, then knowledge.rules."""

from __future__ import annotations

from typing import Any

from knowledge.entries import parse_rule_lines
from knowledge.rules import CATEGORY_RE, ID_RE, MAX_CATEGORY_TITLE, check_entry, is_date, safe_url
from knowledge.spreadsheet.columns import (
    COLUMNS,
    EXCEL_ERRORS,
    MAX_CELL,
    OPTIONAL_COLUMNS,
    STATUSES,
    RowError,
    number_text,
    short,
)


def row_fields(number: int, texts: dict[str, str]) -> tuple[dict[str, Any] | None, list[RowError]]:
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
                f"Ô ở cột {column} dài {number_text(len(text))} ký tự, vượt quá {number_text(MAX_CELL)} ký tự cho phép. "
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
                f"Mã “{short(entry_id)}” không hợp lệ: chỉ được dùng chữ thường không dấu (a–z), "
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
                f"Mã chủ đề “{short(category)}” không hợp lệ: chỉ được dùng chữ thường không dấu "
                "(a–z), số (0–9) và dấu gạch ngang “-”, dài từ 2 đến 64 ký tự, ví dụ: cu-tru.",
            )

    category_title = usable.get("category_title", "").strip()
    if len(category_title) > MAX_CATEGORY_TITLE:
        error(
            "category_title",
            f"Tên chủ đề dài {number_text(len(category_title))} ký tự, vượt quá {MAX_CATEGORY_TITLE} ký tự cho phép. Hãy rút gọn.",
        )

    title = usable.get("title", "").strip()
    if "title" in usable:
        if not title:
            error("title", "Thiếu tiêu đề (title). Hãy nhập một tiêu đề ngắn cho câu hỏi, tối đa 300 ký tự.")

    questions = [q.strip() for q in usable.get("questions", "").split("\n") if q.strip()]
    if "questions" in usable:
        if not questions:
            error(
                "questions",
                "Chưa có cách hỏi nào (questions). Hãy nhập ít nhất một câu người dân hay hỏi, "
                "mỗi câu một dòng trong ô (trong Excel bấm Alt+Enter để xuống dòng).",
            )

    answer = usable.get("answer", "")
    if "answer" in usable and not answer.strip():
        error("answer", "Thiếu câu trả lời (answer). Hãy nhập nội dung trả lời cho người dân.")

    links = []
    for i, line in enumerate((raw.strip() for raw in usable.get("links", "").split("\n")), start=1):
        if not line:
            continue
        link_title, separator, url = line.rpartition("|")  # as the editor reads it: spaces around "|" optional
        link_title, url = link_title.strip(), url.strip()
        if not separator:
            error(
                "links",
                f"Liên kết thứ {i} “{short(line)}” sai dạng. Mỗi dòng phải là "
                "“Tiêu đề | https://địa-chỉ”, có dấu gạch đứng “|” giữa tiêu đề và địa chỉ.",
            )
            continue
        if not link_title:
            error(
                "links",
                f"Liên kết thứ {i} thiếu tiêu đề trước dấu “ | ”. Hãy ghi tên trang, "
                "ví dụ: “Cổng Dịch vụ công quốc gia | https://dichvucong.gov.vn”.",
            )
        if not safe_url(url):
            error(
                "links",
                f"Địa chỉ “{short(url)}” ở liên kết thứ {i} không hợp lệ: phải là địa chỉ web "
                "bắt đầu bằng http:// hoặc https://, ví dụ https://dichvucong.gov.vn.",
            )
        links.append({"title": link_title, "url": url})

    steps = [line.strip() for line in usable.get("steps", "").split("\n") if line.strip()]
    rules, rule_errors = parse_rule_lines(usable.get("rules", ""))
    for message in rule_errors:
        error("rules", message)
    no_link = " ".join(usable.get("no_link", "").split())

    source = usable.get("source", "").strip()

    last_reviewed = usable.get("last_reviewed", "").strip()
    if last_reviewed and not is_date(last_reviewed):
        error(
            "last_reviewed",
            f"Ngày xem lại “{short(last_reviewed)}” không hợp lệ. Hãy nhập một ngày có thật "
            "theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-23, hoặc để trống.",
        )

    tags = [t.strip() for t in usable.get("tags", "").replace("\n", ",").split(",") if t.strip()]

    status = usable.get("status", "").strip().lower()
    if "status" in usable and status not in STATUSES:
        what = f"Trạng thái “{short(status)}” không hợp lệ." if status else "Chưa ghi trạng thái (status)."
        error("status", f"{what} Hãy nhập draft (bản nháp, người dân chưa thấy) hoặc published (đã đăng, người dân tìm được).")

    optional = {"steps": steps, "rules": rules, "no_link": no_link}
    fields = {
        **{column: optional[column] for column in OPTIONAL_COLUMNS if column in texts},
        "id": entry_id,
        "title": title,
        "questions": questions,
        "answer": answer,
        "links": links,
        "source": source,
        "last_reviewed": last_reviewed,
        "tags": tags,
    }
    # the limits the editor keeps too (knowledge.rules), for the cells that did read
    unread = {e.field for e in errors}
    for name, message in check_entry({key: value for key, value in fields.items() if key in usable}):
        if name not in unread:
            error(name, message)

    if errors:
        return None, errors
    return {**fields, "category_id": category, "status": status, "category_title": category_title, "row": number}, []
