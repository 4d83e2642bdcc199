"""/admin/faqs: list, create, edit, publish, preview, history and revert FAQ entries.

Every change goes through knowledge.store (versioned, revision bumped) and is committed
here, so a published entry's edit is what residents get on their very next question.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bot.admin import faq_ids, grouping, review
from bot.admin.faq_form import FaqInput, changed_fields, validate
from bot.admin.preview import preview
from bot.admin.templating import render
from bot.auth.deps import DbSession, StaffUser
from bot.deps.facts import WardFacts
from bot.strict_numbers import FormId
from knowledge import store
from knowledge.models import Category, Entry, Version
from nlu.normalize import match_key

router = APIRouter()

MESSAGES = {
    "created": "Đã tạo câu hỏi (bản nháp). Bấm «Xuất bản» để người dân tìm thấy.",
    "created_published": "Đã tạo và xuất bản câu hỏi. Người dân hỏi là có câu trả lời ngay.",
    "saved": "Đã lưu.",
    "saved_live": "Đã lưu. Câu trả lời mới có hiệu lực ngay với người dân.",
    "published": "Đã xuất bản. Người dân hỏi là có câu trả lời ngay.",
    "unpublished": "Đã ngừng xuất bản. Bot không dùng câu này nữa.",
    "unchanged": "Không có gì thay đổi.",
    "reverted": "Đã khôi phục phiên bản cũ (lưu thành một phiên bản mới).",
    "reviewed": "Đã ghi nhận: bạn vừa rà soát câu này hôm nay.",
}
FIELD_LABELS = {
    "category_id": "Chủ đề",
    "title": "Tiêu đề",
    "questions": "Cách hỏi",
    "answer": "Câu trả lời",
    "steps": "Các bước",
    "rules": "Quy định có thời hạn",
    "links": "Liên kết",
    "no_link": "Lý do không có liên kết",
    "source": "Nguồn",
    "last_reviewed": "Ngày rà soát",
    "tags": "Thẻ",
    "status": "Trạng thái",
}
ACTION_LABELS = {
    "seed": "Nạp từ tệp nội dung",
    "create": "Tạo mới",
    "edit": "Sửa",
    "publish": "Xuất bản",
    "unpublish": "Ngừng xuất bản",
    "revert": "Khôi phục",
    "import": "Nhập từ tệp",
    "review": "Rà soát",
}


class FaqPost(FaqInput):
    """The form as posted, with the button that was pressed."""

    action: str = "save"  # save | publish | unpublish | preview


def _categories(db: Session) -> list[Category]:
    return list(db.scalars(select(Category).order_by(Category.position, Category.title)))


def not_found(request: Request, what: str = "Không tìm thấy câu hỏi này.") -> Response:
    return render(request, "admin/message.html", {"title": "Không tìm thấy", "message": what}, status_code=404)


# -- list ------------------------------------------------------------------------------------


@router.get("/faqs")
def list_faqs(request: Request, db: DbSession, user: StaffUser, q: str = "", category: str = "", status: str = "") -> Response:
    """Every entry, searchable without accents, filtered by category and status."""
    categories = _categories(db)
    titles = {c.id: c.title for c in categories}
    entries = list(db.scalars(select(Entry).options(selectinload(Entry.questions)).order_by(Entry.category_id, Entry.id)))
    counts = {
        "all": len(entries),
        "published": sum(e.status == "published" for e in entries),
        "draft": sum(e.status == "draft" for e in entries),
    }
    key = match_key(q[:200]) if q.strip() else ""
    shown = []
    for entry in entries:
        if category and entry.category_id != category:
            continue
        if status in ("draft", "published") and entry.status != status:
            continue
        if key and not any(key in match_key(text) for text in (entry.id, entry.title, *(x.text for x in entry.questions))):
            continue
        shown.append(entry)
    return render(
        request,
        "admin/faqs.html",
        {
            "active": "faqs",
            "entries": shown,
            "counts": counts,
            "categories": categories,
            "titles": titles,
            "q": q,
            "category": category,
            "status": status,
            "normalised": key,
        },
    )


# -- create ----------------------------------------------------------------------------------


def _form_page(
    request: Request,
    db: Session,
    facts: WardFacts,
    form: FaqInput,
    *,
    entry: Entry | None,
    errors: dict[str, list[str]] | None = None,
    notice: str = "",
    warning: str = "",
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "admin/faq_form.html",
        {
            "active": "faqs",
            "form": form,
            "entry": entry,
            "errors": errors or {},
            "categories": _categories(db),
            "preview": preview(form, facts()),
            "notice": notice,
            "warning": warning,
        },
        status_code=status_code,
    )


@router.get("/faqs/new")
def new_faq(request: Request, db: DbSession, user: StaffUser, facts: WardFacts, category: str = "") -> Response:
    """An empty form, or one filled with unanswered questions (?from=<message ids>): only ids that are
    on the unanswered list, so no other resident message can be read by naming its id."""
    form = FaqInput(category_id=category)
    from_ids = grouping.parse_ids(request.query_params.get("from", ""), limit=500)
    if from_ids:
        items = sorted(grouping.find_unanswered(db, among=from_ids), key=lambda item: item.message_id)
        form.questions = "\n".join(grouping.distinct_texts(items, 30))
        form.from_messages = ",".join(str(item.message_id) for item in items)
    return _form_page(request, db, facts, form, entry=None)


@router.post("/faqs/new")
def create_faq(request: Request, db: DbSession, user: StaffUser, facts: WardFacts, form: Annotated[FaqPost, Form()]) -> Response:
    """Creates a draft (or publishes it at once with «Xuất bản»)."""
    form.entry_id = faq_ids.settle(db, form.entry_id, form.title)  # shown in the form when it comes back
    if form.action == "preview":
        return _form_page(request, db, facts, form, entry=None)
    data, errors = validate(form, db, creating=True)
    if errors:
        return _form_page(request, db, facts, form, entry=None, errors=errors, status_code=422)
    entry_id = form.entry_id.strip()
    publish = form.action == "publish"
    # whoever writes an entry has checked its facts today; later checks are «Đã rà soát hôm nay»
    data.update(last_reviewed=review.today().isoformat(), reviewed_by=user.username)
    store.create_entry(db, entry_id, data, user.username, status="published" if publish else "draft")
    handled = grouping.parse_ids(form.from_messages)
    if handled:
        grouping.mark_handled(db, handled, "new_faq", user.username, entry_id)
    db.commit()
    return RedirectResponse(f"/admin/faqs/{entry_id}?msg={'created_published' if publish else 'created'}", status_code=303)


# -- edit ------------------------------------------------------------------------------------


@router.get("/faqs/{entry_id}")
def edit_faq(request: Request, db: DbSession, user: StaffUser, facts: WardFacts, entry_id: str, msg: str = "") -> Response:
    """The form for an entry, with its answer as the widget shows it."""
    try:
        entry = store.get_entry(db, entry_id)
    except store.EntryNotFound:
        return not_found(request)
    return _form_page(request, db, facts, FaqInput.from_entry(entry), entry=entry, notice=MESSAGES.get(msg, ""))


@router.post("/faqs/{entry_id}")
def save_faq(
    request: Request, db: DbSession, user: StaffUser, facts: WardFacts, entry_id: str, form: Annotated[FaqPost, Form()]
) -> Response:
    """Saves the form («Lưu»), and publishes or unpublishes when that button was pressed."""
    try:
        entry = store.get_entry(db, entry_id)
    except store.EntryNotFound:
        return not_found(request)
    form.entry_id = entry.id
    if form.action == "preview":
        return _form_page(request, db, facts, form, entry=entry)
    data, errors = validate(form, db, creating=False)
    if form.version and form.version != str(entry.version):
        warning = (
            f"Trong lúc bạn sửa, «{entry.updated_by}» đã lưu phiên bản {entry.version}. "
            "Bạn xem lại (mở «Lịch sử» ở tab khác nếu cần) rồi bấm lưu lần nữa để ghi đè."
        )
        form.version = str(entry.version)
        return _form_page(request, db, facts, form, entry=entry, errors=errors, warning=warning, status_code=409)
    if errors:
        return _form_page(request, db, facts, form, entry=entry, errors=errors, status_code=422)
    changes = changed_fields(entry, data)
    if changes:
        store.edit_entry(db, entry.id, data, user.username)
    target = {"publish": "published", "unpublish": "draft"}.get(form.action)
    status_changed = target is not None and target != entry.status
    if status_changed and target is not None:
        store.set_status(db, entry.id, target, user.username)
    db.commit()
    if status_changed:
        msg = "published" if target == "published" else "unpublished"
    elif changes:
        msg = "saved_live" if entry.status == "published" else "saved"
    else:
        msg = "unchanged"
    return RedirectResponse(f"/admin/faqs/{entry.id}?msg={msg}", status_code=303)


# -- history ---------------------------------------------------------------------------------


def _short(value: Any, limit: int = 160) -> str:
    if isinstance(value, list):
        value = "; ".join(f"{v.get('title')} | {v.get('url')}" if isinstance(v, dict) else str(v) for v in value)
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_change(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    """What one version changed compared to the one before it, field by field."""
    if before is None:
        return []
    changes = []
    for key, label in FIELD_LABELS.items():
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        change: dict[str, Any] = {"label": label, "field": key}
        if key in ("questions", "tags", "links"):
            old_items = [_short([x]) if isinstance(x, dict) else str(x) for x in old or []]
            new_items = [_short([x]) if isinstance(x, dict) else str(x) for x in new or []]
            change["added"] = [x for x in new_items if x not in old_items]
            change["removed"] = [x for x in old_items if x not in new_items]
        elif key == "status":
            change["old"], change["new"] = _status(old), _status(new)
        elif key == "answer":
            change["added"], change["removed"] = changed_lines(old or "", new or "")
            change["old_full"], change["new_full"] = old or "", new or ""
        else:
            change["old"], change["new"] = _short(old), _short(new)
        changes.append(change)
    return changes


def changed_lines(old: str, new: str, limit: int = 8) -> tuple[list[str], list[str]]:
    """The lines an edit added and removed (at most `limit` of each, shortened)."""
    added: list[str] = []
    removed: list[str] = []
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed.extend(_short(line) for line in old_lines[i1:i2] if line.strip())
        if tag in ("replace", "insert"):
            added.extend(_short(line) for line in new_lines[j1:j2] if line.strip())
    return added[:limit], removed[:limit]


def _status(value: Any) -> str:
    return {"draft": "Bản nháp", "published": "Đã xuất bản"}.get(str(value), str(value))


@router.get("/faqs/{entry_id}/history")
def faq_history(request: Request, db: DbSession, user: StaffUser, entry_id: str, msg: str = "") -> Response:
    """Every version of an entry, what each changed, and a button to go back to it."""
    try:
        entry = store.get_entry(db, entry_id)
    except store.EntryNotFound:
        return not_found(request)
    versions = store.history(db, entry_id)
    rows = []
    for i, version in enumerate(versions):
        before = versions[i + 1].snapshot if i + 1 < len(versions) else None
        rows.append(
            {
                "version": version,
                "action": ACTION_LABELS.get(version.action, version.action),
                "changes": describe_change(before, version.snapshot),
                "current": version.version == entry.version,
            }
        )
    return render(
        request,
        "admin/history.html",
        {"active": "faqs", "entry": entry, "rows": rows, "notice": MESSAGES.get(msg, "")},
    )


@router.post("/faqs/{entry_id}/revert")
def revert_faq(request: Request, db: DbSession, user: StaffUser, entry_id: str, version: FormId) -> Response:
    """Makes the entry what it was at an older version (itself recorded as a new version)."""
    found = db.scalar(select(func.count()).select_from(Version).where(Version.entry_id == entry_id, Version.version == version))
    if not found:
        return not_found(request, "Không tìm thấy phiên bản này.")
    store.revert(db, entry_id, version, user.username)
    db.commit()
    return RedirectResponse(f"/admin/faqs/{entry_id}/history?msg=reverted", status_code=303)
