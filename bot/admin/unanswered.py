"""/admin/unanswered: what residents asked that the bot could not answer, grouped, with actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from bot.admin import grouping
from bot.admin.templating import render
from bot.auth.deps import DbSession, StaffUser
from knowledge import store
from knowledge.models import Category, Entry
from knowledge.rules import MAX_QUESTION

router = APIRouter()

MESSAGES = {
    "phrasing": "Đã thêm cách hỏi vào câu có sẵn. Bot nhận ra câu này ngay từ bây giờ (nếu câu đó đang xuất bản).",
    "dismissed": "Đã bỏ qua nhóm câu hỏi.",
    "stale": "Nhóm này đã được người khác xử lý.",
}
PHRASING_ERRORS = {
    "entry": "Chọn câu hỏi có sẵn để thêm cách hỏi.",
    "text": f"Cách hỏi không được để trống và tối đa {MAX_QUESTION} ký tự.",
}


@router.get("/unanswered")
def unanswered(request: Request, db: DbSession, user: StaffUser, msg: str = "", error: str = "") -> Response:
    """Groups of unanswered questions, most frequent first."""
    groups = grouping.group(grouping.find_unanswered(db))
    categories = list(db.scalars(select(Category).order_by(Category.position, Category.title)))
    entries = list(db.scalars(select(Entry).order_by(Entry.category_id, Entry.title)))
    by_category = [(c, [e for e in entries if e.category_id == c.id]) for c in categories]
    return render(
        request,
        "admin/unanswered.html",
        {
            "active": "unanswered",
            "groups": groups,
            "by_category": by_category,
            "notice": MESSAGES.get(msg, ""),
            "error": PHRASING_ERRORS.get(error, ""),
            "total": sum(g.count for g in groups),
        },
    )


@router.post("/unanswered/phrasing")
def add_phrasing(
    db: DbSession,
    user: StaffUser,
    message_ids: Annotated[str, Form()] = "",
    entry_id: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
) -> Response:
    """Adds the group's wording as a phrasing of an existing entry; the group is done."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_QUESTION:
        return RedirectResponse("/admin/unanswered?error=text", status_code=303)
    try:
        entry = store.get_entry(db, entry_id)
    except store.EntryNotFound:
        return RedirectResponse("/admin/unanswered?error=entry", status_code=303)
    ids = grouping.parse_ids(message_ids)
    if not grouping.open_messages(db, ids):
        return RedirectResponse("/admin/unanswered?msg=stale", status_code=303)
    if text not in (q.text for q in entry.questions):
        store.add_question(db, entry.id, text, user.username)
    grouping.mark_handled(db, ids, "phrasing", user.username, entry.id)
    db.commit()
    return RedirectResponse("/admin/unanswered?msg=phrasing", status_code=303)


@router.post("/unanswered/dismiss")
def dismiss(db: DbSession, user: StaffUser, message_ids: Annotated[str, Form()] = "") -> Response:
    """Puts a group aside (not a real question, spam…)."""
    done = grouping.mark_handled(db, grouping.parse_ids(message_ids), "dismissed", user.username)
    db.commit()
    return RedirectResponse(f"/admin/unanswered?msg={'dismissed' if done else 'stale'}", status_code=303)
