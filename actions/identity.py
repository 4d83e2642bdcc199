""" "Who are you?": the bot says what it is — unless the NLU only half thinks so right after an answer,
where "có phải dắt cháu lên phường không" is a follow-up on it, not a question about the bot; and a resident who
asks whether a real person is there ("có ai thật không", "nếu là máy thì cho tôi nói chuyện với người") is told
and handed over: they want one."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic
from actions.handover import Reason, hand_over
from actions.replies import DIALOGUE, meta
from nlu.person import asks_for_a_person, asks_to_meet_a_person

SURE_IDENTITY = 0.7
NOT_A_PERSON = "Dạ, con là Trợ lý số — một chương trình máy tính của phường, không phải người thật ạ."


def wants_someone(text: str) -> bool:
    """True if the message asks for a person, or whether one is there."""
    return asks_for_a_person(text) or asks_to_meet_a_person(text)


class ActionBotIdentity(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """Introduces the bot, hands over to a person when one is asked for, or answers within the topic when the
    question was about it."""

    def name(self) -> str:
        return "action_bot_identity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if wants_someone(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(text=NOT_A_PERSON, json_message=meta(DIALOGUE))
            hand_over(dispatcher, Reason.REQUEST_HUMAN)
            return []
        if in_topic.reply_if_unsure(dispatcher, tracker, "bot_identity", SURE_IDENTITY):
            return []
        dispatcher.utter_message(response="utter_bot_identity")
        return []
