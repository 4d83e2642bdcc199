"""Answers a service question from the knowledge base: answer, ask which one, or admit not knowing."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.person_request import asks_for_a_person
from actions.replies import DIALOGUE, FALLBACK, FAQ, meta
from knowledge import live
from knowledge.calibration import ANSWER, CLARIFY
from knowledge.index import Hit

CLARIFY_TEXT = "Dạ, ý Bác có phải là một trong những câu sau không ạ?"
NOT_KNOWN = (
    "Dạ, câu này con chưa có câu trả lời chính xác ạ. Bác thử hỏi lại ngắn gọn hơn, "
    "hoặc liên hệ bộ phận một cửa của phường ({ward_hours}) để được hướng dẫn trực tiếp."
)


# When the question also asks for someone to come, call or help ("có bạn nào qua nhà chỉ bác …
# không"), the answer comes first and a volunteer takes the conversation too.
ALSO_HANDING_OVER = (
    "Con cũng đã nhờ người hỗ trợ trực tiếp của phường giúp Bác, "
    "trong lúc chờ Bác xem hướng dẫn trên nhé."
)
TO_A_PERSON = "Dạ vâng, con chuyển Bác sang người hỗ trợ trực tiếp ngay ạ."


def hand_over(dispatcher: CollectingDispatcher, after_an_answer: bool) -> None:
    """Asks the gateway to queue the conversation for a volunteer (reason: asked for a person)."""
    dispatcher.utter_message(
        text=ALSO_HANDING_OVER if after_an_answer else TO_A_PERSON,
        json_message=meta(DIALOGUE, handoff=True, handoff_reason="request_human"),
    )


# When the question only sounds a little like a wish for a person ("có ai chỉ bác … không"), the reply
# offers one with a button, next to the answer or the choices.
PERSON_HINT = 0.2
PERSON_BUTTON = {"title": "Gặp người hỗ trợ", "payload": "/request_human"}


def wants_a_person(tracker: Tracker) -> bool:
    """True if the NLU ranks "request a person" close behind the question."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    return any(i.get("name") == "request_human" and (i.get("confidence") or 0) >= PERSON_HINT for i in ranking)


def choice_payload(entry_id: Text) -> Text:
    """The button payload that asks for one entry directly."""
    return "/ask_question" + json.dumps({"faq_id": entry_id}, separators=(",", ":"))


def search(question: Text) -> Tuple[List[Hit], Optional[Text]]:
    """The top 3 entries for a question and what to do with them (answer, clarify, unknown)."""
    index = live.default().current()
    hits = index.search(question, k=3)
    return hits, (index.calibration.decide(hits[0].score) if hits else None)


def say_answer(dispatcher: CollectingDispatcher, hit: Hit, buttons: Optional[List[Dict[Text, Text]]] = None) -> None:
    """Sends an entry's answer, tagged with its id and calibrated score (and any extra buttons)."""
    dispatcher.utter_message(
        text=hit.entry.reply_text(), buttons=buttons or [],
        json_message=meta(FAQ, faq_id=hit.entry.id, faq_score=round(hit.score, 4)),
    )


def say_choices(dispatcher: CollectingDispatcher, hits: List[Hit], extra: Optional[List[Dict[Text, Text]]] = None) -> None:
    """Asks "Ý Bác có phải là…?" with the top entries as buttons."""
    buttons = [{"title": hit.entry.title, "payload": choice_payload(hit.entry.id)} for hit in hits] + (extra or [])
    dispatcher.utter_message(text=CLARIFY_TEXT, buttons=buttons, json_message=meta(FAQ, faq_score=round(hits[0].score, 4)))


def answer_or_ask_which(dispatcher: CollectingDispatcher, question: Text) -> bool:
    """For messages the NLU could not read: the knowledge base answers if it is sure, or offers its
    top three if it is fairly sure, and a message asking for someone's help is handed over too;
    False if nothing was said."""
    hits, decision = search(question)
    if decision == ANSWER:
        say_answer(dispatcher, hits[0])
    elif decision == CLARIFY:
        say_choices(dispatcher, hits)
    offered = decision in (ANSWER, CLARIFY)
    if asks_for_a_person(question):
        hand_over(dispatcher, after_an_answer=offered)
        return True
    return offered


def confident_answer(dispatcher: CollectingDispatcher, question: Text) -> bool:
    """Answers from the knowledge base only if it is sure; for messages the NLU did not route to it."""
    hits, decision = search(question)
    if decision == ANSWER:
        say_answer(dispatcher, hits[0])
        return True
    return False


class ActionAnswerQuestion(Action):
    """Searches the live knowledge base for the resident's question."""

    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        chosen = self._chosen_entry(tracker)
        if chosen:
            entry = live.default().find(chosen)
            if entry:
                dispatcher.utter_message(text=entry.reply_text(), json_message=meta(FAQ, faq_id=entry.id, faq_score=1.0))
                return []
        question = tracker.latest_message.get("text") or ""
        hits, decision = search(question)
        top = hits[0] if hits else None
        handing_over = asks_for_a_person(question)
        person = [PERSON_BUTTON] if wants_a_person(tracker) and not handing_over else []
        if decision == ANSWER:
            say_answer(dispatcher, top, person)
        elif decision == CLARIFY:
            say_choices(dispatcher, hits, person)
        elif not handing_over:
            dispatcher.utter_message(
                text=NOT_KNOWN, json_message=meta(FALLBACK, faq_score=round(top.score, 4) if top else 0.0)
            )
        if handing_over:
            hand_over(dispatcher, after_an_answer=decision in (ANSWER, CLARIFY))
        return []

    @staticmethod
    def _chosen_entry(tracker: Tracker) -> Optional[Text]:
        return next(tracker.get_latest_entity_values("faq_id"), None)
