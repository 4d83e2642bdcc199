""" "Who are you?": the bot says what it is — unless the NLU only half thinks so right after an answer,
where "có phải dắt cháu lên phường không" is a follow-up on it, not a question about the bot."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic

SURE_IDENTITY = 0.7


class ActionBotIdentity(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """Introduces the bot, or answers within the topic when the question was about it."""

    def name(self) -> str:
        return "action_bot_identity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if in_topic.reply_if_unsure(dispatcher, tracker, "bot_identity", SURE_IDENTITY):
            return []
        dispatcher.utter_message(response="utter_bot_identity")
        return []
