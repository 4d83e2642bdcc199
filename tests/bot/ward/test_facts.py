"""Ward facts filled into bot text: a line whose fact is unset becomes one natural sentence, never a placeholder."""

from __future__ import annotations

import pytest

from bot.ward.facts import UNSET_LINE, fill, problem, unset

SET = {
    "ward_name": "Phường Bến Thành",
    "ward_address": "số 1 Lê Lợi",
    "ward_hours": "7:30–17:00",
    "ward_hotline": "028 3822 0000",
    "class_schedule": "Sáng Chủ nhật",
}
UNSET = {key: "" for key in SET}


def test_set_facts_are_filled_in():
    assert fill("Bác đến {ward_address} ({ward_hours}).", SET) == "Bác đến số 1 Lê Lợi (7:30–17:00)."


def test_a_line_with_an_unset_fact_is_replaced_whole_and_the_rest_kept():
    text = "Bác mở VNeID.\nBác đến bộ phận một cửa tại {ward_address} ({ward_hours}).\nXong ạ."
    assert fill(text, UNSET) == f"Bác mở VNeID.\n{UNSET_LINE}\nXong ạ."
    assert fill(text, {**SET, "ward_hours": " "}) == f"Bác mở VNeID.\n{UNSET_LINE}\nXong ạ."


def test_following_unset_lines_say_it_once_and_keep_their_bullet():
    text = "🏢 Gọi {ward_hotline}.\nHoặc đến {ward_address}.\nCảm ơn Bác."
    assert fill(text, UNSET) == f"🏢 {UNSET_LINE}\nCảm ơn Bác."


def test_no_placeholder_or_staff_note_ever_reaches_a_resident():
    from knowledge.entries import load_content

    for entry in load_content():
        for text in (entry.answer, *entry.steps):
            said = fill(text, UNSET)
            assert "{" not in said and "cập nhật)" not in said, entry.id


def test_other_braces_stay():
    assert fill("Mã {abc} và {ward_name}", SET) == "Mã {abc} và Phường Bến Thành"


def test_unset_lists_the_facts_nobody_set():
    assert unset({**UNSET, "ward_name": "Phường X"}) == ["ward_address", "ward_hours", "ward_hotline", "class_schedule"]
    assert unset(SET) == []


@pytest.mark.parametrize("value", ["028 3822 0000", "1022", "+84 28 3822 0000", "(028) 3822.0000"])
def test_a_hotline_is_a_phone_number(value):
    assert problem("ward_hotline", value) == ""


@pytest.mark.parametrize("value", ["gọi cho phường", "12", "028 3822 0000 hoặc hỏi bảo vệ", "1234567890123456"])
def test_what_is_not_a_phone_number_is_refused(value):
    assert "số điện thoại" in problem("ward_hotline", value)


def test_hours_need_a_time_of_day():
    assert problem("ward_hours", "Thứ Hai đến Thứ Sáu 7h30–17h") == ""
    assert problem("ward_hours", "Giờ hành chính") != ""
    assert problem("ward_name", "bất kỳ") == "" and problem("ward_hotline", "") == ""
