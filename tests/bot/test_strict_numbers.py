"""Numbers from the outside: ASCII digits only, within bounds (issue 17: «²» and 2^64 were 500s)."""

from __future__ import annotations

import pytest

from bot.strict_numbers import MAX_ID, json_id, json_int, parse_id, parse_int


@pytest.mark.parametrize("text", ["7", "07", "0", "20"])
def test_ascii_digits_within_bounds_are_read(text):
    assert parse_int(text, 0, 20) == int(text)


@pytest.mark.parametrize(
    "text",
    ["²", "١٢", "１２", " 12", "12 ", "+5", "-5", "1_0", "1.0", "1e3", "0x1", "", "21", "9" * 25, None, 12],
)
def test_anything_else_is_refused(text):
    assert "²".isdigit()  # what the old check trusted, and int("²") refuses
    assert parse_int(text, 0, 20) is None


def test_ids_stop_where_the_database_integers_stop():
    assert parse_id(str(MAX_ID)) == MAX_ID == 2**31 - 1
    assert parse_id(str(MAX_ID + 1)) is None
    assert parse_id(str(2**64)) is None
    assert parse_id("0") is None


@pytest.mark.parametrize("value", [True, False, 1.0, "1", None, [1], 2**64, -1, MAX_ID + 1])
def test_json_ids_are_true_integers_in_range(value):
    assert json_id(value) is None


def test_json_ints_in_range_are_kept():
    assert json_id(1) == 1 and json_id(MAX_ID) == MAX_ID
    assert json_int(0, 0, 5) == 0 and json_int(6, 0, 5) is None
