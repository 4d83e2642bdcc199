"""How knowledge-base replies are worded and which buttons they carry.

Every reply that cannot help offers a person as a button (the gateway turns it into a call-back offer
when nobody is on duty); every choice list ends with "Không phải các câu trên".
"""

from __future__ import annotations

import json
import re
from typing import Dict, List, Optional, Sequence, Text

from rasa_sdk.executor import CollectingDispatcher

from actions.replies import FALLBACK, FAQ, meta
from knowledge.entries import Faq
from knowledge.index import Hit

PERSON_BUTTON = {"title": "Gặp người hỗ trợ", "payload": "/request_human"}
# "Không phải các câu trên": the choice list's way out (actions/answer_question.py reads this id)
NONE_OF_THESE = "none"
NONE_OF_THESE_TITLE = "Không phải các câu trên"

CHOOSE_TEXT = "Dạ, Bác muốn hỏi việc nào trong các việc sau ạ?"
ALTERNATIVES_TEXT = "Nếu con hiểu chưa đúng, có phải Bác muốn hỏi:"
NOT_KNOWN = (
    "Dạ, câu này con chưa có câu trả lời chính xác ạ. Bác thử hỏi lại ngắn gọn hơn, bấm «Gặp người hỗ trợ» "
    "để có người của phường giúp, hoặc đến bộ phận một cửa của phường ({ward_hours}) để được hướng dẫn trực tiếp."
)
REPHRASE = (
    "Dạ, con xin lỗi vì chưa hiểu đúng ý Bác. Bác nhắn lại giúp con bằng vài chữ chính, ví dụ "
    "\"đổi căn cước\", \"quên mật khẩu VNeID\", \"lệ phí hộ chiếu\"; hoặc bấm «Gặp người hỗ trợ» ạ."
)
STEPS_INTRO = "Dạ, con nói lại từng bước ngắn gọn về «{title}» nhé. Bác làm xong bước nào thì làm tiếp bước sau:"
STEPS_OUTRO = "Nếu làm tới bước nào mà chưa được, Bác bấm «Gặp người hỗ trợ» để có người chỉ trực tiếp ạ."
PART_INTRO = "Dạ, về {aspect} của «{title}»:"
WHOLE_BUTTON = "Xem cả hướng dẫn"


def choice_payload(entry_id: Text) -> Text:
    """The button payload that asks for one entry directly."""
    return "/ask_question" + json.dumps({"faq_id": entry_id}, separators=(",", ":"))


def none_of_these() -> Dict[Text, Text]:
    """The last button of every choice list."""
    return {"title": NONE_OF_THESE_TITLE, "payload": choice_payload(NONE_OF_THESE)}


def opened(entry: Faq) -> Text:
    """An entry's answer opening with what it answers ("Dạ, về «Quên mật khẩu VNeID»: …"), so a resident
    sees at once whether the bot understood."""
    body = re.sub(r"^\s*Dạ[,.]?\s*", "", entry.reply_text())
    return f"Dạ, về «{entry.title}»:\n{body[:1].upper()}{body[1:]}"


def say_answer(dispatcher: CollectingDispatcher, entry: Faq, score: float, buttons: Optional[List[Dict[Text, Text]]] = None) -> None:
    """Sends an entry's answer, tagged with its id and score (and any extra buttons)."""
    dispatcher.utter_message(text=opened(entry), buttons=buttons or [], json_message=meta(FAQ, faq_id=entry.id, faq_score=round(score, 4)))


def say_alternatives(dispatcher: CollectingDispatcher, hits: Sequence[Hit]) -> None:
    """"Có phải Bác muốn hỏi:" under an answer: one tap repairs a miss."""
    if hits:
        buttons = [{"title": hit.entry.title, "payload": choice_payload(hit.entry.id)} for hit in hits]
        dispatcher.utter_message(text=ALTERNATIVES_TEXT, buttons=buttons, json_message=meta(FAQ, offer="alternatives"))


def say_choices(dispatcher: CollectingDispatcher, hits: Sequence[Hit], extra: Optional[List[Dict[Text, Text]]] = None) -> None:
    """Asks which of a few tied entries the resident means, ending with "Không phải các câu trên"."""
    buttons = [{"title": hit.entry.title, "payload": choice_payload(hit.entry.id)} for hit in hits]
    dispatcher.utter_message(
        text=CHOOSE_TEXT, buttons=buttons + (extra or []) + [none_of_these()],
        # the first of the choices is the conversation's topic until the resident says otherwise
        json_message=meta(FAQ, faq_score=round(hits[0].score, 4), offer="choice", topic=hits[0].entry.id),
    )


def say_not_known(dispatcher: CollectingDispatcher, score: float) -> None:
    """Admits not knowing, with a person one tap away."""
    dispatcher.utter_message(text=NOT_KNOWN, buttons=[PERSON_BUTTON], json_message=meta(FALLBACK, faq_score=round(score, 4)))


def say_rephrase(dispatcher: CollectingDispatcher) -> None:
    """After "Không phải các câu trên": how to ask again, and a person."""
    dispatcher.utter_message(text=REPHRASE, buttons=[PERSON_BUTTON], json_message=meta(FALLBACK, offer="rephrase"))


def say_part(dispatcher: CollectingDispatcher, entry: Faq, aspect_label: Text, lines: Sequence[Text]) -> None:
    """The lines of the topic's answer that say what a follow-up asks, with the whole answer one tap away."""
    text = PART_INTRO.format(aspect=aspect_label, title=entry.title) + "\n" + "\n".join(lines)
    dispatcher.utter_message(
        text=text, buttons=[{"title": WHOLE_BUTTON, "payload": choice_payload(entry.id)}],
        json_message=meta(FAQ, faq_id=entry.id, faq_score=1.0, offer="part"),
    )


def say_steps(dispatcher: CollectingDispatcher, entry: Faq, steps: Sequence[Text]) -> None:
    """The topic's answer again, one short step per line, and a person for whoever still cannot do it."""
    text = "\n\n".join([STEPS_INTRO.format(title=entry.title), *steps, STEPS_OUTRO])
    dispatcher.utter_message(text=text, buttons=[PERSON_BUTTON], json_message=meta(FAQ, faq_id=entry.id, faq_score=1.0, offer="steps"))
