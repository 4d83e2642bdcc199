"""What a follow-up asks about its topic (knowledge/aspects.py): a cost or a time asked outright."""

from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.aspects import Aspect, about_as_asked, answer_lines, asks_outright, aspects_of, dedicated_aspect, dedicated_to
from knowledge.entries import Faq, load_content


def _answering(answer: str) -> Faq:
    """An entry with this answer (the lines answer_lines reads)."""
    return Faq(id="x", category="x", category_title="x", title="x", questions=("x",), answer=answer)


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
    assert asks_outright(text, Aspect.FEE)


@pytest.mark.parametrize(
    "text",
    ["để vậy có sao không, ngân hàng vẫn rút tiền được chứ", "tiền trợ cấp nhận ở đâu", "chuyển tiền cho con qua app nào", ""],
)
def test_money_named_in_passing_is_no_question_of_cost(text):
    assert not asks_outright(text, Aspect.FEE)


@pytest.mark.parametrize(
    "text",
    [
        "bao lâu thì có",
        "lam het bao lau moi xong",
        "ờ thế thì mất bao nhiêu ngày",
        "mấy ngày thì lấy được",
        "khi nào thì có vậy con",
        "lấy liền được hông con?",
        "mấc bao lâu",
    ],
)
def test_the_time_asked_outright(text):
    assert asks_outright(text, Aspect.TIME)


@pytest.mark.parametrize(
    "text",
    ["hạn chót là khi nào", "trễ hạn thì phạt bao nhiêu", "làm ngay trên điện thoại được không", "lấy kết quả ở đâu", ""],
)
def test_a_deadline_or_a_time_named_in_passing_is_not_asked_outright(text):
    assert not asks_outright(text, Aspect.TIME)


def test_only_the_cost_and_the_time_can_be_asked_outright():
    assert not asks_outright("nộp ở đâu", Aspect.PLACE)


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("đăng ký tạm trú bao lâu thì có", Aspect.TIME),
        ("ờ khai sinh online mất mấy ngày", Aspect.TIME),
        ("làm lại hộ chiếu tốn bao nhiêu tiền", Aspect.FEE),
        ("sinh con xong bao lâu phải đăng ký thường trú cho bé", None),  # a deadline
        ("có mã hồ sơ rồi thì tra tiến độ ở đâu", None),  # "tra tiến độ" is no "trả tiền"
        ("quên mật khẩu vneid", None),
    ],
)
def test_the_aspect_a_first_message_asks_outright(text, aspect):
    assert dedicated_aspect(text) is aspect


def test_a_processing_time_is_answered_by_a_processing_time_not_a_deadline_or_a_validity():
    entries = {e.id: e for e in load_content()}
    asked = (Aspect.TIME,)
    # "mất bao nhiêu ngày" asks how long the office takes: «Thời hạn … đăng ký khai tử» (a deadline) and «Bản sao
    # có chứng thực dùng được bao lâu» (a validity) do not say it, «Bao lâu thì có hộ chiếu» does
    assert not about_as_asked(entries["ho-tich-khai-tu-thoi-han"], asked, "ờ thế thì mất bao nhiêu ngày")
    assert not about_as_asked(entries["chung-thuc-ban-sao-gia-tri-bao-lau"], asked, "làm mất bao lâu")
    assert about_as_asked(entries["ho-chieu-thoi-gian-giai-quyet"], asked, "mất bao nhiêu ngày thì có")
    # asked as a deadline, the deadline's entry is about it
    assert about_as_asked(entries["ho-tich-khai-tu-thoi-han"], asked, "hạn chót đăng ký khai tử là bao lâu")


def test_every_field_wide_aspect_has_its_entry_in_its_field():
    """The content must keep an entry titled for each field-wide aspect, in one of the field's categories."""
    from knowledge.aspects import FIELD_WIDE, about

    entries = load_content()
    categories = {e.category for e in entries}
    for aspect, field in FIELD_WIDE.items():
        assert set(field) <= categories, aspect
        assert any(e.category in field and about(e, (aspect,)) for e in entries), aspect


@pytest.mark.parametrize(
    "text",
    ["goi so nao", "Nếu có người bị thương thì gọi số nào?", "Ban đêm gọi có người nghe hông?", "đường dây nóng là số mấy"],
)
def test_the_number_to_call_is_asked(text):
    assert Aspect.CONTACT in aspects_of(text)


def test_an_accounts_phone_number_is_no_number_to_call():
    assert Aspect.CONTACT not in aspects_of("Nếu số điện thoại cũ không còn dùng nữa thì sao?")


def test_the_lines_that_give_a_number_to_call_not_an_amount():
    entry = _answering(
        "Bác báo qua 1022 hoặc báo phường.\nCây đè người thì gọi ngay 114; có người bị thương gọi 115.\n"
        "Phạt từ 1.000.000 đồng nếu gọi báo sai."
    )
    assert answer_lines(entry, (Aspect.CONTACT,)) == ("Cây đè người thì gọi ngay 114; có người bị thương gọi 115.",)


def test_doing_it_for_someone_is_not_the_passport():
    # "làm hộ" (on someone's behalf) folds as the start of "làm hộ chiếu", "làm hộ tịch"
    assert Aspect.WHO not in aspects_of("làm hộ chiếu ở đâu") and Aspect.WHO not in aspects_of("lam ho tich o dau")
    assert Aspect.WHO in aspects_of("con làm hộ cho mẹ được không")


def test_a_line_says_where_only_when_it_names_a_place():
    # folded, "đến mốc" reads "den" and "tài khoản" reads "tai": neither is a place
    entry = _answering(
        "Thẻ làm lúc 24 tuổi thì dùng đến mốc 40 tuổi.\nĐăng nhập tài khoản VNeID để xem hạn.\nBác nộp hồ sơ tại Công an phường."
    )
    assert answer_lines(entry, (Aspect.PLACE,)) == ("Bác nộp hồ sơ tại Công an phường.",)


def test_an_entry_about_who_may_register_is_dedicated_to_who():
    entry = replace(_answering("Cha, mẹ, ông bà hoặc người thân đi đăng ký."), title="Ai được đi đăng ký khai sinh cho trẻ")
    assert dedicated_to(entry, Aspect.WHO)
