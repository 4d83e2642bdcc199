"""Searching a resident's message as residents write it: a long story is searched with its question
(nlu.question) said twice, so the story names the topic and the question weighs more; and a message that asks a
processing time or a fee outright in a few words is answered by the entry dedicated to it, when the search
ranks one of the same category close behind the first (in a story, the time or fee is often asked in passing);
and one that asks no time is not answered by an entry about how long the office takes (the search reads "ở đâu"
as a filler, so "hộ chiếu nộp ở đâu" and «Bao lâu thì có hộ chiếu» share all their other words).
"""

from __future__ import annotations

from knowledge import turn
from knowledge.aspects import Aspect, about, about_how_long, asks_processing, aspects_of, dedicated_aspect, dedicated_to
from knowledge.index import Hit, SearchIndex
from nlu.question import find_question

# how far behind the first entry a dedicated one may rank and still go first
DEDICATED_WITHIN = 5


def search_message(index: SearchIndex, text: str, k: int = 3) -> list[Hit]:
    """The k best entries for a message (a long one read with its question weighing twice)."""
    # within an action run the same reading is asked for more than once (knowledge/turn.py)
    return list(turn.kept(("search", id(index), text, k), lambda: _search_message(index, text, k)))


def _search_message(index: SearchIndex, text: str, k: int) -> list[Hit]:
    # The question alone, when it scored higher, used to win: on the blind sets' tuning long messages it
    # often lost the story's topic ("Vậy tôi nộp hồ sơ ở đâu?" after "mở quán cơm… hộ kinh doanh"); the whole
    # message with its question once more was right first 0.877 of 146 against 0.856 (value 0.799 vs 0.754).
    question = find_question(text)
    if question:
        return index.search(f"{text} {question}", k=k)
    return dedicated_first(not_a_time_unasked(index.search(text, k=max(k, DEDICATED_WITHIN)), text), text)[:k]


def dedicated_first(hits: list[Hit], text: str) -> list[Hit]:
    """The hits with the entry dedicated to the aspect the message asks outright put first, if one of the first
    entry's category ranks within DEDICATED_WITHIN: "đăng ký tạm trú bao lâu thì có" is «Đăng ký cư trú bao lâu
    có kết quả», not «Khi nào phải đăng ký tạm trú» (how long one may stay), which shares more words with it.
    The ranks keep their scores: the first rank's confidence is the search's in its first answer."""
    aspect = dedicated_aspect(text)
    if aspect is None or not hits or dedicated_to(hits[0].entry, aspect):
        return hits
    category = hits[0].entry.category
    chosen = next(
        (
            i
            for i, h in enumerate(hits[1:DEDICATED_WITHIN], start=1)
            if h.entry.category == category and dedicated_to(h.entry, aspect)
        ),
        None,
    )
    return _put_first(hits, chosen)


def not_a_time_unasked(hits: list[Hit], text: str) -> list[Hit]:
    """The hits with an entry dedicated to how long the office takes put behind one of its category that is not,
    when the message does not ask a time: "hộ chiếu nộp ở đâu" is «Nộp hồ sơ hộ chiếu trực tiếp ở đâu», not «Bao
    lâu thì có hộ chiếu», whose phrasings say "nộp hộ chiếu" more often. The one put first is dedicated to what the
    message asks (a place…) if one ranks within DEDICATED_WITHIN, else the next of the category. The ranks keep
    their scores."""
    if not hits or not about_how_long(hits[0].entry):
        return hits
    asked = aspects_of(text)
    if Aspect.TIME in asked or asks_processing(text):
        return hits
    category = hits[0].entry.category
    others = [
        i for i, h in enumerate(hits[1:DEDICATED_WITHIN], start=1) if h.entry.category == category and not about_how_long(h.entry)
    ]
    chosen = next((i for i in others if any(about(hits[i].entry, (a,)) for a in asked)), others[0] if others else None)
    return _put_first(hits, chosen)


def _put_first(hits: list[Hit], chosen: int | None) -> list[Hit]:
    """The hits with the entry ranked `chosen` moved to the first rank (None: as they are). The ranks keep their
    scores: the first rank's confidence is the search's in its first answer."""
    if chosen is None:
        return hits
    entries = [hits[chosen].entry] + [h.entry for i, h in enumerate(hits) if i != chosen]
    return [Hit(entry, h.score, h.similarity) for entry, h in zip(entries, hits)]
