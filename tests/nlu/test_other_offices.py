"""Questions for another office or a business (nlu.other_offices), and the ward's questions that share their words."""

from __future__ import annotations

import pytest

from nlu.other_offices import names_another_office


@pytest.mark.parametrize(
    "text",
    [
        "tôi muốn xin visa sang Nhật thăm cháu thì chuẩn bị gì",
        "lam visa du hoc Han cho con mat bao lau",
        "con mun di du hoc Uc lm ho so visa o dau",
        "thằng con ở Mỹ tính bảo lãnh vợ chồng tui qua bển",
        "hợp đồng bảo hiểm nhân thọ đáo hạn mà công ty chưa trả",
        "bảo hiểm tai nạn mua kèm khoản vay có được bồi thường không",
        "chủ nhà không trả tiền cọc, tôi muốn kiện ra tòa",
        "em bị công ty tài chính khởi kiện thì phải làm sao",
    ],
)
def test_a_visa_private_insurance_or_a_lawsuit_is_another_office(text):
    assert names_another_office(text)


@pytest.mark.parametrize(
    "text",
    [
        "nộp lệ phí trên dịch vụ công bằng thẻ visa được không",  # a card
        "xin phiếu lý lịch tư pháp để gia hạn visa cho con ở Nhật",  # the criminal record: ours
        "tôi về nước định cư, đăng ký thường trú lại ở đâu",
        "có người xưng tòa án gọi bảo tôi liên quan rửa tiền, lừa không",  # a scam call
        "người nhận là luật sư hứa lấy lại tiền bị lừa có nên tin",
        "đăng ký bảo hiểm y tế hộ gia đình ở đâu",
        "",
    ],
)
def test_the_wards_questions_that_share_their_words_are_not(text):
    assert not names_another_office(text)
