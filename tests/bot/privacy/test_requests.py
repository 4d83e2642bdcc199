"""Which typed messages are a resident's request about their data, accented or not."""

from __future__ import annotations

import pytest

from bot.privacy.requests import DataRequest, read_request


@pytest.mark.parametrize(
    "text",
    [
        "xem dữ liệu của tôi",
        "Xem du lieu cua toi",
        "cho bác xem dữ liệu của bác",
        "coi dữ liệu của bác đi",
        "Con muốn xem dữ liệu của con",
        "kiểm tra dữ liệu của tôi",
        "xem thông tin cá nhân của tôi",
        "Dữ liệu của tôi",
    ],
)
def test_show_requests(text):
    assert read_request(text) == DataRequest.SHOW


@pytest.mark.parametrize(
    "text",
    [
        "xóa dữ liệu của tôi",
        "xoá dữ liệu của tui",
        "XOA DU LIEU CUA TOI",
        "xóa dl của t",
        "xoa het du lieu cua minh di",
        "tôi muốn xóa toàn bộ dữ liệu của tôi",
        "Xóa cuộc trò chuyện này",
        "xóa lịch sử trò chuyện",
    ],
)
def test_erase_requests(text):
    assert read_request(text) == DataRequest.ERASE


@pytest.mark.parametrize(
    "text",
    [
        "làm sao xóa dữ liệu trên VNeID",
        "xóa dữ liệu",
        "xóa dữ liệu trên điện thoại",
        "Xóa",
        "cuộc trò chuyện này",
        "cách xem thông tin cá nhân của tôi trên vneid",
        "xóa tin nhắn zalo",
        "xem dữ liệu của tôi " * 10,
    ],
)
def test_questions_and_other_messages_are_not_requests(text):
    assert read_request(text) is None
