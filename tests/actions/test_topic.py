"""The conversation's topic, read from the tracker's events."""

from __future__ import annotations

from actions.topic import TOPIC_MINUTES, current_topic

NOW = 1_800_000_000.0


def user(intent: str, at: float = NOW) -> dict:
    return {"event": "user", "timestamp": at, "parse_data": {"intent": {"name": intent}}}


def answer(faq_id: str | None, at: float = NOW) -> dict:
    meta = {"source": "faq", **({"faq_id": faq_id} if faq_id else {})}
    return {"event": "bot", "timestamp": at, "data": {"custom": {"meta": meta}}}


def test_the_topic_is_the_entry_last_answered():
    events = [
        user("ask_question"),
        answer("ho-chieu-le-phi"),
        user("ask_question"),
        answer("cu-tru-le-phi"),
        user("ask_question"),
    ]
    assert current_topic(events, now=NOW) == "cu-tru-le-phi"


def test_a_reply_without_an_entry_keeps_the_topic():
    events = [user("ask_question"), answer("ho-chieu-le-phi"), user("thanks"), answer(None), user("ask_question")]
    assert current_topic(events, now=NOW) == "ho-chieu-le-phi"


def test_no_answer_yet_means_no_topic():
    assert current_topic([user("ask_question")], now=NOW) is None
    assert current_topic([], now=NOW) is None


def test_a_greeting_fades_the_topic_but_the_message_being_answered_does_not():
    faded = [user("ask_question"), answer("ho-chieu-le-phi"), user("greet"), answer(None), user("ask_question")]
    assert current_topic(faded, now=NOW) is None
    kept = [user("ask_question"), answer("ho-chieu-le-phi"), user("greet")]
    assert current_topic(kept, now=NOW) == "ho-chieu-le-phi"


def test_an_old_topic_fades_after_a_while():
    events = [user("ask_question"), answer("ho-chieu-le-phi", at=NOW - TOPIC_MINUTES * 60 - 1), user("ask_question")]
    assert current_topic(events, now=NOW) is None
    events[1]["timestamp"] = NOW - TOPIC_MINUTES * 60 + 5
    assert current_topic(events, now=NOW) == "ho-chieu-le-phi"


def test_a_restart_forgets_the_topic():
    events = [user("ask_question"), answer("ho-chieu-le-phi"), {"event": "restart"}, user("ask_question")]
    assert current_topic(events, now=NOW) is None


def test_after_which_one_of_these_the_first_choice_is_the_topic():
    choice = {
        "event": "bot",
        "timestamp": NOW,
        "data": {"custom": {"meta": {"source": "faq", "offer": "choice", "topic": "ho-chieu-le-phi"}}},
    }
    assert current_topic([user("ask_question"), choice, user("ask_question")], now=NOW) == "ho-chieu-le-phi"


def test_an_aspects_entry_answered_within_a_subject_leaves_the_topic_on_the_subject():
    side = answer("ho-chieu-le-phi")
    side["data"]["custom"]["meta"]["subject"] = "ho-chieu-bi-mat-hoac-hong"
    events = [user("ask_question"), answer("ho-chieu-bi-mat-hoac-hong"), user("ask_question"), side, user("ask_question")]
    assert current_topic(events, now=NOW) == "ho-chieu-bi-mat-hoac-hong"
    assert current_topic(events, now=NOW, subject=False) == "ho-chieu-le-phi"
