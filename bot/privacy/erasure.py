"""Erasing one conversation from the application database, leaving only what names nobody.

What goes: every message (and with them the volunteers' FAQ suggestions quoting them), call-backs
(phone numbers and questions), rating comments, volunteers' notes on tickets, the Telegram updates
of the chat, and the link between the resident's channel id and the conversation.
What stays, anonymous: daily counts of what was said (bot/privacy/models.py); the handoff tickets
(reason, times, outcome, stars) and the 👍/👎 votes, which the console's history and the editor's
review list read; the audit records of who opened the conversation and who revealed its call-backs'
numbers (ids only, until ACCESS_LOG_RETENTION_DAYS); and the conversation's row itself, renamed to
channel «erased» so nobody can reach it again. Keeping the row also keeps its id from being used again
(SQLite hands out max(id) + 1), so Rasa never sees the erased conversation's id (`conv-<id>`) for
someone else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Table, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.channels.telegram.models import TelegramUpdate
from bot.conversations.models import Conversation, Message, Mode
from bot.feedback.models import Feedback
from bot.handoff.models import OPEN_STATUSES, Callback, Ticket, TicketEvent, TicketStatus
from bot.handoff.schedule import VIETNAM
from bot.privacy.models import Metric, UsageCount

# An erased conversation's channel: no channel sends it, so no resident ever lands in such a row.
ERASED_CHANNEL = "erased"
TELEGRAM = "telegram"


class Eraser(StrEnum):
    """Who erased: the resident, or the retention job (the closed ticket's event says which)."""

    RESIDENT = "resident"
    RETENTION = "retention"


@dataclass(frozen=True)
class Erased:
    """What an erasure removed, and whom the conversation belonged to (for its open sockets)."""

    conversation_id: int
    channel: str
    external_id: str
    messages: int
    tickets_closed: int

    @property
    def rasa_sender(self) -> str:
        return f"conv-{self.conversation_id}"


def _utc(moment: datetime) -> datetime:
    """SQLite gives timestamps back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local_day(moment: datetime) -> date:
    """The day in Việt Nam a UTC timestamp falls on."""
    return _utc(moment).astimezone(VIETNAM).date()


# Features that keep figures derived from a conversation's messages (the dashboard's roll-ups) update them
# before the messages go: each registers a hook when the app is built (privacy imports no feature).
_before_erasing: list[Callable[[Session, int], None]] = []


def before_erasing(hook: Callable[[Session, int], None]) -> None:
    """Registers a hook called with the session and the conversation's id before its messages are deleted."""
    if hook not in _before_erasing:
        _before_erasing.append(hook)


def erase(
    session: Session,
    conversation_id: int,
    now: datetime,
    by: Eraser = Eraser.RESIDENT,
    idle_before: datetime | None = None,
    before_commit: Callable[[Erased], None] | None = None,
) -> Erased | None:
    """Erases a conversation in the session's transaction (the caller commits); None if there is
    nothing to erase: no such conversation, erased already, or (with idle_before) written in since.

    The conversation's row is locked first (PostgreSQL), so a message arriving meanwhile either
    lands before (and the idle check keeps the conversation) or after, in a new conversation.
    before_commit runs last, inside the transaction: erasing Rasa's tracker there means a failure
    there leaves the application database as it was.
    """
    conversation = session.scalar(select(Conversation).where(Conversation.id == conversation_id).with_for_update())
    if conversation is None or conversation.channel == ERASED_CHANNEL:
        return None
    if idle_before is not None and _utc(conversation.updated_at) >= idle_before:
        return None
    # first, while everything is as it was: a hook reads the messages, and the votes still linked to them
    for hook in _before_erasing:
        hook(session, conversation_id)
    counts: Counter[tuple[date, Metric, str]] = Counter({(local_day(conversation.created_at), Metric.CONVERSATIONS, ""): 1})
    messages = _count_messages(session, conversation_id, counts)
    for status, created_at in session.execute(
        select(Callback.status, Callback.created_at).where(Callback.conversation_id == conversation_id)
    ):
        counts[(local_day(created_at), Metric.CALLBACKS, status)] += 1
    add_counts(session, conversation.channel, counts)

    tickets = select(Ticket.id).where(Ticket.conversation_id == conversation_id)
    open_ids = list(session.scalars(tickets.where(Ticket.status.in_(OPEN_STATUSES))))
    if open_ids:
        session.execute(
            update(Ticket)
            .where(Ticket.id.in_(open_ids))
            .values(status=TicketStatus.ABANDONED, closed_at=now, outcome="erased")
            .execution_options(synchronize_session=False)
        )
    session.execute(
        update(Ticket)
        .where(Ticket.conversation_id == conversation_id)
        .values(rating_comment=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(TicketEvent)
        .where(TicketEvent.ticket_id.in_(tickets))
        .values(text=None)
        .execution_options(synchronize_session=False)
    )
    session.add_all(TicketEvent(ticket_id=ticket_id, kind="erased", actor=by, data={}, at=now) for ticket_id in open_ids)
    session.execute(
        update(Feedback)
        .where(Feedback.conversation_id == conversation_id)
        .values(message_id=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(Callback).where(Callback.conversation_id == conversation_id).execution_options(synchronize_session=False)
    )
    session.execute(
        delete(Message).where(Message.conversation_id == conversation_id).execution_options(synchronize_session=False)
    )
    if conversation.channel == TELEGRAM:
        _forget_telegram_updates(session, conversation.external_id, _utc(conversation.created_at) - timedelta(days=1))

    erased = Erased(conversation_id, conversation.channel, conversation.external_id, messages, len(open_ids))
    conversation.channel, conversation.external_id = ERASED_CHANNEL, str(conversation_id)
    conversation.mode, conversation.awaiting, conversation.awaiting_ref = Mode.BOT, None, None
    conversation.address, conversation.last_seq, conversation.updated_at = "bac", 0, now
    session.flush()
    if before_commit is not None:
        before_commit(erased)
    return erased


def _count_messages(session: Session, conversation_id: int, counts: Counter[tuple[date, Metric, str]]) -> int:
    """Adds the conversation's messages to counts; how many there were."""
    rows = session.execute(
        select(Message.direction, Message.meta, Message.reply_to, Message.created_at).where(
            Message.conversation_id == conversation_id
        )
    ).all()
    read: set[int] = set()  # inbound seqs whose intent was counted (the first reply to each carries it)
    for direction, meta, reply_to, created_at in rows:
        day, meta = local_day(created_at), meta or {}
        if direction == "in":
            counts[(day, Metric.MESSAGES_IN, "")] += 1
            continue
        counts[(day, Metric.REPLIES, str(meta.get("source") or "")[:120])] += 1
        if meta.get("faq_id"):
            counts[(day, Metric.FAQ_ANSWERS, str(meta["faq_id"])[:120])] += 1
        if meta.get("intent") and reply_to is not None and reply_to not in read:
            read.add(reply_to)
            counts[(day, Metric.INTENTS, str(meta["intent"])[:120])] += 1
    return len(rows)


def add_counts(session: Session, channel: str, counts: Counter[tuple[date, Metric, str]]) -> None:
    """Adds to the daily counts, creating rows as needed (an upsert: erasures may run side by side)."""
    if not counts:
        return
    rows = [
        {"day": day, "channel": channel, "metric": metric, "label": label, "count": n}
        for (day, metric, label), n in sorted(counts.items())
    ]
    table = cast(Table, UsageCount.__table__)  # a declarative class is mapped to a Table (turn_sql.py says why the cast)
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["day", "channel", "metric", "label"], set_={"count": table.c.count + statement.excluded["count"]}
    )
    session.execute(statement)


def _forget_telegram_updates(session: Session, chat_id: str, since: datetime) -> None:
    """Deletes the stored Telegram updates of a chat (they hold its messages and the sender's name)."""
    rows = session.execute(select(TelegramUpdate.update_id, TelegramUpdate.payload).where(TelegramUpdate.received_at >= since))
    ids = [update_id for update_id, payload in rows if chat_id in _chat_ids(payload)]
    if ids:
        session.execute(
            delete(TelegramUpdate).where(TelegramUpdate.update_id.in_(ids)).execution_options(synchronize_session=False)
        )


def _chat_ids(payload: Any) -> set[str]:
    """Every chat id an update names, wherever it sits (a message, an edited one, a button press)."""
    found: set[str] = set()
    stack = [payload]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            chat = node.get("chat")
            if isinstance(chat, dict) and "id" in chat:
                found.add(str(chat["id"]))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
