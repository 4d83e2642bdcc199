"""«Who are you?», and «is there a real person?» — which is a wish for one (actions/identity.py)."""

from __future__ import annotations

import pytest

from actions.identity import NOT_A_PERSON, ActionBotIdentity
from tests.actions.test_actions import meta_of, run, user


@pytest.mark.parametrize(
    "text",
    [
        "có ai thật không z, bot trả lời không liên quan",
        "Bạn là người hay máy? Nếu là máy thì cho tôi nói chuyện với người.",
        "có ai là người thật đang trực hông con",
    ],
)
async def test_asking_whether_a_person_is_there_is_told_and_handed_over(text):
    told, handing_over = await run(ActionBotIdentity(), [user(text, "bot_identity", confidence=0.9)])
    assert told["text"] == NOT_A_PERSON
    assert meta_of(handing_over)["handoff"] is True and meta_of(handing_over)["handoff_reason"] == "request_human"


async def test_who_are_you_alone_is_answered():
    [said] = await run(ActionBotIdentity(), [user("bạn là ai vậy", "bot_identity", confidence=0.95)])
    assert said["response"] == "utter_bot_identity"
