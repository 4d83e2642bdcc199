""""Có" / "không": the meaning depends on what the bot just offered."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.human import ActionRequestHuman
from actions.replies import DIALOGUE, last_offer, meta

DECLINED_HUMAN = "Dạ vâng ạ. Bác/Anh/Chị cứ hỏi lại theo cách khác, con sẽ cố gắng trả lời ạ."
PLAIN_YES = "Dạ vâng ạ. Bác/Anh/Chị cần hỏi gì thêm cứ nhắn cho con nhé."
PLAIN_NO = "Dạ vâng ạ. Khi nào cần, Bác/Anh/Chị cứ nhắn câu hỏi cho con nhé."


class ActionReplyYesNo(Action):
    """Accepts or declines the bot's last offer; otherwise acknowledges politely."""

    def name(self) -> Text:
        return "action_reply_yes_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        said_yes = (tracker.latest_message.get("intent") or {}).get("name") == "affirm"
        if last_offer(tracker.events) == "human":
            if said_yes:
                return await ActionRequestHuman().run(dispatcher, tracker, domain)
            dispatcher.utter_message(text=DECLINED_HUMAN, json_message=meta(DIALOGUE))
            return []
        dispatcher.utter_message(text=PLAIN_YES if said_yes else PLAIN_NO, json_message=meta(DIALOGUE))
        return []
