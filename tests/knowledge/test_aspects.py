"""What a follow-up asks about its topic (knowledge/aspects.py): the cost asked outright."""

from __future__ import annotations

import pytest

from knowledge.aspects import asks_the_cost


@pytest.mark.parametrize(
    "text",
    [
        "có mất tiền không",
        "lệ phí bao nhiêu",
        "mỗi lần làm tốn nhiêu tiền vậy",
        "à mất phí không",
        "co ton tien ko",
        "học có miễn phí không",
    ],
)
def test_the_cost_asked_outright(text):
    assert asks_the_cost(text)


@pytest.mark.parametrize(
    "text",
    ["để vậy có sao không, ngân hàng vẫn rút tiền được chứ", "tiền trợ cấp nhận ở đâu", "chuyển tiền cho con qua app nào", ""],
)
def test_money_named_in_passing_is_no_question_of_cost(text):
    assert not asks_the_cost(text)
