""" "Cảm ơn", "tạm biệt": the bot says you are welcome, or goodbye — unless the NLU only half thinks so and the
resident asks for the last answer again, simpler ("Tui già rồi nói gọn gọn thôi nghen" reads as a goodbye: its
"thôi" closes many a farewell)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic

# Below this the NLU is unsure of the thanks or the goodbye ("cảm ơn, cháu chỉ dễ hiểu lắm" is read at 0.96: a
# thanks, though "dễ hiểu" is also how a resident asks to have it said more simply)
SURE_FAREWELL = 0.6


class _Farewell:
    """Answers a thanks or a goodbye with its response, or says the last answer again, simpler, when that is
    what an unsure one asks. Not an Action itself: rasa_sdk registers every subclass of Action, and this one
    has no name."""

    response = ""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        unsure = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0) < SURE_FAREWELL
        if unsure and in_topic.simpler_if_asked(dispatcher, tracker, text):
            return []
        dispatcher.utter_message(response=self.response)
        return []


class ActionGoodbye(_Farewell, Action):  # type: ignore[misc]  # Action is Any
    response = "utter_goodbye"

    def name(self) -> str:
        return "action_goodbye"


class ActionThanks(_Farewell, Action):  # type: ignore[misc]  # Action is Any
    response = "utter_thanks"

    def name(self) -> str:
        return "action_thanks"
