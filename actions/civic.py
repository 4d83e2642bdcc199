"""A civic report (a street light out, a pothole, karaoke at midnight): where to report it, never 113–115.

The NLU tells reports from emergencies, but a report that also sounds dangerous (the emergency ranked
close behind, and any word of nlu.danger's broad list) is treated as the emergency: the numbers cost
nothing when they were not needed, and a missing child misread as a pothole would cost everything.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import in_topic
from actions.answer_question import answer_or_ask_which, confident_answer
from actions.emergency import REPORTS, say_emergency
from actions.not_ours import refused_as_not_ours
from actions.presenting import say_answer
from knowledge import live
from knowledge.entries import Faq
from knowledge.index import SearchIndex
from knowledge.reading import search_message
from nlu.danger import any_danger

# An emergency ranked at least this high, in a report that names a danger word, wins over the report. A
# report of a hazard names such words too ("nguy hiểm", a branch "đè lên" a wire); on the blind sets' tuning
# halves those came with the emergency at 0.15-0.16, a missing child at 0.25.
EMERGENCY_CLOSE = 0.2
# A report the NLU is less sure of than this, right after an answer, may be a follow-up on it.
SURE_REPORT = 0.6
# An entry whose first message gives the emergency numbers (a fallen live wire) is not a routine report's answer.
_EMERGENCY_NUMBERS = re.compile(r"(?<!\d)11[345](?!\d)")


class ActionCivicReport(Action):  # type: ignore[misc]  # rasa_sdk has no type information: Action is Any
    """Tells where to report a problem in the neighbourhood, with a person one tap away."""

    def name(self) -> str:
        return "action_civic_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if in_topic.intent_confidence(tracker, "emergency") >= EMERGENCY_CLOSE and any_danger(text):
            say_emergency(dispatcher)
            return []
        if in_topic.reply_if_unsure(dispatcher, tracker, "civic_report", SURE_REPORT):
            return []
        # half read as a report, and nothing dangerous in it: the knowledge base may be sure what it asks
        sure = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)
        if sure < SURE_REPORT and confident_answer(dispatcher, text):
            return []
        entry = report_entry(text)
        if entry is not None:
            # the entry says where to report this kind of problem and what to send; it becomes the topic,
            # so "có cần ghi tên không", "gọi số nào" are read within it
            say_answer(dispatcher, entry, 1.0)
            return []
        if sure < SURE_REPORT and refused_as_not_ours(dispatcher, text):
            return []  # "tiệm nào sửa máy nước nóng bị xì nước": no report, a shop asked for
        if sure < SURE_REPORT and answer_or_ask_which(dispatcher, text, tracker):
            # no reporting entry fits a message half read as a report: a story about a pension is no report, and
            # "tui già rồi hổng biết xài máy, có ai mần giùm tui hông" asks for someone (handed over)
            return []
        if sure >= SURE_REPORT and confident_answer(dispatcher, text, unless=gives_emergency_numbers):
            # "giờ hổng còn quận nữa, giấy tờ hồi trước lên quận giờ đi đâu mần?": the NLU hears a report in
            # it, no reporting entry fits, and the knowledge base is sure of the question it asks
            return []
        dispatcher.utter_message(response="utter_civic_report")
        return []


def gives_emergency_numbers(entry: Faq) -> bool:
    """An entry whose first message gives 113-115 (a fallen live wire): never a routine report's answer."""
    return _EMERGENCY_NUMBERS.search(entry.answer) is not None


def report_entry(text: str, index: SearchIndex | None = None) -> Faq | None:
    """The reporting entry the knowledge base (the live one unless given) is fairly sure a report is about
    ("đèn đường hẻm tắt mấy bữa" → the street-light entry), or None: the general reply then says where to
    report anything."""
    index = index or live.default().current()
    # k=3 as the action's other searches of the same text (actions.responding): one search per run (knowledge/turn.py)
    hits = search_message(index, text, k=3)
    if not hits or hits[0].score < index.calibration.suggest_at:
        return None
    entry = hits[0].entry
    if entry.category != REPORTS or gives_emergency_numbers(entry):
        return None
    return entry
