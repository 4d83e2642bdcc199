"""The resident asks for a person."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import DIALOGUE, meta

# Until the volunteer queue exists, say so honestly and give the ward's own channels.
NO_VOLUNTEER_YET = (
    "Dạ, con đã ghi nhận Bác/Anh/Chị muốn gặp người hỗ trợ. Hiện kênh trò chuyện trực tiếp với "
    "tình nguyện viên đang được phường chuẩn bị nên con chưa chuyển được ạ.\n"
    "Bác/Anh/Chị có thể gọi đường dây nóng của phường: {ward_hotline}, hoặc đến {ward_address} "
    "({ward_hours}) để được cán bộ hướng dẫn trực tiếp."
)


class ActionRequestHuman(Action):
    """Answers a request for a human helper."""

    def name(self) -> Text:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=NO_VOLUNTEER_YET, json_message=meta(DIALOGUE, handoff=False))
        return []
