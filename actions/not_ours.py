"""What is not the ward's to answer, refused kindly with a person one tap away unless the knowledge base is sure it
answers it — however the NLU read the message, and in the middle of a conversation too ("ngân hàng nào lãi thấp"
after the pension's office is not about the pension): which shop, brand, product or tradesman to pick
(nlu.recommendation), and a visa, private insurance or a lawsuit (nlu.other_offices)."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.responding import search
from knowledge.calibration import Decision
from nlu.other_offices import names_another_office
from nlu.recommendation import asks_for_a_recommendation


def not_ours(text: str) -> bool:
    """True if the message asks for a business to recommend or for another office's service (`make eval-kb` models
    the refusal with it too)."""
    return asks_for_a_recommendation(text) or names_another_office(text)


def refused_as_not_ours(dispatcher: CollectingDispatcher, text: str) -> bool:
    """Says that the assistant does not do this if the message asks for a business or for another office's
    service and the knowledge base is not sure of an answer; False (nothing said) otherwise."""
    if not not_ours(text):
        return False
    _, decision = search(text, offer=False)
    if decision is Decision.ANSWER:
        return False
    dispatcher.utter_message(response="utter_no_recommendation" if asks_for_a_recommendation(text) else "utter_out_of_scope")
    return True
