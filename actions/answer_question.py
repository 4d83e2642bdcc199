"""Answers a service question from the knowledge base: answer, answer with alternatives, ask which one,
or admit not knowing — within the conversation's topic when the message names none of its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import guide, handover, in_topic
from actions.emergency import said_danger_first
from actions.handover import ALSO_HANDING_OVER, Reason
from actions.not_ours import refused_as_not_ours
from actions.presenting import NONE_OF_THESE, PERSON_BUTTON, say_answer, say_rephrase
from actions.responding import respond, search
from knowledge import live
from knowledge.calibration import Decision
from knowledge.entries import Faq
from nlu.person import asks_for_a_person

# When the question only sounds a little like a wish for a person ("có ai chỉ bác … không"), the reply
# offers one with a button, next to the answer or the choices.
PERSON_HINT = 0.2


def hand_over(dispatcher: CollectingDispatcher, after_an_answer: bool) -> None:
    """Asks the gateway to queue the conversation for a volunteer (reason: asked for a person). When the question
    also asked for someone to come, call or help ("có bạn nào qua nhà chỉ bác … không"), the answer came first."""
    handover.hand_over(dispatcher, Reason.REQUEST_HUMAN, ALSO_HANDING_OVER if after_an_answer else None)


def wants_a_person(tracker: Tracker) -> bool:
    """True if the NLU ranks "request a person" close behind the question."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    return any(i.get("name") == "request_human" and (i.get("confidence") or 0) >= PERSON_HINT for i in ranking)


def answer_or_ask_which(dispatcher: CollectingDispatcher, question: str, tracker: Tracker | None = None) -> bool:
    """For messages the NLU could not read: the knowledge base answers or offers its best entries if it
    is fairly sure (within the conversation's topic when `tracker` is given), and a message asking for
    someone's help is handed over too; False if nothing was said."""
    # a message the NLU could not read gets no low-confidence offer: two misses in a row hand over instead
    if tracker is not None:
        hits, decision = in_topic.search_in_context(tracker, question, offer=False)
    else:
        hits, decision = search(question, offer=False)
    offered = respond(dispatcher, hits, decision, admit=False)
    if asks_for_a_person(question):
        hand_over(dispatcher, after_an_answer=offered)
        return True
    return offered


def confident_answer(dispatcher: CollectingDispatcher, question: str, unless: Callable[[Faq], bool] | None = None) -> bool:
    """Answers from the knowledge base only if it is sure (and the entry is not one `unless` refuses); for
    messages the NLU did not route to it."""
    hits, decision = search(question, offer=False)
    if decision is Decision.ANSWER and not (unless and unless(hits[0].entry)):
        say_answer(dispatcher, hits[0].entry, hits[0].score)
        return True
    return False


class ActionAnswerQuestion(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """Searches the live knowledge base for the resident's question."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if guide.guide(dispatcher, tracker):
            return []
        chosen = next(tracker.get_latest_entity_values("faq_id"), None)
        if chosen == NONE_OF_THESE:
            say_rephrase(dispatcher)
            return []
        if chosen:
            entry = live.default().find(chosen)
            if entry:
                say_answer(dispatcher, entry, 1.0)
                return []
        question = tracker.latest_message.get("text") or ""
        if said_danger_first(dispatcher, question):  # before the topic: "nó nằm co quắp" is no follow-up on the last answer
            return []
        handing_over = asks_for_a_person(question)
        if not handing_over and refused_as_not_ours(dispatcher, question):
            return []
        if not handing_over and in_topic.reply(dispatcher, tracker, question):
            return []
        hits, decision = in_topic.search_in_context(tracker, question)
        person = [PERSON_BUTTON] if wants_a_person(tracker) and not handing_over else []
        offered = respond(dispatcher, hits, decision, person, admit=not handing_over)
        if handing_over:
            hand_over(dispatcher, after_an_answer=offered and decision is not Decision.UNKNOWN)
        return []
