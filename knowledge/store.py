"""Reading and changing the knowledge base in SQL. Every change is versioned and bumps the revision."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, selectinload

from knowledge.entries import Faq, Link, rules_from
from knowledge.models import Category, Entry, Question, Revision, Version, utcnow

EDITABLE = (
    "category_id",
    "title",
    "answer",
    "steps",
    "links",
    "no_link",
    "rules",
    "source",
    "last_reviewed",
    "reviewed_by",
    "tags",
)


class EntryNotFound(LookupError):
    """No entry with that id."""


# -- revision ---------------------------------------------------------------------------------


def current_revision(session: Session) -> int:
    """The counter that moves whenever what residents can find changes."""
    return session.scalar(select(Revision.revision).where(Revision.id == 1)) or 0


def bump_revision(session: Session) -> None:
    """Tells every searcher (gateway, action server) to rebuild on its next search."""
    # an UPDATE's result is a CursorResult, which has rowcount; Session.execute is typed as returning any Result
    result = cast(
        "CursorResult[Any]",
        session.execute(update(Revision).where(Revision.id == 1).values(revision=Revision.revision + 1)),
    )
    if not result.rowcount:
        session.add(Revision(id=1, revision=1))


# -- reading ----------------------------------------------------------------------------------


def to_faq(entry: Entry, category_title: str = "") -> Faq:
    """The search's value object for an entry."""
    return Faq(
        id=entry.id,
        category=entry.category_id,
        category_title=category_title,
        title=entry.title,
        questions=tuple(q.text for q in entry.questions),
        answer=entry.answer,
        links=tuple(Link(link["title"], link["url"]) for link in entry.links or ()),
        source=entry.source,
        last_reviewed=entry.last_reviewed,
        tags=tuple(entry.tags or ()),
        steps=tuple(entry.steps or ()),
        rules=rules_from(entry.rules),
        no_link=entry.no_link or "",
    )


def published_faqs(session: Session) -> list[Faq]:
    """Every published entry, as the search indexes them."""
    titles = dict(session.execute(select(Category.id, Category.title)).tuples().all())
    entries = session.scalars(
        select(Entry).where(Entry.status == "published").options(selectinload(Entry.questions)).order_by(Entry.id)
    )
    return [to_faq(entry, titles.get(entry.category_id, "")) for entry in entries]


def get_entry(session: Session, entry_id: str) -> Entry:
    """An entry with its phrasings, or EntryNotFound."""
    entry = session.scalar(select(Entry).where(Entry.id == entry_id).options(selectinload(Entry.questions)))
    if entry is None:
        raise EntryNotFound(entry_id)
    return entry


def history(session: Session, entry_id: str) -> list[Version]:
    """Every version of an entry, newest first."""
    return list(session.scalars(select(Version).where(Version.entry_id == entry_id).order_by(Version.version.desc())))


# -- changing ---------------------------------------------------------------------------------


def _record(session: Session, entry: Entry, action: str, user: str) -> None:
    session.flush()
    session.add(Version(entry_id=entry.id, version=entry.version, snapshot=entry.snapshot(), action=action, changed_by=user))
    bump_revision(session)


def _apply(entry: Entry, data: dict[str, Any]) -> None:
    for key in EDITABLE:
        if key in data:
            setattr(entry, key, data[key])
    if "questions" in data:
        texts = [q.strip() for q in data["questions"] if q and q.strip()]
        entry.questions = [Question(text=text, position=i) for i, text in enumerate(texts)]


def create_entry(session: Session, entry_id: str, data: dict[str, Any], user: str, status: str = "draft") -> Entry:
    """A new entry (draft unless said otherwise)."""
    entry = Entry(id=entry_id, status=status, version=1, seed_hash=None, updated_by=user, updated_at=utcnow())
    _apply(entry, data)
    session.add(entry)
    _record(session, entry, "create", user)
    return entry


