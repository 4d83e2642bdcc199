"""Dates and clock times, blanked out before numbers are read."""

from __future__ import annotations

import re

from bot.personal_numbers.vocabulary import LETTER

# Dates and clock times are never part of a number: «lúc 05-12-2026 10:15:22» is not a phone number
_DATE = re.compile(r"(?<![\d.\-/])(?:0?[1-9]|[12]\d|3[01])([-./])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d(?![\d])")
_CLOCK = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")


# «lúc 10.30», «7.45 tối»: a time written with a dot, said to be one by the word before or after it
_DOT_CLOCK = re.compile(
    rf"(?:(?<!{LETTER})(?:lúc|luc|từ|đến|den|tới|khoảng|khoang)\s+)?(?<![\d.])((?:[01]?\d|2[0-3])\.[0-5]\d)(?![\d.])"
    rf"(\s*(?:sáng|sang|trưa|trua|chiều|chieu|tối|đêm|dem|giờ|gio)(?!{LETTER}))?",
    re.IGNORECASE,
)


def _blank_dot_clock(found: re.Match[str]) -> str:
    if found.group() == found.group(1):  # no word says it is a time: «10.30» may be an amount
        return found.group()
    return found.group().replace(found.group(1), "_" * len(found.group(1)))


def shielded(text: str) -> str:
    """The text with its dates and clock times blanked out (same length, so offsets hold)."""
    for pattern in (_DATE, _CLOCK):
        text = pattern.sub(lambda m: "_" * len(m.group()), text)
    if "." in text:
        text = _DOT_CLOCK.sub(_blank_dot_clock, text)
    return text
