"""/admin/canned: the ready answers volunteers insert in the console with "/shortcut"."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from bot.admin.templating import render
from bot.auth.deps import DbSession, StaffUser
from bot.handoff.models import CannedReply
from bot.strict_numbers import PathId, parse_id

router = APIRouter()

SHORTCUT = re.compile(r"^[a-z0-9_-]{1,32}$")
MAX_TEXT = 2000
MESSAGES = {"saved": "Đã lưu câu trả lời mẫu.", "deleted": "Đã xóa câu trả lời mẫu."}
ERRORS = {
    "shortcut": "Lối tắt chỉ gồm chữ thường không dấu, số, gạch ngang hoặc gạch dưới (tối đa 32 ký tự).",
    "text": f"Nội dung không được để trống và tối đa {MAX_TEXT} ký tự.",
    "taken": "Lối tắt này đã có. Bạn chọn tên khác.",
}


@router.get("/canned")
def canned_page(request: Request, db: DbSession, user: StaffUser, msg: str = "", error: str = "") -> Response:
    """Every canned reply, editable in place."""
    rows = list(db.scalars(select(CannedReply).order_by(CannedReply.shortcut)))
    return render(
        request,
        "admin/canned.html",
        {"active": "canned", "rows": rows, "notice": MESSAGES.get(msg, ""), "error": ERRORS.get(error, "")},
    )


@router.post("/canned")
def save_canned(
    db: DbSession,
    user: StaffUser,
    shortcut: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    reply_id: Annotated[str, Form()] = "",
) -> Response:
    """Creates a canned reply, or updates the one with reply_id."""
    shortcut, text = shortcut.strip().lower(), text.strip()
    if not SHORTCUT.match(shortcut):
        return RedirectResponse("/admin/canned?error=shortcut", status_code=303)
    if not text or len(text) > MAX_TEXT:
        return RedirectResponse("/admin/canned?error=text", status_code=303)
    found = parse_id(reply_id)
    row = db.get(CannedReply, found) if found is not None else None
    clash = db.scalar(select(CannedReply).where(CannedReply.shortcut == shortcut))
    if clash is not None and clash is not row:
        return RedirectResponse("/admin/canned?error=taken", status_code=303)
    if row is None:
        row = CannedReply(shortcut=shortcut, text=text, updated_by=user.username)
        db.add(row)
    else:
        row.shortcut, row.text, row.updated_by = shortcut, text, user.username
    db.commit()
    return RedirectResponse("/admin/canned?msg=saved", status_code=303)


@router.post("/canned/{reply_id}/delete")
def delete_canned(db: DbSession, user: StaffUser, reply_id: PathId) -> Response:
    """Removes a canned reply."""
    row = db.get(CannedReply, reply_id)
    if row is not None:
        db.delete(row)
        db.commit()
    return RedirectResponse("/admin/canned?msg=deleted", status_code=303)
