"""How knowledge-base replies are worded and which buttons they carry.

Every reply that cannot help offers a person as a button (the gateway turns it into a call-back offer
when nobody is on duty); every choice list ends with "Không phải các câu trên".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk.executor import CollectingDispatcher

from actions.replies import FALLBACK, FAQ, meta
from knowledge.entries import Faq, Rule
from knowledge.index import Hit

PERSON_BUTTON = {"title": "Gặp người hỗ trợ", "payload": "/request_human"}
# "Không phải các câu trên": the choice list's way out (actions/answer_question.py reads this id)
NONE_OF_THESE = "none"
NONE_OF_THESE_TITLE = "Không phải các câu trên"

CHOOSE_TEXT = "Dạ, Bác muốn hỏi việc nào trong các việc sau ạ?"
ALTERNATIVES_TEXT = "Nếu con hiểu chưa đúng, có phải Bác muốn hỏi:"
# a later message that is probably about something else: the topic's reading offered, not answered
UNSURE_OF_TOPIC_TEXT = (
    "Dạ, con chưa chắc câu này có phải hỏi về việc dưới đây không ạ. Nếu không phải, Bác bấm «Không phải các câu trên»."
)
NOT_KNOWN = (
    "Dạ, câu này con chưa có câu trả lời chính xác ạ. Bác thử hỏi lại ngắn gọn hơn, hoặc bấm «Gặp người hỗ trợ» "
    "để có người của phường giúp.\n"
    "Bác cũng có thể đến bộ phận một cửa của phường ({ward_hours}) để được hướng dẫn trực tiếp."
)
REPHRASE = (
    "Dạ, con xin lỗi vì chưa hiểu đúng ý Bác. Bác nhắn lại giúp con bằng vài chữ chính, ví dụ "
    '"đổi căn cước", "quên mật khẩu VNeID", "lệ phí hộ chiếu"; hoặc bấm «Gặp người hỗ trợ» ạ.'
)
STEPS_INTRO = "Dạ, con nói lại từng bước ngắn gọn về «{title}» nhé. Bác làm xong bước nào thì làm tiếp bước sau:"
STEPS_OUTRO = "Nếu làm tới bước nào mà chưa được, Bác bấm «Gặp người hỗ trợ» để có người chỉ trực tiếp ạ."
PART_INTRO = "Dạ, về {aspect} của «{title}»:"
WHOLE_BUTTON = "Xem cả hướng dẫn"
NOT_SAID = (
    "Dạ, hướng dẫn về «{title}» chưa nói đến {aspect} ạ. Con chưa có thông tin chắc chắn nên không dám đoán. "
    "Bác có thể hỏi bộ phận một cửa của phường, hoặc bấm «Gặp người hỗ trợ» để có người của phường trả lời Bác ạ."
)
STEPS_BUTTON = "Xem từng bước"
# An answer whose dated rule has ended is not served as current (see SCHEMA.md, "Dated facts").
EXPIRED_TEXT = (
    "Dạ, về «{title}»: thông tin con có là theo quy định cũ — {rules}. Quy định này đã hết hạn nên mức "
    "hiện nay có thể đã khác. Bác xem thông tin đang áp dụng trên {where}, hoặc hỏi bộ phận một cửa của "
    "phường để được trả lời chính xác ạ."
)


def today() -> date:
    """Today in Việt Nam, the day rules are read against."""
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def day_text(iso: str) -> str:
    """2026-12-31 → 31/12/2026."""
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def rule_text(rule: Rule) -> str:
    """A rule with its period, as a resident reads it."""
    if rule.valid_from and rule.valid_until:
        period = f"áp dụng từ {day_text(rule.valid_from)} đến {day_text(rule.valid_until)}"
    elif rule.valid_until:
        period = f"áp dụng đến {day_text(rule.valid_until)}"
    else:
        period = f"áp dụng từ {day_text(rule.valid_from)}"
    return f"{rule.note} ({period})"


# Guidance buttons ask for an entry with a step (and what happened at it): no intent of their own,
# so the NLU never has to learn words nobody types.
STUCK, HELP = "stuck", "help"


def _guide(entry_id: str, step: int, kind: str | None = None) -> str:
    data: dict[str, Any] = {"faq_id": entry_id, "step": step}
    if kind:
        data["guide"] = kind
    return "/ask_question" + json.dumps(data, separators=(",", ":"))


def guide_payload(entry_id: str, step: int) -> str:
    """The payload that shows one step of an entry's guidance (steps count from 1)."""
    return _guide(entry_id, step)


def stuck_payload(entry_id: str, step: int) -> str:
    """The payload of «Chưa làm được» on one step."""
    return _guide(entry_id, step, STUCK)


def help_payload(entry_id: str, step: int) -> str:
    """The payload of «Gặp người hỗ trợ» after «Chưa làm được»: a person who is told the step."""
    return _guide(entry_id, step, HELP)


def choice_payload(entry_id: str) -> str:
    """The button payload that asks for one entry directly."""
    return "/ask_question" + json.dumps({"faq_id": entry_id}, separators=(",", ":"))


def none_of_these() -> dict[str, str]:
    """The last button of every choice list."""
    return {"title": NONE_OF_THESE_TITLE, "payload": choice_payload(NONE_OF_THESE)}


def opened(entry: Faq) -> str:
    """An entry's answer opening with what it answers ("Dạ, về «Quên mật khẩu VNeID»: …"), so a resident
    sees at once whether the bot understood."""
    body = re.sub(r"^\s*Dạ[,.]?\s*", "", entry.reply_text())
    return f"Dạ, về «{entry.title}»:\n{body[:1].upper()}{body[1:]}"


