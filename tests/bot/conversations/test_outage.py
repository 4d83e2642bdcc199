"""What cannot wait for the bot during an outage, read without Rasa."""

from __future__ import annotations

import pytest

from bot.conversations.outage import Urgency, cannot_wait


@pytest.mark.parametrize(
    "text",
    [
        "gặp người hỗ trợ",
        "cho tôi gặp người thật",
        "cho bac gap ng that",
        "chuyển nhân viên giúp",
        "gặp cán bộ phường",
        "tôi không muốn nói chuyện với máy",
        "Hỏi máy mãi không được, cho bác gặp người",
        "chuyển sang tư vấn viên đi",
    ],
)
def test_a_request_for_a_person_does_not_wait(text):
    assert cannot_wait(text, None) == Urgency.REQUEST_HUMAN


@pytest.mark.parametrize(
    "text",
    ["làm căn cước ở đâu", "quen mat khau vneid", "người già có được miễn lệ phí không", "nhân viên ngân hàng gọi hỏi mã OTP"],
)
def test_a_question_waits_for_the_bot(text):
    assert cannot_wait(text, None) is None


def test_a_present_danger_and_the_bots_own_person_button_do_not_wait():
    assert cannot_wait("có người cầm dao đuổi đánh", None) == Urgency.EMERGENCY
    assert cannot_wait("/request_human", "/request_human") == Urgency.REQUEST_HUMAN
    assert cannot_wait("/ask_fee", "/ask_fee") is None
