"""Searching a resident's message as residents write it: a long story is searched with its question
(nlu.question) said twice, so the story names the topic and the question weighs more."""

from __future__ import annotations

from knowledge import turn
from knowledge.index import Hit, SearchIndex
from nlu.question import find_question


def search_message(index: SearchIndex, text: str, k: int = 3) -> list[Hit]:
    """The k best entries for a message (a long one read with its question weighing twice)."""
    # within an action run the same reading is asked for more than once (knowledge/turn.py)
    return list(turn.kept(("search", id(index), text, k), lambda: _search_message(index, text, k)))


def _search_message(index: SearchIndex, text: str, k: int) -> list[Hit]:
    # The question alone, when it scored higher, used to win: on the blind sets' tuning long messages it
    # often lost the story's topic ("Vậy tôi nộp hồ sơ ở đâu?" after "mở quán cơm… hộ kinh doanh"); the whole
    # message with its question once more was right first 0.877 of 146 against 0.856 (value 0.799 vs 0.754).
    question = find_question(text)
    return index.search(f"{text} {question}" if question else text, k=k)
