"""What residents send, checked: each refusal is its own exception (a shared one would grow with every raise)."""

from __future__ import annotations

import pytest

from bot.conversations.inputs import InputRejected, clean_text


def refusal(raw: object) -> InputRejected:
    with pytest.raises(InputRejected) as caught:
        clean_text(raw, 100)
    return caught.value


@pytest.mark.parametrize("raw, code", [(None, "not_text"), (12, "not_text"), ("   \x00 ", "empty"), ("x" * 101, "too_long")])
def test_bad_input_is_refused_with_its_reason(raw, code):
    assert refusal(raw).code == code


def test_every_refusal_is_a_fresh_exception_without_earlier_tracebacks():
    first, second = refusal(None), refusal(None)
    assert first is not second
    depth = 0
    frame = second.__traceback__
    while frame is not None:
        depth, frame = depth + 1, frame.tb_next
    assert depth <= 3  # this raise only, not one frame per earlier request


def test_good_text_is_kept_in_one_normal_form():
    assert clean_text("  ho\u0309i  ", 100) == "hỏi"  # decomposed marks composed, spaces trimmed


def test_every_kind_of_space_and_digit_is_read_plainly():
    # a phone pastes a number with no-break spaces, a keyboard may type fullwidth digits: the masker
    # must see «0912 345 678», not pieces too short to be a number
    assert clean_text("sdt 0912\u00a0345\u202f678", 100) == "sdt 0912 345 678"
    assert clean_text("sđt ０９１２３４５６７８", 100) == "sđt 0912345678"
    assert clean_text("Lệ phí ²", 100) == "Lệ phí ²"  # not a digit of a script: kept
