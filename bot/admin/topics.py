"""/admin/chu-de: the topics the widget's greeting offers first, pinned, ordered and removed by staff.

While nothing is pinned here, WIDGET_PINNED_TOPICS stays the default (the page says so). A pin whose entry was
deleted or unpublished since is kept and flagged: the widget skips it until staff remove it or publish the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.admin.templating import render
from bot.auth.deps import DbSession, StaffUser
from bot.channels.web import pins
from bot.channels.web.topics import TopicsCache, WidgetTopics, pinned, topics
from bot.deps.settings import AppSettings
from knowledge.models import Entry
from knowledge.rules import ID_RE

router = APIRouter()

PAGE = "/admin/chu-de"
MESSAGES = {"pinned": "Đã ghim chủ đề.", "moved": "Đã đổi thứ tự.", "removed": "Đã bỏ ghim."}
ERRORS = {
    "unknown": "Không tìm thấy câu hỏi đã xuất bản này. Bạn chọn lại trong danh sách.",
    "full": f"Đã ghim đủ {pins.MAX_PINNED} chủ đề. Bạn bỏ ghim một chủ đề trước khi ghim chủ đề khác.",
    "move": "Không đổi được thứ tự chủ đề này.",
    "conflict": "Một người khác vừa sửa danh sách cùng lúc. Bạn xem lại danh sách bên dưới rồi làm lại.",
}


class PinState(StrEnum):
    """What the widget does with a pin."""

    SHOWN = "shown"
    DRAFT = "draft"  # the entry exists but is not published: skipped
    MISSING = "missing"  # no such entry (deleted): skipped


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


@dataclass(frozen=True)
class Pin:
    faq_id: str
    title: str
    state: PinState


def _described(db: Session, faq_ids: list[str]) -> list[Pin]:
    entries = {e.id: e for e in db.scalars(select(Entry).where(Entry.id.in_(faq_ids)))} if faq_ids else {}
    described = []
    for faq_id in faq_ids:
        entry = entries.get(faq_id)
        if entry is None:
            described.append(Pin(faq_id, "", PinState.MISSING))
        else:
            state = PinState.SHOWN if entry.status == "published" else PinState.DRAFT
            described.append(Pin(faq_id, entry.title, state))
    return described


@router.get("/chu-de")
def topics_page(
    request: Request, db: DbSession, user: StaffUser, settings: AppSettings, msg: str = "", error: str = ""
) -> Response:
    """The pins in order, the setting's default, and what the widget offers now."""
    ours = pins.pinned_ids(db)
    default = pinned(settings.widget_pinned_topics)
    published = db.scalars(select(Entry).where(Entry.status == "published").order_by(Entry.title, Entry.id))
    return render(
        request,
        "admin/topics.html",
        {
            "active": "topics",
            "pins": _described(db, ours),
            "defaults": _described(db, default),
            "candidates": [e for e in published if e.id not in ours],
            "shown": topics(db, ours or default),
            "max_pinned": pins.MAX_PINNED,
            "notice": MESSAGES.get(msg, ""),
            "error": ERRORS.get(error, ""),
        },
    )


def _saved(cache: TopicsCache, db: Session, faq_ids: list[str], by: str, msg: str) -> Response:
    try:
        pins.replace(db, faq_ids, by)
        db.commit()
    except IntegrityError:  # two members of staff pinned the same entry at once: the other one's list stands
        db.rollback()
        return RedirectResponse(f"{PAGE}?error=conflict", status_code=303)
    cache.forget()
    return RedirectResponse(f"{PAGE}?msg={msg}", status_code=303)


@router.post("/chu-de")
def pin_topic(cache: WidgetTopics, db: DbSession, user: StaffUser, faq_id: Annotated[str, Form()] = "") -> Response:
    """Pins a published entry after the others."""
    ours = pins.pinned_ids(db)
    wanted = faq_id.strip()
    # an id of the shape every entry has, before the database sees it (PostgreSQL refuses a NUL with an error)
    entry = db.get(Entry, wanted) if ID_RE.fullmatch(wanted) else None
    if entry is None or entry.status != "published":
        return RedirectResponse(f"{PAGE}?error=unknown", status_code=303)
    if entry.id in ours:
        return RedirectResponse(f"{PAGE}?msg=pinned", status_code=303)
    if len(ours) >= pins.MAX_PINNED:
        return RedirectResponse(f"{PAGE}?error=full", status_code=303)
    return _saved(cache, db, [*ours, entry.id], user.username, "pinned")


@router.post("/chu-de/move")
def move_topic(
    cache: WidgetTopics,
    db: DbSession,
    user: StaffUser,
    faq_id: Annotated[str, Form()] = "",
    direction: Annotated[str, Form()] = "",
) -> Response:
    """Moves a pin one place up or down."""
    ours = pins.pinned_ids(db)
    if faq_id not in ours or direction not in set(Direction):
        return RedirectResponse(f"{PAGE}?error=move", status_code=303)
    at = ours.index(faq_id)
    to = at - 1 if direction == Direction.UP else at + 1
    if 0 <= to < len(ours):
        ours[at], ours[to] = ours[to], ours[at]
    return _saved(cache, db, ours, user.username, "moved")


@router.post("/chu-de/remove")
def unpin_topic(cache: WidgetTopics, db: DbSession, user: StaffUser, faq_id: Annotated[str, Form()] = "") -> Response:
    """Removes a pin (an unknown one too: that is how a flagged pin goes)."""
    ours = pins.pinned_ids(db)
    return _saved(cache, db, [i for i in ours if i != faq_id], user.username, "removed")
