"""The bot's handover lines and tags (actions.handover)."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.handover import LINES, Reason, hand_over
from bot.handoff.models import HandoffReason


def test_every_reason_an_action_gives_is_one_the_gateway_queues():
    # an unknown reason is refused by the gateway: the two lists must not drift apart
    assert {reason.value for reason in Reason} <= {reason.value for reason in HandoffReason}


@pytest.mark.parametrize("reason", list(LINES))
def test_a_handover_is_one_short_line_tagged_with_its_reason(reason):
    dispatcher = CollectingDispatcher()
    hand_over(dispatcher, reason)
    [message] = dispatcher.messages
    tagged = message["custom"]["meta"]
    assert tagged["handoff"] is True and tagged["handoff_reason"] == reason.value
    # not understood twice stays a fallback reply (it ends the streak); the others are dialogue
    assert tagged["source"] == ("fallback" if reason is Reason.MISUNDERSTOOD else "dialogue")
    assert message["text"] == LINES[reason] and len(message["text"].split()) <= 40
    assert "/" not in message["text"]  # one form of address


def test_every_reason_but_the_stuck_step_has_its_line():
    assert set(Reason) - set(LINES) == {Reason.GUIDE_STUCK}


def test_a_line_of_its_own_and_extra_meta_are_kept():
    dispatcher = CollectingDispatcher()
    hand_over(dispatcher, Reason.GUIDE_STUCK, "Dạ, con nhờ người chỉ Bác bước 2 ạ.", guide={"faq_id": "x", "step": 2})
    [message] = dispatcher.messages
    assert message["text"] == "Dạ, con nhờ người chỉ Bác bước 2 ạ."
    assert message["custom"]["meta"]["guide"] == {"faq_id": "x", "step": 2}
