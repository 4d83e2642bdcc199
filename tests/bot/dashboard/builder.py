"""Hand-built activity for the dashboard's tests: conversations, messages, votes and tickets written
straight into the database, at chosen moments, the way the conversation core and its features write them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy.orm import Session

from bot.conversations.models import Conversation, Message
from bot.feedback.models import Feedback
from bot.handoff.models import Callback, HandoffReason, Ticket, TicketStatus

VN = timezone(timedelta(hours=7))


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A Việt Nam wall-clock moment as the UTC instant the database stores."""
    return datetime(year, month, day, hour, minute, tzinfo=VN).astimezone(timezone.utc)


FAQ = {"source": "faq", "intent": "ask_question", "faq_id": "vneid-quen-mat-khau"}
FALLBACK = {"source": "fallback", "intent": "nlu_fallback"}
DIALOGUE = {"source": "dialogue", "intent": "greet"}


@dataclass
class Chat:
    """One conversation being written; `seq` counts its messages."""

    session: Session
    conversation: Conversation
    seq: int = 0
    last_reply: Message | None = None
    replies: list[Message] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.conversation.id

    def _add(self, direction: str, at: datetime, text: str, meta: dict[str, Any], reply_to: int | None = None) -> Message:
        self.seq += 1
        self.conversation.last_seq = self.seq
        message = Message(
            conversation_id=self.id,
            seq=self.seq,
            direction=direction,
            text=text,
            meta=meta,
            reply_to=reply_to,
            created_at=at,
            status="answered" if direction == "in" else "delivered",  # settled: a gateway starting up leaves it alone
        )
        self.session.add(message)
        self.session.flush()
        return message

    def ask(self, at: datetime, reply: dict[str, Any] | None = None, text: str = "cho hỏi", after_s: int = 2) -> Message:
        """A typed question and the bot's reply (FAQ answer by default)."""
        inbound = self._add("in", at, text, {})
        self.last_reply = self._add("out", at + timedelta(seconds=after_s), "trả lời", dict(reply or FAQ), inbound.seq)
        self.replies.append(self.last_reply)
        return self.last_reply

    def press(self, at: datetime, payload: str, reply: dict[str, Any]) -> Message:
        """A button press (not a question) and the reply to it."""
        inbound = self._add("in", at, payload, {"payload": payload})
        self.last_reply = self._add("out", at + timedelta(seconds=1), "bước", dict(reply), inbound.seq)
        return self.last_reply

    def volunteer_says(self, at: datetime) -> Message:
        return self._add("out", at, "tình nguyện viên trả lời", {"source": "volunteer", "mode": "human"})

    def vote(self, reply: Message, value: int, at: datetime | None = None) -> Feedback:
        vote = Feedback(
            conversation_id=self.id,
            message_id=reply.id,
            value=value,
            faq_id=reply.meta.get("faq_id"),
            created_at=at or reply.created_at + timedelta(seconds=30),
        )
        self.session.add(vote)
        self.session.flush()
        return vote

    def ticket(
        self,
        created: datetime,
        wait: timedelta | None = None,
        handled: timedelta | None = None,
        status: TicketStatus = TicketStatus.RESOLVED,
        reason: HandoffReason = HandoffReason.REQUEST_HUMAN,
        rating: int | None = None,
        comment: str | None = None,
        outcome: str | None = "guided",
        volunteer: int | None = None,
    ) -> Ticket:
        assigned = created + wait if wait is not None else None
        ticket = Ticket(
            conversation_id=self.id,
            channel=self.conversation.channel,
            reason=reason,
            priority=reason.priority,
            status=status,
            assigned_to=volunteer,
            outcome=outcome if status == TicketStatus.RESOLVED else None,
            created_at=created,
            assigned_at=assigned,
            closed_at=assigned + handled if assigned and handled else None,
            rating=rating,
            rating_comment=comment,
            rated_at=created + timedelta(hours=1) if rating else None,
        )
        self.session.add(ticket)
        # the escalation is a bot reply with handoff set, as the core stores it
        self._add("out", created, "chuyển người", {"source": "dialogue", "handoff": True, "handoff_reason": str(reason)})
        self.session.flush()
        return ticket

    def callback(self, at: datetime, status: str) -> Callback:
        callback = Callback(conversation_id=self.id, reason=HandoffReason.REQUEST_HUMAN, status=status, created_at=at)
        self.session.add(callback)
        self.session.flush()
        return callback


def chat(session: Session, channel: str = "web", external_id: str | None = None, at: datetime | None = None) -> Chat:
    count = session.query(Conversation).count()
    conversation = Conversation(channel=channel, external_id=external_id or f"r{count + 1}", created_at=at or vn(2026, 11, 2))
    session.add(conversation)
    session.flush()
    return Chat(session, conversation)


def busy_month(session: Session, conversations: int = 40) -> None:
    """Random November activity on three channels: answers of two entries, fallbacks, greetings, votes
    both ways, repeats, tickets of every fate (claimed, unclaimed, abandoned), volunteers' messages."""
    rng = random.Random(19)
    other = {**FAQ, "faq_id": "vneid-dang-ky-muc-2"}
    for _ in range(conversations):
        resident = chat(session, rng.choice(["web", "web", "telegram", "api"]))
        for _ in range(rng.randint(1, 3)):
            at = vn(2026, 11, rng.randint(1, 30), rng.randint(0, 23), rng.randint(0, 59))
            for _ in range(rng.randint(1, 3)):
                reply = resident.ask(at, rng.choice([FAQ, FAQ, other, FALLBACK, DIALOGUE]))
                if reply.meta.get("faq_id") and rng.random() < 0.5:
                    resident.vote(reply, rng.choice([1, 1, -1]))
                at += timedelta(minutes=rng.randint(1, 15))
            if rng.random() < 0.3:
                status = rng.choice([TicketStatus.RESOLVED, TicketStatus.ABANDONED, TicketStatus.EXPIRED])
                claimed = status == TicketStatus.RESOLVED
                resident.ticket(at, wait=timedelta(minutes=rng.randint(1, 20)) if claimed else None, status=status)
                if claimed:
                    resident.volunteer_says(at + timedelta(minutes=25))
