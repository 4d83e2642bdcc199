"""Searching a resident's message as residents write it: a long story is searched as a whole and by its
question (nlu.question), and whichever the knowledge base is surer of wins."""

from __future__ import annotations

from knowledge import turn
from knowledge.index import Hit, SearchIndex
from nlu.question import find_question


def search_message(index: SearchIndex, text: str, k: int = 3) -> list[Hit]:
    """The k best entries for a message; for a long one, for its question when that scores higher."""
    # within an action run the same reading is asked for more than once (knowledge/turn.py)
    return list(turn.kept(("search", id(index), text, k), lambda: _search_message(index, text, k)))


def _search_message(index: SearchIndex, text: str, k: int) -> list[Hit]:
    hits = index.search(text, k=k)
    question = find_question(text)
    if question:
        focused = index.search(question, k=k)
        if focused and (not hits or focused[0].score > hits[0].score):
            return focused
    return hits
