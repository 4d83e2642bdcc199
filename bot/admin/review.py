"""The editor's home and its «Cần rà soát» list: what staff should check first, and marking an entry reviewed.

Expired dated rules come first (residents already get the cautious answer), then rules ending soon,
entries residents disliked since their last review, and entries past the review interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.admin.templating import render
from bot.admin.ward import LABELS
from bot.auth.deps import DbSession, StaffUser
from bot.deps.facts import WardFacts
from bot.deps.settings import AppSettings
from bot.feedback.models import Feedback
from bot.settings import Settings
from bot.ward.facts import unset
from knowledge import store
from knowledge.entries import rules_from
from knowledge.models import Entry

router = APIRouter()
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class Why(StrEnum):
    """Why an entry is on the review list, in the order staff should see them."""

    EXPIRED_RULE = "expired_rule"
    EXPIRING_RULE = "expiring_rule"
    THUMBS_DOWN = "thumbs_down"
    OVERDUE = "overdue"


WHY_LABELS = {
    Why.EXPIRED_RULE: "Quy định đã hết hạn",
    Why.EXPIRING_RULE: "Quy định sắp hết hạn",
    Why.THUMBS_DOWN: "Nhiều người bấm 👎",
    Why.OVERDUE: "Quá hạn rà soát",
}


@dataclass(frozen=True)
class ToReview:
    """One entry to check, and why."""

    entry_id: str
    title: str
    why: Why
    detail: str  # Vietnamese, says what to look at


def today() -> date:
    """Today in Việt Nam."""
    return datetime.now(VIETNAM).date()


def _vn(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def _thumbs_down(session: Session) -> dict[str, list[datetime]]:
    rows = session.execute(select(Feedback.faq_id, Feedback.created_at).where(Feedback.value < 0, Feedback.faq_id.is_not(None)))
    found: dict[str, list[datetime]] = {}
    for faq_id, at in rows:
        found.setdefault(faq_id, []).append(at if at.tzinfo else at.replace(tzinfo=timezone.utc))
    return found


def review_list(session: Session, settings: Settings, day: date) -> list[ToReview]:
    """Every published entry that needs a look, most urgent first."""
    entries = list(session.scalars(select(Entry).where(Entry.status == "published").order_by(Entry.id)))
    dislikes = _thumbs_down(session)
    found: list[ToReview] = []
    for entry in entries:
        rules = rules_from(entry.rules)
        for rule in rules:
            if rule.expired(day):
                found.append(
                    ToReview(entry.id, entry.title, Why.EXPIRED_RULE, f"«{rule.note}» hết hạn ngày {_vn(rule.valid_until)}")
                )
            elif rule.expires_within(day, settings.review_expiring_days):
                found.append(
                    ToReview(entry.id, entry.title, Why.EXPIRING_RULE, f"«{rule.note}» hết hạn ngày {_vn(rule.valid_until)}")
                )
        try:
            reviewed = date.fromisoformat(entry.last_reviewed) if entry.last_reviewed else None
        except ValueError:
            reviewed = None
        since = datetime.combine(reviewed, datetime.min.time(), VIETNAM) if reviewed else None
        count = sum(1 for at in dislikes.get(entry.id, ()) if since is None or at >= since)
        if count >= settings.review_thumbs_down:
            found.append(ToReview(entry.id, entry.title, Why.THUMBS_DOWN, f"{count} lần bấm 👎 từ lần rà soát trước"))
        if reviewed is None or day - reviewed > timedelta(days=settings.review_interval_days):
            when = f"rà soát lần cuối {_vn(entry.last_reviewed)}" if reviewed else "chưa rà soát lần nào"
            found.append(ToReview(entry.id, entry.title, Why.OVERDUE, when))
    order = list(Why)
    return sorted(found, key=lambda item: (order.index(item.why), item.entry_id))


def counts(items: list[ToReview]) -> dict[Why, int]:
    return {why: sum(item.why is why for item in items) for why in Why}


def admin_home(request: Request, db: DbSession, user: StaffUser, settings: AppSettings, facts: WardFacts) -> Response:
    """The editor's home: the ward facts still to set, and how many entries need a look."""
    items = review_list(db, settings, today())
    missing = [LABELS[key][0] for key in unset(facts())]
    entries = db.scalar(select(func.count()).select_from(Entry)) or 0
    return render(
        request,
        "admin/home.html",
        {
            "active": "home",
            "missing": missing,
            "counts": counts(items),
            "labels": WHY_LABELS,
            "entries": entries,
            "interval": settings.review_interval_days,
        },
    )


@router.get("/ra-soat")
def review_page(request: Request, db: DbSession, user: StaffUser, settings: AppSettings, msg: str = "") -> Response:
    """«Cần rà soát»: the entries to check, most urgent first."""
    items = review_list(db, settings, today())
    notice = "Đã ghi nhận rà soát." if msg == "reviewed" else ""
    return render(
        request,
        "admin/review.html",
        {
            "active": "review",
            "items": items,
            "labels": WHY_LABELS,
            "counts": counts(items),
            "notice": notice,
            "interval": settings.review_interval_days,
        },
    )


@router.post("/faqs/{entry_id}/reviewed")
def mark_reviewed(request: Request, db: DbSession, user: StaffUser, entry_id: str) -> Response:
    """A member of staff checked the entry's facts today: the review date and their name are kept."""
    try:
        store.mark_reviewed(db, entry_id[:120], user.username, today().isoformat())
    except store.EntryNotFound:
        return render(
            request, "admin/message.html", {"title": "Không tìm thấy", "message": "Không tìm thấy câu hỏi này."}, status_code=404
        )
    db.commit()
    back = (
        "/admin/ra-soat?msg=reviewed" if request.query_params.get("back") == "review" else f"/admin/faqs/{entry_id}?msg=reviewed"
    )
    return RedirectResponse(back, status_code=303)
