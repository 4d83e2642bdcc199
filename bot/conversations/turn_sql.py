"""The SQL of an ordinary chat turn, as Core statements on the session's connection.

Why not the ORM here: storing a message, reading the conversation's state and storing the bot's
replies went through the ORM's unit of work, 4.8 ms of CPU per turn on SQLite, about half of the
gateway's share of a turn (`make bench`, py-spy). The same rows written by these few statements
cost about a fifth of that. Every message is written by these statements (bot/conversations/store.py,
the one write path); only reading a conversation that is not an ordinary turn (first contact races,
duplicate deliveries, handoff, buttons) goes through the ORM.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, String, Table, bindparam, exists, func, insert, select, update

from bot.conversations.holds import holds
from bot.conversations.models import Awaiting, Conversation, Message, Mode

# Declarative classes with a __tablename__ are always mapped to a Table; SQLAlchemy types __table__ as
# FromClause only because a class may also be mapped to another selectable, which ours never are.
conversations = cast(Table, Conversation.__table__)
messages = cast(Table, Message.__table__)
MESSAGE_COLUMNS = (
    "conversation_id",
    "seq",
    "direction",
    "text",
    "buttons",
    "meta",
    "client_id",
    "status",
    "reply_to",
    "created_at",
)


# Built once: constructing a statement and its cache key cost more than running it on SQLite.
_BUMP_SEQ_OF_USER = (
    update(conversations)
    .where(conversations.c.channel == bindparam("b_channel"), conversations.c.external_id == bindparam("b_external_id"))
    .values(
        last_seq=conversations.c.last_seq + 1,
        updated_at=bindparam("b_now"),
        # the network of the latest message; a channel that knows none (Telegram) keeps what is there
        network=func.coalesce(bindparam("b_network", type_=String), conversations.c.network),
    )
    .returning(conversations.c.id, conversations.c.mode, conversations.c.last_seq)
)
_INSERT_CONVERSATION = insert(conversations).returning(conversations.c.id)
_BUMP_SEQ = (
    update(conversations)
    .where(conversations.c.id == bindparam("b_id"))
    .values(last_seq=conversations.c.last_seq + bindparam("b_count"), updated_at=bindparam("b_now"))
    .returning(conversations.c.last_seq, conversations.c.address)
)
# outbound messages: the latest one also says what typed answer the conversation waits for (or clears it)
_BUMP_SEQ_SAYING = (
    update(conversations)
    .where(conversations.c.id == bindparam("b_id"))
    .values(
        last_seq=conversations.c.last_seq + bindparam("b_count"),
        updated_at=bindparam("b_now"),
        awaiting=bindparam("b_awaiting"),
        awaiting_ref=bindparam("b_awaiting_ref"),
    )
    .returning(conversations.c.last_seq, conversations.c.address)
)
_STATE = select(
    conversations.c.channel,
    conversations.c.external_id,
    conversations.c.mode,
    conversations.c.last_seq,
    conversations.c.awaiting,
    conversations.c.awaiting_ref,
    # whether earlier messages wait for the bot (bot/conversations/holds.py), read in the same query
    exists().where(holds.c.conversation_id == conversations.c.id).label("held"),
).where(conversations.c.id == bindparam("b_id"))
_INSERT_MESSAGES = insert(messages).returning(messages.c.id, sort_by_parameter_order=True)
_SET_STATUS = update(messages).where(messages.c.id == bindparam("b_id")).values(status=bindparam("b_status"))


def bump_seq_of_user(
    conn: Connection, channel: str, external_id: str, now: datetime, network: str | None = None
) -> Row[tuple[int, str, int]] | None:
    """Takes the next seq of a channel user's conversation: (id, mode, last_seq), or None if new.

    The row update also serialises writers of one conversation, so seq order is commit order."""
    values = {"b_channel": channel, "b_external_id": external_id, "b_now": now, "b_network": network}
    return conn.execute(_BUMP_SEQ_OF_USER, values).first()


def insert_conversation(
    conn: Connection, channel: str, external_id: str, last_seq: int, now: datetime, network: str | None = None
) -> int:
    """A new conversation in bot mode whose first last_seq numbers are taken; its id."""
    values = {
        "channel": channel,
        "external_id": external_id,
        "mode": Mode.BOT,
        "last_seq": last_seq,
        "network": network,
        "created_at": now,
        "updated_at": now,
    }
    conversation_id: int = conn.execute(_INSERT_CONVERSATION, values).scalar_one()
    return conversation_id


_ADDRESS_OF = select(conversations.c.address).where(conversations.c.id == bindparam("b_id"))
_SET_ADDRESS = update(conversations).where(conversations.c.id == bindparam("b_id")).values(address=bindparam("b_address"))


def address_of(conn: Connection, conversation_id: int) -> str:
    """How the bot addresses this resident (bot/conversations/address.py)."""
    return conn.execute(_ADDRESS_OF, {"b_id": conversation_id}).scalar_one_or_none() or "bac"


def set_address(conn: Connection, conversation_id: int, address: str) -> None:
    conn.execute(_SET_ADDRESS, {"b_id": conversation_id, "b_address": address})


def bump_seq(conn: Connection, conversation_id: int, count: int, now: datetime) -> tuple[int, str]:
    """Takes `count` seqs of a conversation at once; the last of them, and how the resident is addressed
    (read in the same statement: the replies being numbered are worded with it)."""
    last, address = conn.execute(_BUMP_SEQ, {"b_id": conversation_id, "b_count": count, "b_now": now}).one()
    return last, address or "bac"


def bump_seq_saying(
    conn: Connection, conversation_id: int, count: int, now: datetime, awaiting: Awaiting | None, awaiting_ref: int | None
) -> tuple[int, str]:
    """As bump_seq, for outbound messages: also sets what the conversation now waits for (None: nothing)."""
    values = {"b_id": conversation_id, "b_count": count, "b_now": now, "b_awaiting": awaiting, "b_awaiting_ref": awaiting_ref}
    last, address = conn.execute(_BUMP_SEQ_SAYING, values).one()
    return last, address or "bac"


def state_of(conn: Connection, conversation_id: int) -> Row[tuple[str, str, Mode, int, Awaiting | None, int | None, bool]] | None:
    """(channel, external_id, mode, last_seq, awaiting, awaiting_ref, held): the conversation, the typed
    answer it waits for (the one place that reads it), and whether it has a hold."""
    return conn.execute(_STATE, {"b_id": conversation_id}).first()


def insert_messages(conn: Connection, rows: list[Message]) -> None:
    """Inserts new Message objects (not in any session) and sets their ids."""
    values = [{column: getattr(row, column) for column in MESSAGE_COLUMNS} for row in rows]
    for row, new_id in zip(rows, conn.execute(_INSERT_MESSAGES, values).scalars().all(), strict=True):
        row.id = new_id


def set_status(conn: Connection, message_id: int, status: str) -> None:
    """An inbound message's status (received → answered | failed | held)."""
    conn.execute(_SET_STATUS, {"b_id": message_id, "b_status": status})


def detached_conversation(conversation_id: int, channel: str, external_id: str, mode: str, last_seq: int) -> Conversation:
    """A Conversation object for the router's own use (ids, channel, mode), not bound to a session."""
    return Conversation(id=conversation_id, channel=channel, external_id=external_id, mode=mode, last_seq=last_seq)


def new_message(**values: Any) -> Message:
    """A Message object with every column set, for insert_messages."""
    values.setdefault("buttons", None)
    values.setdefault("client_id", None)
    values.setdefault("reply_to", None)
    return Message(**values)