def edit_entry(
    session: Session, entry_id: str, data: dict[str, Any], user: str, action: str = "edit", status: str | None = None
) -> Entry:
    """Changes an entry; a published entry's change is live at once. Staff edits are never re-seeded."""
    entry = get_entry(session, entry_id)
    _apply(entry, data)
    if status in ("draft", "published"):
        entry.status = status
    entry.version += 1
    entry.seed_hash = None
    entry.updated_by, entry.updated_at = user, utcnow()
    _record(session, entry, action, user)
    return entry


def set_status(session: Session, entry_id: str, status: str, user: str) -> Entry:
    """Publishes or unpublishes (back to draft)."""
    if status not in ("draft", "published"):
        raise ValueError(status)
    entry = get_entry(session, entry_id)
    if entry.status != status:
        entry.status = status
        entry.version += 1
        entry.updated_by, entry.updated_at = user, utcnow()
        _record(session, entry, "publish" if status == "published" else "unpublish", user)
    return entry


def mark_reviewed(session: Session, entry_id: str, user: str, day: str) -> Entry:
    """A member of staff has checked the entry's facts today: the review date and the reviewer change,
    nothing residents read does (the revision still moves, so the date under answers follows)."""
    entry = get_entry(session, entry_id)
    entry.last_reviewed, entry.reviewed_by = day, user
    entry.version += 1
    entry.updated_by, entry.updated_at = user, utcnow()
    _record(session, entry, "review", user)
    return entry


def revert(session: Session, entry_id: str, version: int, user: str) -> Entry:
    """Makes an entry what it was at an earlier version (as a new version)."""
    old = session.scalar(select(Version).where(Version.entry_id == entry_id, Version.version == version))
    if old is None:
        raise EntryNotFound(f"{entry_id} v{version}")
    return edit_entry(session, entry_id, dict(old.snapshot), user, action="revert", status=old.snapshot.get("status"))


def add_question(session: Session, entry_id: str, text: str, user: str) -> Entry:
    """Adds one phrasing to an entry (from the unanswered list)."""
    entry = get_entry(session, entry_id)
    return edit_entry(session, entry_id, {"questions": [q.text for q in entry.questions] + [text]}, user)


# -- seeding from content files ----------------------------------------------------------------


def content_hash(faq: Faq) -> str:
    """A fingerprint of a content file's entry, to tell file changes from staff edits."""
    return hashlib.sha256(json.dumps(asdict(faq), ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def faq_data(faq: Faq) -> dict[str, Any]:
    """A content entry as editable fields."""
    return {
        "category_id": faq.category,
        "title": faq.title,
        "questions": list(faq.questions),
        "answer": faq.answer,
        "links": [{"title": link.title, "url": link.url} for link in faq.links],
        "source": faq.source,
        "last_reviewed": faq.last_reviewed,
        "tags": list(faq.tags),
        "steps": list(faq.steps),
        "rules": [rule.as_dict() for rule in faq.rules],
        "no_link": faq.no_link,
    }


def seed(session: Session, faqs: list[Faq]) -> dict[str, int]:
    """Loads content files: new entries are added, unedited ones follow the file, staff edits stay."""
    counts = {"added": 0, "updated": 0, "kept": 0, "unchanged": 0}
    positions: dict[str, int] = {}
    for faq in faqs:
        positions.setdefault(faq.category, len(positions))
        category = session.get(Category, faq.category)
        if category is None:
            session.add(Category(id=faq.category, title=faq.category_title, position=positions[faq.category]))
        elif category.title != faq.category_title:
            category.title = faq.category_title
        session.flush()
        digest = content_hash(faq)
        entry = session.get(Entry, faq.id)
        if entry is None:
            entry = Entry(id=faq.id, status="published", version=1, seed_hash=digest, updated_by="seed", updated_at=utcnow())
            _apply(entry, faq_data(faq))
            session.add(entry)
            _record(session, entry, "seed", "seed")
            counts["added"] += 1
        elif entry.seed_hash is None:
            counts["kept"] += 1  # edited by staff: the file no longer speaks for it
        elif entry.seed_hash != digest:
            _apply(entry, faq_data(faq))
            entry.version += 1
            entry.seed_hash = digest
            entry.updated_at = utcnow()
            _record(session, entry, "seed", "seed")
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
