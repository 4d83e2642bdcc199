"""What a queue row says about the conversation, so that a volunteer can triage before claiming:
the first words of the resident's latest message and the topic of the bot's last FAQ answer.

Read for all open tickets at once (two queries and a look-up), since the queue is rebuilt on every change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.conversations.models import Message
from knowledge.models import Category, Entry

PREVIEW_CHARS = 80


@dataclass(frozen=True)
class Preview:
    latest_message: str = ""  # masked, as stored; the page escapes it
    faq_category: str = ""


def first_words(text: str, limit: int = PREVIEW_CHARS) -> str:
    """The text on one line, cut at a word boundary within `limit` characters (with «…» if cut)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:  # a word boundary in the second half: do not cut a word in two
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def previews(session: Session, conversation_ids: list[int]) -> dict[int, Preview]:
    """conversation id → its Preview (conversations with nothing to show are left out)."""
    if not conversation_ids:
        return {}
    latest = _latest(session, conversation_ids, Message.direction == "in", Message.text)
    answers = _latest(session, conversation_ids, Message.meta["source"].as_string() == "faq", Message.meta)
    faq_ids = {cid: (meta or {}).get("faq_id") for cid, meta in answers.items()}
    found = session.execute(
        select(Entry.id, Category.title)
        .join(Category, Category.id == Entry.category_id)
        .where(Entry.id.in_({fid for fid in faq_ids.values() if isinstance(fid, str)}))
    )
    titles = {entry_id: title for entry_id, title in found}
    return {
        cid: Preview(first_words(latest.get(cid) or ""), titles.get(faq_ids.get(cid) or "", ""))
        for cid in set(latest) | set(faq_ids)
    }


def _latest(
    session: Session, conversation_ids: list[int], which: ColumnElement[bool], column: ColumnElement[Any] | Any
) -> dict[int, Any]:
    """conversation id → `column` of its latest message matching `which`."""
    last = (
        select(Message.conversation_id, func.max(Message.seq).label("seq"))
        .where(Message.conversation_id.in_(conversation_ids), which)
        .group_by(Message.conversation_id)
        .subquery()
    )
    rows = session.execute(
        select(Message.conversation_id, column).join(
            last, and_(Message.conversation_id == last.c.conversation_id, Message.seq == last.c.seq)
        )
    )
    return {conversation_id: value for conversation_id, value in rows}
