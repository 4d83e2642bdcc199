"""An emergency: the numbers 113, 114, 115 at once, then a volunteer with the highest priority.

One exception, for a message the NLU called an emergency although it names no danger at all, sent in
the middle of a topic: "Mẹ tôi 80 tuổi ở nhà thì sao?" after the social pension's answer asks about the
pension, and an alarm there frightens an elderly resident and puts a false ticket at the head of the
queue. Such a message is answered as a follow-up when it reads as one; anything that could be about a
danger (nlu.danger's deliberately broad list) still gets the numbers.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic
from actions.replies import DIALOGUE, meta
from nlu.danger import any_danger

EMERGENCY_HANDOVER = "Con cũng đã báo ngay cho tình nguyện viên của phường để hỗ trợ thêm cho Bác ạ."


def say_emergency(dispatcher: CollectingDispatcher) -> None:
    """The numbers, then the handover the gateway turns into a priority ticket."""
    dispatcher.utter_message(response="utter_emergency")
    dispatcher.utter_message(text=EMERGENCY_HANDOVER, json_message=meta(DIALOGUE, handoff=True, handoff_reason="emergency"))


def answered_as_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answers a message that names no danger as a follow-up on the conversation's topic; False (nothing
    said) if it could be about a danger or does not read as a follow-up."""
    text = tracker.latest_message.get("text") or ""
    return not any_danger(text) and in_topic.reply(dispatcher, tracker, text, kinds=in_topic.UNSURE_KINDS)


class ActionEmergency(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """The emergency numbers and a person, unless the message is a follow-up that names no danger."""

    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if not answered_as_follow_up(dispatcher, tracker):
            say_emergency(dispatcher)
        return []
