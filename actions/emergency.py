"""An emergency: the numbers 113, 114, 115 at once, then a volunteer with the highest priority.

Two exceptions, for a message the NLU called an emergency although it names no danger at all: sent in
the middle of a topic ("Mẹ tôi 80 tuổi ở nhà thì sao?" after the social pension's answer asks about the
pension), it is answered as a follow-up when it reads as one; and where the NLU was unsure of the
emergency ("…tui nghe người ta bị lừa quá trời, cài app định danh ở đâu cho chắc ăn?"), it is answered
from the knowledge base when that has the answer or a choice. An alarm there frightens an elderly
resident and puts a false ticket at the head of the queue. Anything that could be about a danger
(nlu.danger's deliberately broad list) still gets the numbers, and so does everything else.

The other way round, a message the NLU was sure was a question that names a present danger ("có thằng đập
cửa đòi vô, nó cầm dao") gets the numbers too: a danger told as a question is still a danger. When the
knowledge base is sure of a question asked beside it ("vừa bị giật điện thoại, khóa ngân hàng sao"), its
answer follows the numbers (until session 26 it came alone, and "khai tử làm online được không, mà ổng vừa
ngưng thở" got only the death registration); a reporting entry keeps its answer alone.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic
from actions.handover import Reason, hand_over
from actions.not_ours import refused_as_not_ours
from actions.presenting import say_answer
from actions.responding import respond, search
from knowledge.calibration import Decision
from knowledge.index import Hit
from nlu.danger import any_danger, present_danger

# An emergency the NLU ranks below this, in a message that names no danger, is read as a question first.
UNSURE_EMERGENCY = 0.5


# The knowledge base's entries on reporting (a street light, a pothole, a sparking wire): their category. A report
# is never answered with 113–115.
REPORTS = "phan-anh"


def say_emergency(dispatcher: CollectingDispatcher, answer: Hit | None = None) -> None:
    """The numbers, then `answer`'s entry if a question was asked beside the danger, then the handover the gateway
    turns into a priority ticket."""
    dispatcher.utter_message(response="utter_emergency")
    if answer is not None:
        say_answer(dispatcher, answer.entry, answer.score)
    hand_over(dispatcher, Reason.EMERGENCY)


def answered_as_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker, text: str, unsure: bool) -> bool:
    """Answers a message that names no danger as a follow-up on the conversation's topic; False (nothing said) if
    it does not read as one. Where the NLU was `unsure` of the emergency too, the follow-up reader reads it as it
    reads a question ("còn bé lớn nhà e 8t thì có cần lm ko" after the ID card for children: elderly and Southern
    speech, common among the emergency examples, lends such follow-ups some of the emergency's confidence)."""
    return in_topic.reply(dispatcher, tracker, text, kinds=None if unsure else in_topic.UNSURE_KINDS)


def answered_as_question(dispatcher: CollectingDispatcher, text: str) -> bool:
    """Answers (or offers a choice of entries for) a message the NLU was unsure was an emergency and that
    names no danger; False (nothing said) when the knowledge base has nothing to offer."""
    if refused_as_not_ours(dispatcher, text):
        return True
    hits, decision = search(text)
    return respond(dispatcher, hits, decision, admit=False)


def said_danger_first(dispatcher: CollectingDispatcher, text: str) -> bool:
    """A message that names a present danger is an emergency, however the NLU read it: the numbers and a person
    first, and the answer too when the knowledge base answers a question asked beside it ("khai tử làm online
    được không, mà ổng vừa ngưng thở cách đây mười phút": on set 15's tuning half two such messages got only the
    answer). Not when that sure answer is a reporting entry (a sparking wire is reported, never 113–115); False
    (nothing said) then, and when no danger is named."""
    if not present_danger(text):
        return False
    hits, decision = search(text, offer=False)
    answered = hits[0] if decision in (Decision.ANSWER, Decision.ANSWER_WITH_ALTERNATIVES) else None
    if answered is not None and answered.entry.category == REPORTS:
        return False
    say_emergency(dispatcher, answered)
    return True


class ActionEmergency(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """The emergency numbers and a person, unless the message names no danger and is a follow-up, or a
    question the NLU was unsure was an emergency."""

    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if not any_danger(text):  # anything that could be about a danger gets the numbers
            unsure = in_topic.intent_confidence(tracker, "emergency") < UNSURE_EMERGENCY
            if answered_as_follow_up(dispatcher, tracker, text, unsure) or (unsure and answered_as_question(dispatcher, text)):
                return []
        say_emergency(dispatcher)
        return []
