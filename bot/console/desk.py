"""What a volunteer does with a ticket; every action checks, server-side, that they may.

Each action is one transaction through ConversationService.transact, so a ticket change and
the message telling the resident about it are stored together and published after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from bot.auth.models import User
from bot.conversations.drafts import Draft
from bot.conversations.models import Message, Mode
from bot.conversations.service import ConversationService, Said
from bot.handoff import flow, queue
from bot.handoff.models import OPEN_STATUSES, Suggestion, Ticket, TicketEvent
from bot.personal_numbers.masking import mask


@dataclass
class DeskError(Exception):
    """A refused action, with a Vietnamese sentence for the volunteer."""

    code: str
    message: str
    status: int = 409


# Refusals are made fresh for every raise: one shared instance raised again and again would chain every
# raise's traceback onto itself (memory that grows with every refused request).
def not_yours() -> DeskError:
    return DeskError("not_yours", "Cuộc trò chuyện này không do bạn phụ trách (hoặc đã kết thúc).", 403)


def nothing_to_claim() -> DeskError:
    return DeskError(
        "nothing_to_claim",
        "Không nhận được: người này đã được tình nguyện viên khác nhận, hàng chờ đang trống, "
        "hoặc bạn đang hỗ trợ đủ số người cho phép.",
    )


def bad_outcome() -> DeskError:
    return DeskError("bad_outcome", "Bạn chọn kết quả hỗ trợ trong danh sách.", 422)


def unanswered() -> DeskError:
    return DeskError(
        "unanswered",
        "Người dân vừa nhắn mà chưa có ai trả lời. Bạn trả lời trước, hoặc xác nhận vẫn kết thúc và chọn kết quả.",
    )


def bad_target() -> DeskError:
    return DeskError("bad_target", "Không chuyển được cho người này.", 422)


def visible(session: Session, ticket_id: int, user: User) -> Ticket:
    """A ticket the user may read: assigned to them (now or before), or any for an admin. Once it
    ended, a volunteer reads it only up to its end (readable_until)."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or (user.role != "admin" and ticket.assigned_to != user.id):
        raise not_yours()
    return ticket


def readable_until(ticket: Ticket, user: User) -> datetime | None:
    """The last moment of the conversation the user may read through this ticket: None (all of it,
    live) for an admin or while the ticket is open; its end once it ended, so a volunteer keeps the
    history of their own help but sees nothing the resident says afterwards."""
    if user.role == "admin" or ticket.status in OPEN_STATUSES:
        return None
    return ticket.closed_at or ticket.created_at


def _held(session: Session, ticket_id: int, user: User) -> Ticket:
    try:
        return queue.held(session, ticket_id, user)
    except queue.TicketNotOpen as missing:
        raise not_yours() from missing


