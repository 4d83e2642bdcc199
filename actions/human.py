"""Hands the conversation to a person: asked for, a complaint, or an emergency after its numbers."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic
from actions.answer_question import confident_answer
from actions.fallback import ActionHandleFallback
from actions.handover import Reason, hand_over
from nlu.frustration import fed_up
from nlu.person import names_someone

REASON_BY_INTENT = {"complain": Reason.COMPLAINT, "emergency": Reason.EMERGENCY}
# A complaint the NLU is this unsure of is more often a vague message ("cái kia sao rồi"): it is
# handled as not understood, so two in a row still reach a person.
SURE_COMPLAINT = 0.5
# Below this, a complaint whose words the knowledge base is sure of is answered (its answer has a person one
# tap away): a question asked with some impatience, not a grievance.
CLEAR_COMPLAINT = 0.7


def handoff_reason(tracker: Tracker) -> Reason:
    """Why the conversation goes to a person, from what the resident just said."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent is None:  # no intent parsed: not one of REASON_BY_INTENT's
        return Reason.REQUEST_HUMAN
    return REASON_BY_INTENT.get(intent, Reason.REQUEST_HUMAN)


class ActionRequestHuman(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """Asks the gateway to queue the conversation for a volunteer, with the reason."""

    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        reason = handoff_reason(tracker)
        confidence = (tracker.latest_message.get("intent") or {}).get("confidence") or 0
        # "Bác không hiểu, nói dễ hơn được không" sounds like a complaint: it asks for the last answer again,
        text = tracker.latest_message.get("text") or ""
        # only when asked outright: "ko hiểu gì hết, hướng dẫn kiểu gì vậy trời" is frustration, for a person
        # "con nói lại gọn gọn cho tui dễ nhớ đi" may be read as asking for a person; it names nobody
        if (
            reason is Reason.COMPLAINT or (reason is Reason.REQUEST_HUMAN and not names_someone(text))
        ) and in_topic.simpler_if_asked(dispatcher, tracker, text):
            return []
        if reason is Reason.COMPLAINT and confidence < SURE_COMPLAINT and not fed_up(text):
            return await ActionHandleFallback().run(dispatcher, tracker, domain)
        # "chữ ký số là cái gì mà người ta cứ nói hoài" sounds cross; the knowledge base is sure what it asks
        if reason is Reason.COMPLAINT and confidence < CLEAR_COMPLAINT and confident_answer(dispatcher, text):
            return []
        hand_over(dispatcher, reason)
        return []
