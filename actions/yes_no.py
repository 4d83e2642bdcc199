""" "Có" / "không" on their own: an answer if the bot just asked something, else not understood."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic
from actions.fallback import ActionHandleFallback
from actions.replies import DIALOGUE, bot_replies, meta

# A "no" the NLU is less sure of than this, when the bot asked nothing, is taken as not understood.
SURE_NO = 0.9
# A "yes" this hesitant to nothing ("cái đó sao rồi") is not a yes either.
SURE_YES = 0.5
PLAIN_YES = "Dạ vâng ạ. Bác cần hỏi gì thêm cứ nhắn cho con nhé."
PLAIN_NO = "Dạ vâng ạ. Khi nào cần, Bác cứ nhắn câu hỏi cho con nhé."


def bot_just_asked(events: list[dict[str, Any]]) -> bool:
    """True if the bot's latest message ends with a question."""
    replies = bot_replies(events)
    return bool(replies) and (replies[0].get("text") or "").rstrip().endswith("?")


class ActionReplyYesNo(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """Acknowledges a yes or no. A hesitant "no" when the bot asked nothing is more likely a misread
    problem ("sao nó không lên") than a refusal: it is handled as not understood (and counts towards
    a handover); a clear one ("thôi không cần đâu") is still a polite no. A hesitant "yes" to nothing
    ("cái đó sao rồi") is not understood either."""

    def name(self) -> str:
        return "action_reply_yes_no"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        intent = tracker.latest_message.get("intent") or {}
        said_yes = intent.get("name") == "affirm"
        asked = bot_just_asked(tracker.events)
        # "Phải chuẩn bị những gì?" read as a "yes" right after an answer is a follow-up on it
        if (
            not asked
            and (intent.get("confidence") or 0) < SURE_NO
            and in_topic.reply(dispatcher, tracker, tracker.latest_message.get("text") or "", kinds=in_topic.UNSURE_KINDS)
        ):
            return []
        sure = SURE_YES if said_yes else SURE_NO
        if not asked and (intent.get("confidence") or 0) < sure:
            return await ActionHandleFallback().run(dispatcher, tracker, domain)
        dispatcher.utter_message(text=PLAIN_YES if said_yes else PLAIN_NO, json_message=meta(DIALOGUE))
        return []