class Desk:
    """Claim, reply, note, release, transfer, resolve, suggest an FAQ."""

    def __init__(self, service: ConversationService, max_open: int) -> None:
        self.service = service
        self.max_open = max_open

    async def claim(self, user: User, ticket_id: int | None = None) -> dict[str, Any]:
        """The next waiting ticket (or that one) becomes the volunteer's."""

        def unit(session: Session) -> tuple[dict[str, Any], Said]:
            volunteer = session.get_one(User, user.id)
            ticket = queue.claim(session, volunteer, self.max_open, ticket_id)
            if ticket is None:
                raise nothing_to_claim()
            return _ticket_json(ticket), Said(ticket.conversation_id, [flow.claimed(ticket, volunteer)])

        claimed, _ = await self.service.transact(unit)
        await self.service.queue_changed()
        return claimed

    async def reply(self, user: User, ticket_id: int, text: str) -> dict[str, Any]:
        """A volunteer's message to the resident, on whatever channel they use (`text` cleaned: bodies.py)."""

        def unit(session: Session) -> tuple[int, Said]:
            ticket = _held(session, ticket_id, user)
            meta = {
                "source": "volunteer",
                "intent": None,
                "confidence": None,
                "handoff": False,
                "mode": Mode.HUMAN,
                "volunteer": flow.volunteer_name(user),
                "ticket_id": ticket.id,
            }
            return ticket.conversation_id, Said(ticket.conversation_id, [Draft(text, None, meta)])

        conversation_id, replies = await self.service.transact(unit, await self._conversation_of(ticket_id))
        return {"conversation_id": conversation_id, "message": replies[0].to_wire()}

    async def note(self, user: User, ticket_id: int, text: str) -> dict[str, Any]:
        """A private note on the ticket; residents never see it."""
        text = mask(text).text  # kept with the ticket: no resident's numbers

        def unit(session: Session) -> tuple[dict[str, Any], None]:
            ticket = _held(session, ticket_id, user)
            event = TicketEvent(ticket_id=ticket.id, kind="note", actor=user.username, data={}, text=text)
            session.add(event)
            session.flush()
            return {"id": event.id, "text": text, "actor": user.username, "at": event.at.isoformat()}, None

        note, _ = await self.service.transact(unit)
        return note

    async def release(self, user: User, ticket_id: int) -> None:
        """Back to the queue, keeping the resident's place."""

        def unit(session: Session) -> tuple[None, Said]:
            ticket = _held(session, ticket_id, user)
            queue.release(session, ticket.id, user)
            return None, Said(ticket.conversation_id, [flow.released(ticket)])

        await self.service.transact(unit, await self._conversation_of(ticket_id))
        await self.service.queue_changed()

    async def transfer(self, user: User, ticket_id: int, to_user_id: int) -> None:
        """Another volunteer (or admin) takes the conversation over."""

        def unit(session: Session) -> tuple[None, Said]:
            ticket = _held(session, ticket_id, user)
            target = session.get(User, to_user_id)
            if target is None or target.id == ticket.assigned_to:
                raise bad_target()
            try:
                queue.transfer(session, ticket.id, user, target)
            except queue.TicketNotOpen as refused:
                raise bad_target() from refused
            return None, Said(ticket.conversation_id, [flow.transferred(ticket, target)])

        await self.service.transact(unit, await self._conversation_of(ticket_id))
        await self.service.queue_changed()

    async def resolve(self, user: User, ticket_id: int, outcome: str, unanswered_ok: bool = False) -> None:
        """Closes the conversation with an outcome the volunteer chose (one of OUTCOMES, checked with the
        body: bodies.py; there is no default); the bot resumes and asks for a rating. While the resident's
        last message has no reply (a phone number they just sent), only with `unanswered_ok`: the rating
        prompt would answer it otherwise."""

        def unit(session: Session) -> tuple[None, Said]:
            ticket = _held(session, ticket_id, user)
            if not unanswered_ok and last_is_unanswered(session, ticket.conversation_id):
                raise unanswered()
            queue.resolve(session, ticket.id, user, outcome)
            return None, Said(ticket.conversation_id, [flow.resolved(ticket)])

        await self.service.transact(unit, await self._conversation_of(ticket_id))
        await self.service.queue_changed()

    async def suggest(self, user: User, ticket_id: int, text: str) -> dict[str, Any]:
        """Proposes the conversation's question for a new FAQ: it lands in the editor's unanswered list."""
        # read by the editor's staff, maybe copied into a public answer: no resident's numbers
        text = mask(text).text

        def unit(session: Session) -> tuple[dict[str, Any], None]:
            ticket = visible(session, ticket_id, user)
            message = question_of(session, ticket, readable_until(ticket, user))
            if message is None:
                raise DeskError("no_question", "Cuộc trò chuyện chưa có câu hỏi nào của người dân.", 422)
            suggestion = session.scalar(select(Suggestion).where(Suggestion.message_id == message.id))
            if suggestion is None:
                suggestion = Suggestion(message_id=message.id, ticket_id=ticket.id, text=text, suggested_by=user.username)
                session.add(suggestion)
            else:
                suggestion.text, suggestion.suggested_by = text, user.username
            session.add(TicketEvent(ticket_id=ticket.id, kind="suggested", actor=user.username, data={}, text=text))
            return {"message_id": message.id, "text": text}, None

        suggestion, _ = await self.service.transact(unit)
        return suggestion

    async def _conversation_of(self, ticket_id: int) -> int | None:
        def lookup(session: Session) -> tuple[int | None, None]:
            ticket = session.get(Ticket, ticket_id)
            return (ticket.conversation_id if ticket else None), None

        conversation_id, _ = await self.service.transact(lookup)
        return conversation_id


QUESTION_INTENTS = ("ask_question", "nlu_fallback")
UNANSWERED_LOOKBACK = 50  # messages read back from the end to find the latest answer


def last_is_unanswered(session: Session, conversation_id: int) -> bool:
    """Whether the resident wrote after the latest answer (a volunteer's or the bot's). System notices
    («con đã che số điện thoại», «… đã nhận hỗ trợ Bác») answer nothing the resident asked."""
    latest = session.execute(
        select(Message.direction, Message.meta)
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.seq.desc())
        .limit(UNANSWERED_LOOKBACK)
    )
    for direction, meta in latest:
        if direction == "in":
            return True
        if (meta or {}).get("source") != "system":
            return False
    return False


def question_of(session: Session, ticket: Ticket, until: datetime | None = None) -> Message | None:
    """The resident's question behind a handoff: their latest message before it that the bot took for
    a service question; else the first thing they told the volunteer (before `until`, if given); else
    what asked for the handoff."""
    before = list(
        session.scalars(
            select(Message)
            .where(
                Message.conversation_id == ticket.conversation_id,
                Message.direction == "in",
                Message.created_at <= ticket.created_at,
            )
            .order_by(Message.seq.desc())
            .limit(20)
        )
    )
    # the intents the bot read in those messages, from its replies (one query for all of them)
    read_as = {
        (reply_to, (meta or {}).get("intent"))
        for reply_to, meta in session.execute(
            select(Message.reply_to, Message.meta).where(
                Message.conversation_id == ticket.conversation_id, Message.reply_to.in_([m.seq for m in before])
            )
        )
    }
    for message in before:
        if any((message.seq, intent) in read_as for intent in QUESTION_INTENTS):
            return message
    after = session.scalar(
        select(Message)
        .where(
            Message.conversation_id == ticket.conversation_id,
            Message.direction == "in",
            Message.created_at > ticket.created_at,
            Message.created_at <= until if until is not None else true(),
        )
        .order_by(Message.seq)
        .limit(1)
    )
    return after or (before[0] if before else None)


def _ticket_json(ticket: Ticket) -> dict[str, Any]:
    return {
        "ticket_id": ticket.id,
        "conversation_id": ticket.conversation_id,
        "status": ticket.status,
        "reason": ticket.reason,
        "channel": ticket.channel,
        "priority": ticket.priority,
    }
