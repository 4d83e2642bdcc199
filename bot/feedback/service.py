"""👍/👎 after each FAQ answer: the buttons, what their payload means, and storing the vote."""

from __future__ import annotations

import functools
import re
from typing import TypeGuard

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.conversations.drafts import Draft, system_meta
from bot.conversations.features import Features
from bot.conversations.models import Conversation, Message
from bot.feedback.models import Feedback

PREFIX = "#feedback:"
_PAYLOAD = re.compile(r"^#feedback:(up|down):(\d{1,9})$")

THANKS = "Dạ, con cảm ơn Bác đã cho biết ạ! Bác cần hỏi gì thêm cứ nhắn cho con nhé."
SORRY = (
    "Dạ, con xin lỗi vì câu trả lời chưa đúng ý Bác. Con đã ghi lại để cán bộ phường bổ sung. "
    "Bác thử hỏi lại theo cách khác, hoặc bấm «Gặp người hỗ trợ» để được giúp trực tiếp ạ."
)
# After a 👎 a person is one tap away (the bot's request_human intent; out of hours it offers a call-back).
PERSON_BUTTON = {"title": "Gặp người hỗ trợ", "payload": "/request_human"}
SORRY_AGAIN = "Dạ, con xin lỗi vì các câu trả lời vừa rồi đều chưa đúng ý Bác ạ."
STALE = "Dạ, con không tìm thấy câu trả lời mà Bác vừa đánh giá ạ."


def buttons_for(seq: int) -> list[dict[str, str]]:
    """The two buttons shown under an FAQ answer with this sequence number."""
    return [
        {"title": "👍 Hữu ích", "payload": f"{PREFIX}up:{seq}"},
        {"title": "👎 Chưa đúng", "payload": f"{PREFIX}down:{seq}"},
    ]


def parse(payload: str | None) -> tuple[int, int] | None:
    """(+1 or -1, seq of the rated reply) for a feedback payload; None for anything else."""
    match = _PAYLOAD.match(payload or "")
    if not match:
        return None
    return (1 if match.group(1) == "up" else -1), int(match.group(2))


def is_feedback(payload: str | None) -> TypeGuard[str]:
    """True for a payload meant for us, valid or not (it must never reach the bot)."""
    return payload is not None and payload.startswith(PREFIX)


def record(session: Session, conversation_id: int, seq: int, value: int) -> Feedback | None:
    """Stores the vote on the FAQ reply with that seq (the latest vote counts); None if no such reply."""
    reply = session.scalar(
        select(Message).where(Message.conversation_id == conversation_id, Message.seq == seq, Message.direction == "out")
    )
    if reply is None or not (reply.meta or {}).get("faq_id"):
        return None
    vote = session.scalar(select(Feedback).where(Feedback.message_id == reply.id))
    if vote is None:
        vote = Feedback(conversation_id=conversation_id, message_id=reply.id, value=value, faq_id=reply.meta["faq_id"])
        session.add(vote)
    else:
        vote.value = value
    return vote


def downs_in_a_row(session: Session, conversation_id: int) -> int:
    """How many of the latest rated answers in a row got 👎 (since the conversation's last handoff)."""
    from bot.handoff.models import Ticket  # feedback is older than handoff: keep the import local

    since = session.scalar(select(func.max(Ticket.created_at)).where(Ticket.conversation_id == conversation_id))
    votes = select(Feedback.value).where(Feedback.conversation_id == conversation_id)
    if since is not None:
        votes = votes.where(Feedback.created_at > since)
    streak = 0
    for value in session.scalars(votes.order_by(Feedback.message_id.desc()).limit(5)):
        if value >= 0:
            break
        streak += 1
    return streak


# -- as a feature of the conversation core ---------------------------------------------


def on_payload(features: Features, session: Session, conversation: Conversation, payload: str) -> list[Draft]:
    """Stores a 👍/👎; a second 👎 in a row hands the conversation to a person."""
    vote = parse(payload)
    stored = record(session, conversation.id, vote[1], vote[0]) if vote else None
    meta = system_meta(conversation.mode, intent="feedback")
    if stored is None:
        return [Draft(STALE, None, meta)]
    if stored.value > 0:
        return [Draft(THANKS, None, meta)]
    session.flush()
    if downs_in_a_row(session, conversation.id) >= 2:
        drafts = [Draft(SORRY_AGAIN, None, {**meta, "handoff": True, "handoff_reason": "thumbs_down"})]
        return drafts + features.escalate(session, conversation.id, "thumbs_down")
    return [Draft(SORRY, [PERSON_BUTTON], meta)]


def under_answers(draft: Draft, seq: int, buttons: list[dict[str, str]] | None) -> list[dict[str, str]] | None:
    """👍/👎 under every answer from the knowledge base, after what the bot offers with it («Xem từng
    bước», a person); not under each step of a guidance, which has its own «Xong» / «Chưa làm được»."""
    if draft.meta.get("source") == "faq" and draft.meta.get("faq_id") and not draft.meta.get("guide"):
        return (buttons or []) + buttons_for(seq)
    return buttons


def install(features: Features) -> None:
    """The 👍/👎 buttons under FAQ answers, and what pressing them does."""
    features.payload(PREFIX, functools.partial(on_payload, features))
    features.decorate_buttons(under_answers)
