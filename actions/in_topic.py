"""Replies within the conversation's topic: follow-ups that name no topic of their own ("vậy lệ phí bao
nhiêu"), a new topic asked by analogy ("còn hộ chiếu thì sao"), and "nói dễ hơn" (knowledge.topic)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.presenting import (
    PERSON_BUTTON,
    UNSURE_OF_TOPIC_TEXT,
    say_alternatives,
    say_answer,
    say_choices,
    say_not_said,
    say_part,
    say_steps,
)
from actions.responding import respond, search
from actions.topic import current_topic
from knowledge import live
from knowledge.aspects import LABELS, Aspect, about_as_asked, another_time, answer_lines, asks_outright
from knowledge.calibration import Decision
from knowledge.deciding import decide
from knowledge.entries import Faq
from knowledge.follow_up import candidates, follow_up_weights, read_alone
from knowledge.index import Hit, SearchIndex
from knowledge.naming import new_topic_words, other_apps, titled_with, topic_words, words_beyond
from knowledge.off_topic import is_off_topic
from knowledge.reading import search_message
from knowledge.topic import Kind, is_analogy, picked_by_rules, resolve, steps, wants_simpler

# Only these are trusted when the NLU read the message as something else than a question (out of scope,
# a complaint): they name what they ask ("lệ phí", "nói dễ hơn"); a bare "vậy hả" is not a follow-up.
CLEAR_KINDS = frozenset({Kind.SIBLING, Kind.PART, Kind.SIMPLER, Kind.ANALOGY, Kind.FIELD})
# Where the NLU only half read something else (a "yes", a report, "who are you"), a follow-up that names
# no aspect is trusted too when it says at least this much ("Cỡ hình nhiêu?"; not a bare "ừ").
UNSURE_KINDS = CLEAR_KINDS | {Kind.TOPIC}
TOPIC_MIN_WORDS = 3
# A follow-up the reader is less sure of than this also shows the next readings, when they are this likely
# (chosen, not fitted: a wrong pick with its alternatives costs the resident one tap)
ALTERNATIVES_BELOW = 0.6
ALTERNATIVE_AT = 0.1


def reply(dispatcher: CollectingDispatcher, tracker: Tracker, text: str, kinds: frozenset[Kind] | None = None) -> bool:
    """Answers the message within the current topic; False if it is not about the topic (or there is none,
    or it is not of the `kinds` the caller trusts)."""
    topic_id = current_topic(tracker.events)
    index = live.default().current()
    topic = index.by_id.get(topic_id) if topic_id else None
    if topic is None:
        return False
    previous = previous_question(tracker)
    resolution = resolve(text, topic, index, previous)
    if kinds is not None:
        if resolution is None or resolution.kind not in kinds:
            return False
        if resolution.kind is Kind.TOPIC and len(text.split()) < TOPIC_MIN_WORDS:
            return False
    if resolution is not None and resolution.kind is Kind.SIMPLER:
        # the answer just read, simpler: the fee's entry itself, not the passport it was asked about
        last = index.by_id.get(current_topic(tracker.events, subject=False) or "") or topic
        say_steps(dispatcher, last, steps(last))
        return True
    if resolution is not None and resolution.kind is Kind.FIELD and resolution.entry is not None:
        # asked in words only that aspect is asked in ("lỡ bấm vô rồi", "có cần ghi tên không"): its entry
        say_answer(dispatcher, resolution.entry, 1.0)
        return True
    if resolution is not None and resolution.kind is Kind.ANALOGY:
        hits = search_message(index, resolution.query, k=3)
        decision = decide(index.calibration, hits)
        if not hits or not titled_with(hits[0], list(resolution.new)):
            return False  # nothing of that name here: searched as a question of its own
        return respond(dispatcher, hits, decision, admit=False)
    alone = read_alone(index, text)
    if _of_its_own(alone[:3], text, topic, index):
        return False
    off_topic = is_off_topic(index, text, topic, alone, intent_confidence(tracker, "out_of_scope"))
    if off_topic and decide(index.calibration, alone[:3]) in (Decision.ANSWER, Decision.ANSWER_WITH_ALTERNATIVES):
        return False  # something else the knowledge base knows: answered as a question of its own
    rule = picked_by_rules(resolution, text, topic, index)
    found = candidates(index, text, topic, previous, rule, elsewhere=resolution is None, alone=alone)
    ranked = sorted(zip(follow_up_weights().probabilities(found), found), key=lambda pair: -pair[0])
    # "mất bao nhiêu ngày" is not answered by a deadline's or a validity's entry, however close its words
    ranked = [(p, c) for p, c in ranked if c.entry.id == topic.id or not another_time(c.entry, text)]
    best = ranked[0][1].entry
    if best.id != topic.id and best.category != topic.category:
        return False  # a question of its own: searched as usual
    if off_topic:
        # most likely something else altogether ("tối nay MU đá với ai"): the topic's reading is offered, not
        # answered — a follow-up said in words the topic never uses is one tap away, and a person is too
        say_choices(dispatcher, [Hit(ranked[0][1].entry, ranked[0][0], ranked[0][0])], [PERSON_BUTTON], UNSURE_OF_TOPIC_TEXT)
        return True
    _say_pick(dispatcher, topic, [(p, c.entry) for p, c in ranked], resolution.aspects if resolution else (), text)
    return True


def _say_pick(
    dispatcher: CollectingDispatcher, topic: Faq, ranked: list[tuple[float, Faq]], aspects: tuple[Aspect, ...], text: str
) -> None:
    """The reader's pick: the part of the topic's answer that says what was asked, or the entry's answer; and
    where the reader is unsure, the next readings as buttons under it."""
    chance, best = ranked[0]
    lines = answer_lines(topic, aspects) if best.id == topic.id and aspects else ()
    if lines:
        say_part(dispatcher, topic, LABELS[aspects[0]], lines)
    elif best.id == topic.id and len(aspects) == 1 and asks_outright(text, aspects[0]):
        # "có mất tiền không", "bao lâu thì có" of an answer that names no fee, no time: on the tuning
        # conversations such follow-ups were mostly about something no entry says; the answer again would not
        # say it either
        say_not_said(dispatcher, topic, LABELS[aspects[0]])
        return
    elif best.id != topic.id and aspects and about_as_asked(best, aspects, text):
        # the entry of the aspect asked ("Lệ phí cấp hộ chiếu"): the conversation stays about the topic
        say_answer(dispatcher, best, chance, subject=topic.id)
    else:
        say_answer(dispatcher, best, chance)
    if chance < ALTERNATIVES_BELOW:
        say_alternatives(dispatcher, [Hit(entry, p, p) for p, entry in ranked[1:3] if p >= ALTERNATIVE_AT])


def _of_its_own(alone: list[Hit], text: str, topic: Faq, index: SearchIndex) -> bool:
    """True if the message alone (its top 3 entries) is sure of an entry outside the topic's category, or
    fairly sure of one titled with what the message names anew ("làm hộ chiếu có cần sổ hộ khẩu không" after
    the CT07 form): a question of its own."""
    decision = decide(index.calibration, alone)
    if not alone or alone[0].entry.category == topic.category or decision is Decision.UNKNOWN:
        return False
    others = other_apps(text, topic)
    if not words_beyond(text, topic, index) and not others:
        return False  # "cần mang giấy tờ gì" names nothing of its own: the topic's papers, not the ward's list
    return decision is Decision.ANSWER or titled_with(alone[0], new_topic_words(topic_words(text, index), topic, index) + others)


def search_in_context(tracker: Tracker, question: str, offer: bool = True) -> tuple[list[Hit], Decision]:
    """The knowledge base's best entries for a message and what to do with them; where it is not sure and
    the conversation has a topic, the message is also read with the topic's title ("nếu ghi nhầm nguyện vọng
    thì sửa sao" after the grade-10 enrolment), and that reading wins when it is surer
    and stays within the topic's category: a follow-up the rules of knowledge.topic did not recognise
    still keeps the topic, while a question about something else finds its own entries as before."""
    hits, decision = search(question, offer=offer)
    if decision in (Decision.ANSWER, Decision.ANSWER_WITH_ALTERNATIVES):
        return hits, decision
    topic_id = current_topic(tracker.events)
    index = live.default().current()
    topic = index.by_id.get(topic_id) if topic_id else None
    # "còn VssID thì sao" asks about VssID; "làm hộ chiếu có cần sổ hộ khẩu không" after the CT07 form names
    # the passport, which the message's own best entry is titled with: both are questions of their own
    if topic is None or is_analogy(question) or (hits and _names_its_own(hits[0], topic, question, index)):
        return hits, decision
    if is_off_topic(index, question, topic, hits, intent_confidence(tracker, "out_of_scope")):
        return hits, decision  # not read with a topic it is not about
    read = search_message(index, f"{question} {topic.title}", k=3)
    if not read or read[0].entry.category != topic.category or (hits and read[0].score <= hits[0].score):
        return hits, decision
    return read, decide(index.calibration, read, offer)


def _names_its_own(best: Hit, topic: Faq, question: str, index: SearchIndex) -> bool:
    """True if the message's own best entry is elsewhere than the topic's category and titled with what the
    message names ("làm hộ chiếu có cần sổ hộ khẩu không" after the CT07 form): a question of its own."""
    return best.entry.category != topic.category and titled_with(best, topic_words(question, index))


def previous_question(tracker: Tracker) -> str:
    """What the resident said before the message being answered ("" if nothing)."""
    said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return said[-2] if len(said) >= 2 else ""


def intent_confidence(tracker: Tracker, name: str) -> float:
    """The NLU's confidence in one intent for the latest message (0 if unranked)."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    return next((float(i.get("confidence") or 0) for i in ranking if i.get("name") == name), 0.0)


def simpler_if_asked(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """Says the last answer again, step by step, when the message asks for that outright ("nói gọn gọn thôi"),
    however the NLU read it (a complaint, a goodbye); False otherwise, or when there is no answer to repeat."""
    return wants_simpler(text, outright=True) and reply(dispatcher, tracker, text, kinds=frozenset({Kind.SIMPLER}))


def reply_if_unsure(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str, sure: float) -> bool:
    """Where the NLU only half read `intent` (a report, "who are you"), a follow-up on the topic is answered
    as one; False if the NLU was sure, or the message is not about the topic."""
    if intent_confidence(tracker, intent) >= sure:
        return False
    return reply(dispatcher, tracker, tracker.latest_message.get("text") or "", kinds=UNSURE_KINDS)
