"""Importing a checked upload into the store: every change through knowledge.store, so it is versioned."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from knowledge import store
from knowledge.models import Category, Entry
from knowledge.spreadsheet.columns import STORE_FIELDS, ImportPlan
from knowledge.spreadsheet.export import entry_texts
from knowledge.spreadsheet.reading import unknown_categories
from knowledge.spreadsheet.rows import row_fields


def _store_data(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in STORE_FIELDS if key in row}


def _current(entry: Entry) -> dict[str, Any] | None:
    """An entry's fields as importing its own export would give them (None if they would not pass)."""
    texts = entry_texts(entry, "")
    texts = {k: v.replace("\r\n", "\n").replace("\r", "\n") for k, v in texts.items()}
    row, errors = row_fields(0, texts)
    return None if errors else row


def apply_import(session: Session, plan: ImportPlan, user: str) -> dict[str, int]:
    """Applies a checked upload in the caller's transaction (the caller commits, or rolls back on error).

    New ids are created, changed ones edited (action "import") and their status set, entries not in
    the file are left alone. Raises ValueError, changing nothing, if the plan has errors.
    """
    if plan.errors:
        raise ValueError(f"Tệp còn {len(plan.errors)} lỗi nên chưa nhập gì. Hãy sửa các lỗi rồi tải lên lại.")
    category_errors = unknown_categories(session, plan.rows)
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
