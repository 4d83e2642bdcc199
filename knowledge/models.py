"""The knowledge base in SQL: categories, entries, their phrasings and every version of each entry."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from knowledge.database import Base


def utcnow() -> datetime:
    """Timezone-aware now."""
    return datetime.now(timezone.utc)


class Category(Base):
    """A topic residents ask about (VNeID, cư trú…)."""

    __tablename__ = "kb_categories"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Entry(Base):
    """One FAQ. Only published entries are searched; every change adds a Version."""

    __tablename__ = "kb_entries"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    category_id: Mapped[str] = mapped_column(ForeignKey("kb_categories.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(Text)
    links: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(500), default="")
    last_reviewed: Mapped[str] = mapped_column(String(10), default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    steps: Mapped[list[str]] = mapped_column(JSON, default=list)
    # facts valid for a period: [{"note", "valid_from", "valid_until"}]
    rules: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    no_link: Mapped[str] = mapped_column(String(300), default="")
    # who marked the entry reviewed in the editor ("" while only the seed content's check date stands)
    reviewed_by: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)  # draft | published
    version: Mapped[int] = mapped_column(Integer, default=1)
    # hash of the content file's version last seeded; None once staff have edited the entry
    seed_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_by: Mapped[str] = mapped_column(String(64), default="seed")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    category: Mapped[Category] = relationship()
    questions: Mapped[list[Question]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="Question.position"
    )

    def snapshot(self) -> dict[str, Any]:
        """Everything a version keeps, to show history and to revert."""
        return {
            "category_id": self.category_id,
            "title": self.title,
            "questions": [q.text for q in self.questions],
            "answer": self.answer,
            "links": self.links or [],
            "source": self.source,
            "last_reviewed": self.last_reviewed,
            "tags": self.tags or [],
            "steps": self.steps or [],
            "rules": self.rules or [],
            "no_link": self.no_link or "",
            "reviewed_by": self.reviewed_by or "",
            "status": self.status,
        }


class Question(Base):
    """A phrasing of an entry's question, as residents type it; the search indexes these."""

    __tablename__ = "kb_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("kb_entries.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)

    entry: Mapped[Entry] = relationship(back_populates="questions")


class Version(Base):
    """An entry as it was after one change: who, when, what."""

    __tablename__ = "kb_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("kb_entries.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    action: Mapped[str] = mapped_column(String(32))  # seed | create | edit | publish | unpublish | revert | import | review
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Revision(Base):
    """One row counting changes to the published knowledge base; searchers rebuild when it moves."""

    __tablename__ = "kb_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
