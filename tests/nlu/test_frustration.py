"""The words of a resident who is fed up (nlu.frustration), accented or not."""

from __future__ import annotations

import pytest

from nlu.frustration import fed_up


@pytest.mark.parametrize(
    "text",
    [
        "Hồ sơ nộp hai tuần rồi không ai trả lời, quá bực",
        "toi rat buc xuc ve chuyen nay",
        "huhu cái app này hành tui cả tuần rồi, nản lắm",
        "làm hoài không được, chán quá",
    ],
)
def test_a_fed_up_resident_is_heard(text):
    assert fed_up(text)


@pytest.mark.parametrize(
    "text",
    ["quên mật khẩu VNeID thì lấy lại sao", "bức ảnh chân dung làm hộ chiếu cỡ nào", "tiền phạt quá hạn bao nhiêu", ""],
)
def test_a_question_is_not_frustration(text):
    assert fed_up(text) is None
