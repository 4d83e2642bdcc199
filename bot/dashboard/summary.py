"""The facts of one conversation's messages of one day: questions, answers, repeats, votes, its ticket, and
the entries and guidance steps it touched."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.admin.grouping import FALLBACK_INTENTS
from bot.dashboard.days import local

REPEAT_WINDOW = timedelta(minutes=10)
GUIDE_OFFERS = ("guide", "guide_stuck", "guide_done")


@dataclass
class EntryFacts:
    answers: int = 0
    thumbs_up: int = 0
    thumbs_down: int = 0
    guide_step: int = 0
    guide_total: int = 0
    guide_done: bool = False


@dataclass
class Pair:
    """The facts of one (conversation, day) while they are computed."""

    channel: str
    first_hour: int
    questions: int = 0
    answered: int = 0
    unanswered: int = 0
    repeats: int = 0
    volunteer_messages: int = 0
    thumbs_up: int = 0
    thumbs_down: int = 0
    ticket_id: int | None = None
    first_reply_s: int | None = None
    helped_before: date | None = None  # set from the conversation's other days (recompute.py)
    entries: dict[str, EntryFacts] = field(default_factory=dict)


@dataclass(frozen=True)
class MessageRow:
    id: int
    seq: int
    direction: str
    meta: dict[str, Any]
    reply_to: int | None
    at: datetime


def outcome(replies: list[dict[str, Any]]) -> tuple[bool, bool, str | None]:
    """(answered by the bot, answered by the fallback, entry answered) of a question's replies."""
    sources = [str(meta.get("source") or "") for meta in replies]
    fallback = any(
        meta.get("source") == "fallback" and meta.get("intent") in FALLBACK_INTENTS for meta in replies
    )  # the unanswered list's own definition (bot/admin/grouping.py)
    answered = not fallback and any(source in ("faq", "dialogue") for source in sources)
    faq = next((str(meta["faq_id"]) for meta in replies if meta.get("source") == "faq" and meta.get("faq_id")), None)
    return answered, fallback, faq


def summarize(
    rows: Sequence[MessageRow], channel: str, votes: dict[int, int], tickets: Sequence[tuple[int, datetime, datetime | None]]
) -> Pair:
    """The facts of one conversation's messages of one day (rows in seq order). votes: message id → ±1;
    tickets: (id, created_at, assigned_at) of the conversation's tickets opened that day, oldest first."""
    pair = Pair(channel=channel, first_hour=local(next((r for r in rows if r.direction == "in"), rows[0]).at).hour)
    replies: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.direction == "out" and row.reply_to is not None:
            replies[row.reply_to].append(row.meta)
    earlier: list[tuple[datetime, bool, str | None]] = []  # (when, fallback, entry) of the day's questions
    for row in rows:
        if row.direction == "in":
            if row.meta.get("payload"):
                continue  # a button press (👍, a guidance step) is not a question
            pair.questions += 1
            answered, fallback, faq = outcome(replies.get(row.seq, []))
            pair.answered += answered
            pair.unanswered += fallback
            again = any(
                row.at - when <= REPEAT_WINDOW and (was_fallback or (faq is not None and faq == was_faq))
                for when, was_fallback, was_faq in earlier
            )
            pair.repeats += again
            earlier.append((row.at, fallback, faq))
            continue
        source = row.meta.get("source")
        pair.volunteer_messages += source == "volunteer"
        vote = votes.get(row.id, 0)
        pair.thumbs_up += vote > 0
        pair.thumbs_down += vote < 0
        _count_entry(pair, row.meta, vote)
    if tickets:
        ticket_id, _, assigned_at = tickets[0]
        pair.ticket_id = ticket_id
        if assigned_at is not None:
            first = next(
                (r.at for r in rows if r.direction == "out" and r.meta.get("source") == "volunteer" and r.at >= assigned_at),
                None,
            )
            pair.first_reply_s = int((first - assigned_at).total_seconds()) if first is not None else None
    return pair


def _count_entry(pair: Pair, meta: dict[str, Any], vote: int) -> None:
    guide = meta.get("guide")
    if isinstance(guide, dict) and guide.get("faq_id") and meta.get("offer") in GUIDE_OFFERS:
        entry = pair.entries.setdefault(str(guide["faq_id"]), EntryFacts())
        entry.guide_step = max(entry.guide_step, _small(guide.get("step")))
        entry.guide_total = max(entry.guide_total, _small(guide.get("total")))
        entry.guide_done = entry.guide_done or meta.get("offer") == "guide_done"
    elif meta.get("source") == "faq" and meta.get("faq_id"):
        entry = pair.entries.setdefault(str(meta["faq_id"])[:120], EntryFacts())
        entry.answers += 1
        entry.thumbs_up += vote > 0
        entry.thumbs_down += vote < 0


def _small(value: object) -> int:
    """A step number from meta (a bot's JSON): anything odd counts as 0."""
    return value if isinstance(value, int) and 0 <= value < 10_000 else 0
