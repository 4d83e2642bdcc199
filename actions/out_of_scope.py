"""Out of scope, says the NLU: unless the knowledge base is sure it knows, refuse kindly."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic
from actions.answer_question import confident_answer
from actions.fallback import ActionHandleFallback
from actions.not_ours import refused_as_not_ours

# Below this, "out of scope" is more likely a vague or garbled message than a topic we do not
# cover: it is handled as not understood (ask again; two in a row go to a person).
SURE_OUT_OF_SCOPE = 0.6


class ActionOutOfScope(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """A service question the NLU mistook for small talk still gets its answer."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        confidence = (tracker.latest_message.get("intent") or {}).get("confidence") or 0
        text = tracker.latest_message.get("text") or ""
        if refused_as_not_ours(dispatcher, text):
            return []
        # "còn người già thì sao" after an answer is a follow-up, however the NLU reads it alone
        if in_topic.reply(dispatcher, tracker, text, kinds=in_topic.CLEAR_KINDS):
            return []
        if confidence < SURE_OUT_OF_SCOPE:
            return await ActionHandleFallback().run(dispatcher, tracker, domain)
        if not confident_answer(dispatcher, text):
            dispatcher.utter_message(response="utter_out_of_scope")
        return []
