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


def intent_confidence(tracker: Tracker, name: Text) -> float:
    """The NLU's confidence in one intent for the latest message (0 if unranked)."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    return next((float(i.get("confidence") or 0) for i in ranking if i.get("name") == name), 0.0)


class ActionCivicReport(Action):
    """Tells where to report a problem in the neighbourhood, with a person one tap away."""

    def name(self) -> Text:
        return "action_civic_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if intent_confidence(tracker, "emergency") >= EMERGENCY_CLOSE:
            dispatcher.utter_message(response="utter_emergency")
            dispatcher.utter_message(
                text=EMERGENCY_HANDOVER, json_message=meta(DIALOGUE, handoff=True, handoff_reason="emergency")
            )
            return []
        text = tracker.latest_message.get("text") or ""
        if intent_confidence(tracker, "civic_report") < SURE_REPORT and in_topic.reply(
            dispatcher, tracker, text, kinds=in_topic.UNSURE_KINDS
        ):
            return []
        dispatcher.utter_message(response="utter_civic_report")
        return []
