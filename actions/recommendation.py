"""A request to recommend a shop, a brand, a product or a tradesman (nlu.recommendation): refused kindly, with a
person one tap away, unless the knowledge base is sure it answers it — however the NLU read the message, and in
the middle of a conversation too (it is no follow-up on the topic: "ngân hàng nào lãi thấp" after the pension's
office is not about the pension)."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.responding import search
from knowledge.calibration import Decision
from nlu.recommendation import asks_for_a_recommendation


def refused_recommendation(dispatcher: CollectingDispatcher, text: str) -> bool:
    """Says that the assistant recommends no business if the message asks for one and the knowledge base is not
    sure of an answer; False (nothing said) otherwise."""
    if not asks_for_a_recommendation(text):
        return False
    _, decision = search(text, offer=False)
    if decision is Decision.ANSWER:
        return False
    dispatcher.utter_message(response="utter_no_recommendation")
    return True
