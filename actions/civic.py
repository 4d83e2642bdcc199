"""A civic report (a street light out, a pothole, karaoke at midnight): where to report it, never 113–115.

The NLU tells reports from emergencies, but a report that also sounds dangerous is treated as the
emergency: the numbers cost nothing when they were not needed, and a missing child misread as a
pothole would cost everything.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic
from actions.replies import DIALOGUE, meta

# An emergency ranked at least this high wins over a report.
EMERGENCY_CLOSE = 0.15
# A report the NLU is less sure of than this, right after an answer, may be a follow-up on it.
SURE_REPORT = 0.6
EMERGENCY_HANDOVER = "Con cũng đã báo ngay cho tình nguyện viên của phường để hỗ trợ thêm cho Bác ạ."


class ActionCivicReport(Action):
    """Tells where to report a problem in the neighbourhood, with a person one tap away."""

    def name(self) -> Text:
        return "action_civic_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if in_topic.intent_confidence(tracker, "emergency") >= EMERGENCY_CLOSE:
            dispatcher.utter_message(response="utter_emergency")
            dispatcher.utter_message(
                text=EMERGENCY_HANDOVER, json_message=meta(DIALOGUE, handoff=True, handoff_reason="emergency")
            )
            return []
        if in_topic.reply_if_unsure(dispatcher, tracker, "civic_report", SURE_REPORT):
            return []
        dispatcher.utter_message(response="utter_civic_report")
        return []
