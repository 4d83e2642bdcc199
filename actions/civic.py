"""A civic report (a street light out, a pothole, karaoke at midnight): where to report it, never 113–115.

The NLU tells reports from emergencies, but a report that also sounds dangerous (the emergency ranked
close behind, and any word of nlu.danger's broad list) is treated as the emergency: the numbers cost
nothing when they were not needed, and a missing child misread as a pothole would cost everything.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic
from actions.answer_question import confident_answer
from actions.emergency import say_emergency
from nlu.danger import any_danger

# An emergency ranked at least this high wins over a report.
EMERGENCY_CLOSE = 0.15
# A report the NLU is less sure of than this, right after an answer, may be a follow-up on it.
SURE_REPORT = 0.6


class ActionCivicReport(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """Tells where to report a problem in the neighbourhood, with a person one tap away."""

    def name(self) -> str:
        return "action_civic_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if in_topic.intent_confidence(tracker, "emergency") >= EMERGENCY_CLOSE and any_danger(text):
            say_emergency(dispatcher)
            return []
        if in_topic.reply_if_unsure(dispatcher, tracker, "civic_report", SURE_REPORT):
            return []
        # half read as a report, and nothing dangerous in it: the knowledge base may be sure what it asks
        sure = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)
        if sure < SURE_REPORT and confident_answer(dispatcher, text):
            return []
        dispatcher.utter_message(response="utter_civic_report")
        return []
