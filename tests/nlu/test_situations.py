"""Dangers told by a situation (nlu.situations): signs harmless alone, a danger together."""

from __future__ import annotations

import pytest

from nlu.danger import any_danger, present_danger
from nlu.situations import Situation, dangerous_situation


@pytest.mark.parametrize(
    ("text", "situation"),
    [
        ("nước tràn vô nhà tới thắt lưng rồi, má tui nằm liệt trên giường", Situation.TRAPPED_BY_WATER),
        ("nuoc ngap vo nha ngang nguc, ong noi toi khong tu di duoc", Situation.TRAPPED_BY_WATER),
        ("mưa to quá nước vẫn đang lên, ba tui ngồi xe lăn hổng ra được", Situation.TRAPPED_BY_WATER),
        ("thằng nhỏ nhà tui đi chơi từ chiều tới giờ hổng thấy về", Situation.CHILD_MISSING),
        ("con be nha toi mat tit tu trua, goi dien khong lien lac duoc", Situation.CHILD_MISSING),
        ("cháu tôi đi học về từ sáng đến giờ không thấy đâu", Situation.CHILD_MISSING),
        ("bình gas nhà tui bị hở, ba tui ngồi coi ti vi mà bị chóng mặt", Situation.FUMES),
        ("phòng đóng kín, ông đốt lò than sưởi giờ nằm dưới sàn gọi không ai thưa", Situation.FUMES),
        ("thằng em nhắn vĩnh biệt cả nhà rồi gọi không được", Situation.FAREWELL),
        ("con bé để lại thư xin lỗi mẹ rồi khóa cửa phòng, gõ hoài không trả lời", Situation.FAREWELL),
        # session 27
        ("hỏi chút mà sao cả nhà đau đầu chóng mặt, cái bếp than để trong phòng kín", Situation.FUMES),
        ("toi met qua khong muon lam phien ai nua, day la lan cuoi toi nhan cho phuong", Situation.LAST_WORDS),
        ("Con xin lỗi, con là gánh nặng cho mọi người, tạm biệt", Situation.LAST_WORDS),
    ],
)
def test_signs_together_tell_the_situation(text, situation):
    assert dangerous_situation(text) is situation
    # the rest of the emergency's safety net reads it as nlu.danger's own phrases
    assert present_danger(text) == situation.value
    assert any_danger(text)


@pytest.mark.parametrize(
    "text",
    [
        # one sign alone: a report, a pension, a late child, a lost card
        "hẻm nhà tui mưa xuống là nước tràn vô nhà, phản ánh ở đâu",
        "mẹ tôi nằm liệt giường, có được nhận trợ cấp không",
        "ba tôi đi không được, làm căn cước tại nhà được không",
        "con tôi đi học chưa về, tôi muốn hỏi làm căn cước cho con",
        "thẻ căn cước của con tôi mất tích đâu rồi, từ sáng tìm không thấy",  # the card, not the child
        "giấy khai sinh của con tôi từ sáng tới giờ tìm không thấy đâu",
        "tôi có nằm liệt đâu mà phải làm tại nhà",
        "đơn của tôi nộp từ chiều tới giờ không thấy phản hồi",
        # gas and a farewell with nothing wrong
        "đổi bình gas ở đâu, bình nhà tui sắp hết",
        "tiền gas tháng này tăng chóng mặt",  # a figure of speech
        "chào tạm biệt con nhé, mai bác hỏi tiếp",
        "tôi nhắn tin tạm biệt đồng nghiệp trên Zalo mà không gửi được",
        "xin lỗi đã làm phiền, lần cuối cho tôi hỏi lệ phí hộ chiếu",  # an apology for asking again
        "tôi không muốn làm phiền ai nữa nên tự học làm VNeID",  # no goodbye
        "đau đầu chóng mặt với cái app này quá",  # no fumes
    ],
)
def test_one_sign_alone_is_no_danger(text):
    assert dangerous_situation(text) is None
