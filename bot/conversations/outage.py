"""What the gateway says and does by itself while the bot is unavailable.

A held message gets one notice per outage (bot/conversations/holds.py); a resident who asks for a
person, or writes of a present danger, must not wait for the bot: both are read here without Rasa.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.conversations import holds, turn_sql
from bot.conversations.address import detect
from bot.conversations.drafts import Draft, system_meta
from bot.conversations.features import Features
from bot.conversations.models import InboundStatus, Message, Mode
from bot.conversations.store import MessageStore
from nlu.danger import present_danger
from nlu.person import asks_to_meet_a_person

# Handled before the bot by the handoff feature (bot/handoff/flow.py), so it works while Rasa is down.
PERSON_BUTTON = {"title": "Gặp người hỗ trợ", "payload": "#handoff:person"}
# The bot's own «Gặp người hỗ trợ» buttons (FAQ answers, 👎) send its request_human intent.
BOT_PERSON_PAYLOAD = "/request_human"

BUSY = (
    "Dạ, hệ thống đang bận một chút, con sẽ trả lời Bác ngay khi xong ạ. "
    "Tin nhắn của Bác con đã ghi lại, Bác không cần gửi lại đâu ạ.\n"
    "Nếu muốn gặp người hỗ trợ của phường ngay, Bác bấm nút bên dưới nhé.\n"
    "Nếu cần gấp, Bác gọi đường dây nóng của phường {ward_hotline} ạ."
)
# The bot's own emergency answer (bot/dialogue/domain.yml, utter_emergency), for when the bot cannot give it.
EMERGENCY_NUMBERS = (
    "Dạ, nếu đang có nguy hiểm, Bác hãy GỌI NGAY:\n☎ 113 — Công an (cướp, trộm, đánh nhau)\n"
    "☎ 114 — Cứu hỏa, cứu nạn (cháy, nổ, người mắc kẹt, đuối nước)\n☎ 115 — Cấp cứu y tế (ngất, tai nạn, chảy máu)\n"
    "Các số này gọi miễn phí, kể cả khi điện thoại hết tiền. Giữ bình tĩnh, nói rõ địa chỉ và chuyện đang xảy ra ạ."
)


class Urgency(StrEnum):
    """Why a message cannot wait for the bot: the handoff reasons it escalates with."""

    EMERGENCY = "emergency"
    REQUEST_HUMAN = "request_human"


def cannot_wait(text: str, payload: str | None) -> Urgency | None:
    """A message that goes to a person now rather than waiting for the bot, and why; None: it waits."""
    if payload is not None:
        return Urgency.REQUEST_HUMAN if payload.startswith(BOT_PERSON_PAYLOAD) else None
    if present_danger(text):
        return Urgency.EMERGENCY
    return Urgency.REQUEST_HUMAN if asks_to_meet_a_person(text) else None


def busy_draft(mode: Mode, features: Features) -> Draft:
    """The one notice of an outage: the message is kept and will be answered; a person is one tap away."""
    return Draft(features.fill(BUSY), [PERSON_BUTTON], system_meta(mode, bot_busy=True))


def emergency_draft(mode: Mode) -> Draft:
    """The emergency numbers, which never wait for the bot."""
    return Draft(EMERGENCY_NUMBERS, None, system_meta(mode, emergency=True))


def store_held_turn(
    store: MessageStore, conversation_id: int, inbound: Message, payload: str | None
) -> tuple[list[Message], bool]:
    """The bot could not answer: the message waits for it in the conversation's hold, and the first of
    an outage gets the notice; a request for a person or a present danger goes to a person now.
    Stores what is said in the same transaction; the replies, and whether the message waits for the bot."""
    for attempt in range(2):
        with store.sessions() as session:
            try:
                heard = detect(inbound.text)  # the notice is already worded as the resident speaks
                if heard is not None:
                    turn_sql.set_address(session.connection(), conversation_id, heard)
                drafts, deferred = _held_turn(store, session, conversation_id, inbound, payload)
                replies = store.append(session, conversation_id, inbound.seq, drafts)
                session.commit()
                return replies, deferred
            except IntegrityError:  # another instance started this conversation's hold just now: join it
                session.rollback()
                if attempt:
                    raise
    raise AssertionError("unreachable")


def _held_turn(
    store: MessageStore, session: Session, conversation_id: int, inbound: Message, payload: str | None
) -> tuple[list[Draft], bool]:
    urgency = cannot_wait(inbound.text, payload)
    if urgency is not None and (escalated := store.features.escalate(session, conversation_id, urgency, None)):
        holds.hand_over(session, conversation_id)  # what it held before goes to the same person
        store.set_status(session, inbound.id, InboundStatus.ANSWERED)
        return ([emergency_draft(Mode.BOT)] if urgency == Urgency.EMERGENCY else []) + escalated, False
    if holds.hold(session, conversation_id, inbound.id, utcnow()):
        return [busy_draft(Mode.BOT, store.features)], True
    return [], True
