"""GET /api/widget/topics: the questions the widget offers a new resident as buttons.

The knowledge base's published entries residents were answered with most often (counted from the
FAQ answers the gateway sent, by their meta.faq_id), with the ones the ward pins first: those staff pin
in the editor (bot/channels/web/pins.py), or while they pinned none, WIDGET_PINNED_TOPICS=faq-id,faq-id.
Pins to unknown or unpublished entries are skipped. Each topic carries the question the button asks.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.channels.web.pins import MAX_PINNED, pinned_ids
from bot.conversations.models import Message
from bot.deps.database import Sessions
from bot.deps.settings import AppSettings
from bot.deps.state import from_state
from knowledge.models import Entry, Question
from knowledge.store import current_revision

router = APIRouter(tags=["widget"])

LIMIT = 4  # a phone's first screen: a greeting and a few large buttons


def pinned(setting: str) -> list[str]:
    """The pinned FAQ ids of a comma-separated setting, in order, without blanks or repeats."""
    return list(dict.fromkeys(part.strip() for part in setting.split(",") if part.strip()))


def effective_pins(session: Session, setting: str) -> list[str]:
    """The editor's pins, or the setting's while the editor has none."""
    return pinned_ids(session) or pinned(setting)


def most_asked(session: Session, limit: int = 50) -> list[str]:
    """FAQ ids by how many answers the gateway sent from them, most first (ties: by id)."""
    faq_id = Message.meta["faq_id"].as_string()
    answers = func.count(Message.id)
    rows = session.execute(
        select(faq_id, answers)
        .where(Message.direction == "out", faq_id.is_not(None))
        .group_by(faq_id)
        .order_by(answers.desc(), faq_id)
        .limit(limit)
    )
    return [row[0] for row in rows if row[0]]


def topics(session: Session, pinned_ids: list[str], limit: int = LIMIT) -> list[dict[str, str]]:
    """Pinned entries first, then the most asked, then the rest of the published ones: published only.

    More pins than `limit` (up to MAX_PINNED) are all shown: staff chose each of them."""
    entries = {e.id: e for e in session.scalars(select(Entry).where(Entry.status == "published"))}
    limit = max(limit, min(MAX_PINNED, len([i for i in dict.fromkeys(pinned_ids) if i in entries])))
    order = list(dict.fromkeys([*pinned_ids, *most_asked(session), *sorted(entries)]))
    chosen = [entries[i] for i in order if i in entries][:limit]
    asks = _first_questions(session, [e.id for e in chosen])
    return [{"id": e.id, "title": e.title, "ask": asks.get(e.id) or e.title} for e in chosen]


def _first_questions(session: Session, ids: list[str]) -> dict[str, str]:
    """Each entry's first phrasing, as a resident would type it: what its button sends."""
    rows = session.execute(
        select(Question.entry_id, Question.text)
        .where(Question.entry_id.in_(ids))
        .order_by(Question.entry_id, Question.position, Question.id)
    )
    first: dict[str, str] = {}
    for entry_id, text in rows:
        first.setdefault(entry_id, text)
    return first


CACHE_S = 60.0  # counting the answers groups every bot message: once a minute is fresh enough


class TopicsCache:
    """The widget's greeting topics, counted at most once a minute, and again at once when staff change the
    knowledge base (its revision moves: an entry unpublished or renamed is never offered for a minute) or the
    pins (`forget`). One per app, on `app.state.widget_topics`."""

    def __init__(self) -> None:
        self._topics: list[dict[str, str]] = []
        self._until = 0.0
        self._revision = -1

    def forget(self) -> None:
        self._until = 0.0

    async def current(self, sessions: Callable[[], Session], setting: str) -> list[dict[str, str]]:
        def load() -> tuple[int, list[dict[str, str]] | None]:
            with sessions() as session:
                revision = current_revision(session)
                fresh = time.monotonic() < self._until and revision == self._revision
                return revision, None if fresh else topics(session, effective_pins(session, setting))

        revision, counted = await asyncio.to_thread(load)
        if counted is not None:
            self._topics, self._until, self._revision = counted, time.monotonic() + CACHE_S, revision
        return self._topics


WidgetTopics = Annotated[TopicsCache, from_state("widget_topics")]


@router.get("/api/widget/topics")
async def widget_topics(cache: WidgetTopics, settings: AppSettings, sessions: Sessions) -> dict[str, Any]:
    """The widget's greeting topics; every widget load asks, so the answer is kept a while (TopicsCache)."""
    return {"topics": await cache.current(sessions, settings.widget_pinned_topics)}