def answer_buttons(entry: Faq) -> list[dict[str, str]]:
    """Under a short answer with steps: the steps one at a time, or a person."""
    if not entry.steps:
        return []
    return [{"title": STEPS_BUTTON, "payload": guide_payload(entry.id, 1)}, PERSON_BUTTON]


def expired_text(entry: Faq, rules: Sequence[Rule]) -> str:
    """What the bot says instead of an answer whose rule has ended: the rule it knew, its dates, where to look."""
    where = f"{entry.links[0].title} ({entry.links[0].url})" if entry.links else "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)"
    return EXPIRED_TEXT.format(title=entry.title, rules="; ".join(rule_text(rule) for rule in rules), where=where)


def say_answer(
    dispatcher: CollectingDispatcher,
    entry: Faq,
    score: float,
    buttons: list[dict[str, str]] | None = None,
    subject: str | None = None,
) -> None:
    """Sends an entry's short answer, tagged with its id, score and review date, with «Xem từng bước» where
    it has steps (and any extra buttons); an answer whose dated rule has ended is replaced by a caution.
    `subject`: the entry the conversation stays about when this one only answers an aspect of it (the fee's
    entry after the passport's answer: "nhận ở đâu" next is still about the passport; actions.topic)."""
    about = {"subject": subject} if subject else {}
    expired = entry.expired_rules(today())
    if expired:
        dispatcher.utter_message(
            text=expired_text(entry, expired),
            buttons=[PERSON_BUTTON],
            json_message=meta(
                FAQ, faq_id=entry.id, faq_score=round(score, 4), offer="expired_rule", reviewed=entry.last_reviewed, **about
            ),
        )
        return
    extra = [b for b in buttons or [] if b not in answer_buttons(entry)]
    dispatcher.utter_message(
        text=opened(entry),
        buttons=answer_buttons(entry) + extra,
        json_message=meta(FAQ, faq_id=entry.id, faq_score=round(score, 4), reviewed=entry.last_reviewed, **about),
    )


def say_alternatives(dispatcher: CollectingDispatcher, hits: Sequence[Hit]) -> None:
    """ "Có phải Bác muốn hỏi:" under an answer: one tap repairs a miss."""
    if hits:
        buttons = [{"title": hit.entry.title, "payload": choice_payload(hit.entry.id)} for hit in hits]
        dispatcher.utter_message(text=ALTERNATIVES_TEXT, buttons=buttons, json_message=meta(FAQ, offer="alternatives"))


def say_choices(
    dispatcher: CollectingDispatcher, hits: Sequence[Hit], extra: list[dict[str, str]] | None = None, text: str = CHOOSE_TEXT
) -> None:
    """Asks which of a few tied entries the resident means, ending with "Không phải các câu trên"."""
    buttons = [{"title": hit.entry.title, "payload": choice_payload(hit.entry.id)} for hit in hits]
    dispatcher.utter_message(
        text=text,
        buttons=buttons + (extra or []) + [none_of_these()],
        # the first of the choices is the conversation's topic until the resident says otherwise
        json_message=meta(FAQ, faq_score=round(hits[0].score, 4), offer="choice", topic=hits[0].entry.id),
    )


def say_not_known(dispatcher: CollectingDispatcher, score: float) -> None:
    """Admits not knowing, with a person one tap away."""
    dispatcher.utter_message(text=NOT_KNOWN, buttons=[PERSON_BUTTON], json_message=meta(FALLBACK, faq_score=round(score, 4)))


def say_rephrase(dispatcher: CollectingDispatcher) -> None:
    """After "Không phải các câu trên": how to ask again, and a person."""
    dispatcher.utter_message(text=REPHRASE, buttons=[PERSON_BUTTON], json_message=meta(FALLBACK, offer="rephrase"))


def say_part(dispatcher: CollectingDispatcher, entry: Faq, aspect_label: str, lines: Sequence[str]) -> None:
    """The lines of the topic's answer that say what a follow-up asks, with the whole answer and a person one
    tap away (a part may not be what was meant)."""
    text = PART_INTRO.format(aspect=aspect_label, title=entry.title) + "\n" + "\n".join(lines)
    dispatcher.utter_message(
        text=text,
        buttons=[{"title": WHOLE_BUTTON, "payload": choice_payload(entry.id)}, PERSON_BUTTON],
        json_message=meta(FAQ, faq_id=entry.id, faq_score=1.0, offer="part"),
    )


def say_not_said(dispatcher: CollectingDispatcher, entry: Faq, aspect_label: str) -> None:
    """A follow-up on the topic that asks what its answer does not say: said so, with a person one tap away
    (repeating the answer the resident has just read would not say it either). The topic stays."""
    dispatcher.utter_message(
        text=NOT_SAID.format(aspect=aspect_label, title=entry.title),
        buttons=[PERSON_BUTTON],
        json_message=meta(FAQ, topic=entry.id, offer="not_said"),
    )


def say_steps(dispatcher: CollectingDispatcher, entry: Faq, steps: Sequence[str]) -> None:
    """The topic's answer again, one short step per line, and a person for whoever still cannot do it."""
    numbered = [step if re.match(r"^\d+[.)]", step) else f"{i}. {step}" for i, step in enumerate(steps, start=1)]
    text = "\n\n".join([STEPS_INTRO.format(title=entry.title), *numbered, STEPS_OUTRO])
    dispatcher.utter_message(
        text=text, buttons=[PERSON_BUTTON], json_message=meta(FAQ, faq_id=entry.id, faq_score=1.0, offer="steps")
    )
