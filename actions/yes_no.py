""""Có" / "không" on their own: acknowledged politely (the bot offers nothing that needs them)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import DIALOGUE, meta

PLAIN_YES = "Dạ vâng ạ. Bác/Anh/Chị cần hỏi gì thêm cứ nhắn cho con nhé."
PLAIN_NO = "Dạ vâng ạ. Khi nào cần, Bác/Anh/Chị cứ nhắn câu hỏi cho con nhé."


class ActionReplyYesNo(Action):
    """Acknowledges a bare yes or no."""

    def name(self) -> Text:
        return "action_reply_yes_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        said_yes = (tracker.latest_message.get("intent") or {}).get("name") == "affirm"
        dispatcher.utter_message(text=PLAIN_YES if said_yes else PLAIN_NO, json_message=meta(DIALOGUE))
        return []
