"""Questions the bot could not answer, gathered and grouped so staff can turn them into FAQ.

Three kinds: inbound messages whose bot reply was the fallback (intent ask_question or
nlu_fallback), those whose reply a resident marked 👎, and questions volunteers suggested
from conversations they handled. Messages staff have dealt with
(UnansweredHandled) are left out. Similar texts are grouped greedily on TF-IDF character
n-grams of the normaliser's match key (cosine ≥ 0.5).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, exists, select, true
from sqlalchemy.orm import Session, aliased

from bot.conversations.models import Message
from bot.feedback.models import Feedback, UnansweredHandled
from bot.handoff.models import Suggestion
from bot.strict_numbers import parse_id
from nlu.normalize import match_key

THRESHOLD = 0.5
RECENT = 2000  # newest messages of each kind looked at
FALLBACK_INTENTS = ("ask_question", "nlu_fallback")
ACTIONS = ("new_faq", "phrasing", "dismissed")


@dataclass(frozen=True)
class Item:
    """One resident message the bot did not answer well."""

    message_id: int
    text: str
    created_at: datetime
    kind: str  # fallback | thumbs_down | suggested (by a volunteer, from a handed-off conversation)
    faq_id: str | None = None


@dataclass
class Group:
    """Similar unanswered messages."""

    items: list[Item] = field(default_factory=list)
    # each item's match key by message id, as group() found them: its wordings need not be normalised again
    keys: dict[int, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def message_ids(self) -> list[int]:
        return sorted(item.message_id for item in self.items)

    @property
    def last_at(self) -> datetime:
        return max(item.created_at for item in self.items)

    @property
    def examples(self) -> list[str]:
        """Different wordings, most frequent first (at most 5)."""
        return distinct_texts(self.items, 5, self.keys)

    @property
    def representative(self) -> str:
        return self.examples[0] if self.examples else ""

    @property
    def thumbs_down(self) -> int:
        return sum(item.kind == "thumbs_down" for item in self.items)

    @property
    def suggested(self) -> int:
        return sum(item.kind == "suggested" for item in self.items)

    @property
    def faq_ids(self) -> list[str]:
        """Entries whose answer was voted down for these questions."""
        return sorted({item.faq_id for item in self.items if item.faq_id})


def distinct_texts(items: list[Item], limit: int, keys: dict[int, str] | None = None) -> list[str]:
    """Wordings that differ after normalisation: most frequent first, then most recent; newest spelling of each
    (`keys`: the items' match keys by message id, where known already)."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    last: dict[str, int] = {}
    for position, item in enumerate(sorted(items, key=lambda i: (i.created_at, i.message_id))):
        known = keys.get(item.message_id) if keys else None
        key = (match_key(item.text) if known is None else known) or item.text.strip()
        counts[key] += 1
        spelling[key], last[key] = item.text.strip(), position
    ranked = sorted(counts, key=lambda key: (-counts[key], -last[key]))
    return [spelling[key] for key in ranked[:limit] if spelling[key]]


def _not_handled(message_id_column: SQLColumnExpression[int]) -> ColumnElement[bool]:
    return ~exists(select(UnansweredHandled.message_id).where(UnansweredHandled.message_id == message_id_column))


def find_unanswered(session: Session, limit: int = RECENT, among: Sequence[int] | None = None) -> list[Item]:
    """Unhandled fallback and 👎 questions, newest first (one item per message); only those of the
    given message ids when `among` is set (staff may read these messages, and no others)."""
    inbound, reply = aliased(Message), aliased(Message)
    answered_by = and_(reply.conversation_id == inbound.conversation_id, reply.reply_to == inbound.seq, reply.direction == "out")
    only = inbound.id.in_(among) if among is not None else true()
    fallbacks = session.execute(
        select(inbound.id, inbound.text, inbound.created_at)
        .join(reply, answered_by)
        .where(
            inbound.direction == "in",
            reply.meta["source"].as_string() == "fallback",
            reply.meta["intent"].as_string().in_(FALLBACK_INTENTS),
            _not_handled(inbound.id),
            only,
        )
        .order_by(inbound.id.desc())
        .limit(limit)
    ).all()
    downvoted = session.execute(
        select(inbound.id, inbound.text, inbound.created_at, Feedback.faq_id, reply.meta)
        .select_from(Feedback)
        .join(reply, reply.id == Feedback.message_id)
        .join(inbound, and_(answered_by, inbound.direction == "in"))
        .where(Feedback.value == -1, _not_handled(inbound.id), only)
        .order_by(inbound.id.desc())
        .limit(limit)
    ).all()
    suggested = session.execute(
        select(Suggestion.message_id, Suggestion.text, Suggestion.created_at)
        .where(_not_handled(Suggestion.message_id), Suggestion.message_id.in_(among) if among is not None else true())
        .order_by(Suggestion.id.desc())
        .limit(limit)
    ).all()
    items: dict[int, Item] = {}
    for message_id, text, created_at in suggested:  # a volunteer's wording beats the raw message
        items[message_id] = Item(message_id, text, created_at, "suggested")
    for message_id, text, created_at, faq_id, meta in downvoted:
        if message_id in items:
            continue
        items[message_id] = Item(message_id, text, created_at, "thumbs_down", faq_id or (meta or {}).get("faq_id"))
    for message_id, text, created_at in fallbacks:
        items.setdefault(message_id, Item(message_id, text, created_at, "fallback"))
    return sorted(items.values(), key=lambda item: item.message_id, reverse=True)


def group(items: list[Item], threshold: float = THRESHOLD) -> list[Group]:
    """Greedy grouping: each wording joins the most similar earlier leader (cosine ≥ threshold).

    Wordings are taken most frequent first, so a group's leader is its commonest wording.
    Groups come back largest first, then most recent first.
    """
    by_key: dict[str, list[Item]] = {}
    for item in items:
        by_key.setdefault(match_key(item.text), []).append(item)
    keys = sorted(by_key, key=lambda k: (-len(by_key[k]), k))
    groups: list[Group] = []
    textual = [k for k in keys if k.strip()]
    if textual:
        # here, not at the top: scikit-learn and SciPy (about 70 MB) stay out of the gateway until staff
        # open the unanswered questions (the dashboard imports this module for FALLBACK_INTENTS)
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit_transform(textual)
        similarity = (matrix @ matrix.T).toarray()
        leaders: list[int] = []
        members: list[list[int]] = []
        for i in range(len(textual)):
            if leaders:
                scores = similarity[i, leaders]
                best = int(np.argmax(scores))
                if scores[best] >= threshold:
                    members[best].append(i)
                    continue
            leaders.append(i)
            members.append([i])
        for indices in members:
            wordings = [textual[i] for i in indices]
            groups.append(Group([item for k in wordings for item in by_key[k]], _keys(by_key, wordings)))
    blank = [k for k in keys if not k.strip()]
    if blank:  # only emoji or punctuation: one group of their own
        groups.append(Group([item for k in blank for item in by_key[k]], _keys(by_key, blank)))
    groups.sort(key=lambda g: g.last_at, reverse=True)
    groups.sort(key=lambda g: g.count, reverse=True)  # stable: equal counts stay newest first
    return groups


def _keys(by_key: dict[str, list[Item]], wordings: list[str]) -> dict[int, str]:
    """The match key of each of these wordings' items, by message id."""
    return {item.message_id: k for k in wordings for item in by_key[k]}


def parse_ids(text: str, limit: int = 5000) -> list[int]:
    """Message ids posted as "1,2,3" (anything else ignored)."""
    ids: list[int] = []
    for part in text.replace(" ", ",").split(","):
        found = parse_id(part)
        if found is not None and found not in ids:
            ids.append(found)
        if len(ids) >= limit:
            break
    return ids


def open_messages(session: Session, ids: list[int]) -> list[Message]:
    """Of the given ids, the inbound messages not yet dealt with, oldest first."""
    if not ids:
        return []
    return list(
        session.scalars(
            select(Message).where(Message.id.in_(ids), Message.direction == "in", _not_handled(Message.id)).order_by(Message.id)
        )
    )


def mark_handled(session: Session, ids: list[int], action: str, user: str, entry_id: str | None = None) -> int:
    """Records that staff dealt with these messages; returns how many were newly recorded."""
    if action not in ACTIONS:
        raise ValueError(action)
    messages = open_messages(session, ids)
    for message in messages:
        session.add(UnansweredHandled(message_id=message.id, action=action, entry_id=entry_id, handled_by=user))
    session.flush()
    return len(messages)
