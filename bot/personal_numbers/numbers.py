"""Numbers typed in numerals: digit groups joined by spaces, dots or dashes, not glued into a code."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.personal_numbers.dates import shielded
from bot.personal_numbers.groups import LONE_GROUP, Group, best_cover
from bot.personal_numbers.hits import Hit
from bot.personal_numbers.near import AFTER_CHARS
from bot.personal_numbers.otp import OTP_AFTER
from bot.personal_numbers.shapes import CCCD_SHAPE
from bot.personal_numbers.vocabulary import APPS, LETTER, NAMED_BANKS

_SPAN = re.compile(r"(?<!\d)\+?\(?\d+\)?(?:(?:[ \t]?[.\-–][ \t]?|[ \t]{1,2})\(?\d+\)?)*")
_GROUP = re.compile(r"\(?\+?\d+\)?")  # its brackets and "+" are masked with it

_CODE_PREFIX = re.compile(r"[A-Z]{2,}$")
_GLUED = re.compile(rf"{LETTER}+$")
# letters glued to a number that still say what it is («cccd079…», «sdt0909…»): not a code
_GLUED_KEYWORDS = frozenset(
    "cccd cmnd cmt sdt sđt đt dt stk tk otp so số mk pass pin ma mã code tel zalo momo cc cmtnd dd đd".split()
)


# letters joined to a number by a dash: «HCM-FTTH-2024-08173», «SPX-123456789», «HD-2024-000123»
_DASHED = re.compile(rf"({LETTER}+)\d*-$")
_DASHED_KEYWORDS = _GLUED_KEYWORDS | frozenset(NAMED_BANKS) | frozenset(APPS)


def _in_a_code(text: str, start: int, end: int) -> bool:
    """Digits glued to letters are an order, parcel or form code («241205ABC7XQ9K», «SPXVN0456789123»,
    «EB123456789VN», «…23.H29-241204-0015», «HCM-FTTH-2024-08173»), not a personal number: letters right
    after them, or capitals right before, or other letters glued or dashed before — but a keyword glued to
    its number («CCCD079…», «stk-0071…») is no code, nor a phone number after a name («Lan-0903…»), nor a
    code an SMS names after it («G-482913 là mã xác minh Google»)."""
    if end < len(text) and text[end].isalpha():
        return True
    glued = _GLUED.search(text[max(0, start - 12) : start])
    if glued is not None:
        return glued.group().lower() not in _GLUED_KEYWORDS
    if _CODE_PREFIX.search(text[max(0, start - 8) : start]):
        return True
    dashed = _DASHED.search(text[max(0, start - 16) : start])
    if dashed is None or dashed.group(1).lower() in _DASHED_KEYWORDS:
        return False
    digits = "".join(ch for ch in text[start:end] if ch.isdigit())
    if (digits[:1] == "0" and len(digits) in (10, 11)) or CCCD_SHAPE.fullmatch(digits):
        return False
    return not OTP_AFTER.match(text[end : end + AFTER_CHARS])


def number_hits(text: str) -> Iterator[Hit]:
    if ":" in text or "-" in text or "." in text or "/" in text:
        text = shielded(text)
    for span in _SPAN.finditer(text):
        start, end = span.span()
        raw = span.group()
        # next to "/", a short number is part of a date or an article number (12/05/2026, 91/2025)
        beside = text[start - 1 : start] + text[end : end + 1]
        groups = [Group(start + g.start(), start + g.end(), g.group().strip("()+")) for g in _GROUP.finditer(raw)]
        if "/" in beside and sum(len(g.digits) for g in groups) < LONE_GROUP:
            continue
        if _in_a_code(text, start, end):
            continue
        # a country code never starts with 0: «cccd+079…» in a URL is a space, not a "+"
        plus = raw.lstrip("(").startswith("+") and not groups[0].digits.startswith("0")
        if raw.startswith("+") and not plus:
            groups[0] = Group(groups[0].start + 1, groups[0].end, groups[0].digits)
        yield from best_cover(text, groups, plus)
