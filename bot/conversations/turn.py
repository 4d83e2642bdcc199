"""The bot's turn: Rasa's replies as drafts, stored with the escalation they call for."""

from __future__ import annotations

from typing import Any

from bot.conversations import turn_sql
from bot.conversations.address import detect
from bot.conversations.drafts import Draft, system_meta
from bot.conversations.features import Features
from bot.conversations.models import Message, Mode
from bot.conversations.rasa_client import RasaTurn
from bot.conversations.store import MessageStore

SYSTEM_UNAVAILABLE = (
    "Dạ, hệ thống trả lời tự động đang tạm gián đoạn. Tin nhắn của Bác đã được lưu lại.\n"
    "Nếu cần gấp, Bác gọi đường dây nóng của phường {ward_hotline} ạ."
)
# what of a reply's custom meta the gateway keeps
KEPT_META = ("faq_id", "faq_score", "offer", "handoff_reason", "guide", "reviewed")


def drafts_of(turn: RasaTurn, mode: Mode, features: Features) -> list[Draft]:
    """Rasa's replies as drafts, with the meta the channels and the console read."""
    drafts = []
    for reply in turn.replies:
        custom_meta = (reply.get("custom") or {}).get("meta") or {}
        source = custom_meta.get("source") or ("fallback" if turn.intent == "nlu_fallback" else "dialogue")
        meta: dict[str, Any] = {
            "source": source,
            "intent": turn.intent,
            "confidence": round(turn.confidence, 4) if turn.confidence is not None else None,
            "handoff": bool(custom_meta.get("handoff", False)),
            "mode": mode,
        }
        for key in KEPT_META:
            if key in custom_meta:
                meta[key] = custom_meta[key]
        buttons = [
            {"title": str(b.get("title", ""))[:64], "payload": str(b.get("payload", ""))[:256]}
            for b in reply.get("buttons") or []
        ] or None
        drafts.append(Draft(features.fill(reply["text"]), buttons, meta))
    return drafts


def unavailable_draft(mode: Mode, features: Features) -> Draft:
    return Draft(features.fill(SYSTEM_UNAVAILABLE), None, system_meta(mode))


def store_bot_turn(
    store: MessageStore, conversation_id: int, inbound: Message, drafts: list[Draft], status: str, escalation: str | None
) -> list[Message]:
    """The bot's replies and, if they call for it, the escalation, in one transaction."""
    with store.sessions() as session:
        heard = detect(inbound.text)  # "cho cháu hỏi…": the resident says who they are
        if heard is not None:
            turn_sql.set_address(session.connection(), conversation_id, heard)
        if escalation:
            if status == "failed":  # the notice itself says the bot is down: it escalates
                drafts[0].meta.update(handoff=True, handoff_reason=escalation)
            # the guidance step the resident was stuck on, for the volunteer's queue row
            context = next((d.meta["guide"] for d in drafts if d.meta.get("handoff") and d.meta.get("guide")), None)
            drafts = drafts + store.features.escalate(session, conversation_id, escalation, context)
        replies = store.append(session, conversation_id, inbound.seq, drafts)
        store.set_status(session, inbound.id, status)
        session.commit()
        return replies
