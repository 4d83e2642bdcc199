"""Buttons as inline keyboards: one per row, callback data that always fits in 64 bytes."""

from __future__ import annotations

from bot.channels.telegram.keyboard import markup, parse


def test_each_button_gets_its_own_row_and_short_callback_data():
    buttons = [{"title": "Có", "payload": "/affirm" + "x" * 250}, {"title": "", "payload": "/deny"}]
    keyboard = markup(2**40, buttons)
    rows = keyboard.inline_keyboard
    assert [[b.text for b in row] for row in rows] == [["Có"], ["/deny"]]
    assert [row[0].callback_data for row in rows] == [f"{2**40}:0", f"{2**40}:1"]
    assert all(len(row[0].callback_data.encode()) <= 64 for row in rows)


def test_no_buttons_no_keyboard():
    assert markup(3, None) is None and markup(3, []) is None


def test_parse_accepts_only_what_we_made():
    assert parse("12:0") == (12, 0)
    for data in [None, "", "12", "12:", ":1", "a:b", "1:2:3", "-1:0", "1:1000", "12:0 ", "/greet"]:
        assert parse(data) is None, data
