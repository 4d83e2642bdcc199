"""From ranked entries to what the bot says (knowledge.calibration.Decision), shared by every action that
answers from the knowledge base."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.presenting import say_alternatives, say_answer, say_choices, say_not_known
from knowledge import live
from knowledge.calibration import Decision, logit
from knowledge.deciding import decide
from knowledge.index import Hit, SearchIndex
from knowledge.reading import search_message


def search(question: str, index: SearchIndex | None = None, offer: bool = True) -> tuple[list[Hit], Decision]:
    """The top 3 entries for a message and what to do with them (`offer`: see Calibration.decision)."""
    index = index or live.default().current()
    hits = search_message(index, question, k=3)
    return hits, decide(index.calibration, hits, offer)


def tied(hits: list[Hit], index: SearchIndex) -> list[Hit]:
    """The entries too close to the first to tell apart (at least two)."""
    margin = index.calibration.tie_margin
    close = [h for h in hits if logit(hits[0].similarity) - logit(h.similarity) < margin]
    return close if len(close) >= 2 else hits[:2]


def respond(
    dispatcher: CollectingDispatcher,
    hits: list[Hit],
    decision: Decision,
    person: list[dict[str, str]] | None = None,
    admit: bool = True,
) -> bool:
    """Says what the decision calls for; False if nothing was said (unknown and `admit` off)."""
    index = live.default().current()
    if decision in (Decision.ANSWER, Decision.ANSWER_WITH_ALTERNATIVES):
        say_answer(dispatcher, hits[0].entry, hits[0].score, person)
        if decision is Decision.ANSWER_WITH_ALTERNATIVES:
            floor = index.calibration.alternative_at
            say_alternatives(dispatcher, [h for h in hits[1:3] if h.score >= floor])
        return True
    if decision is Decision.CHOOSE:
        say_choices(dispatcher, tied(hits, index), person)
        return True
    if admit:
        say_not_known(dispatcher, hits[0].score if hits else 0.0)
        return True
    return False
