"""What a number's digits alone say: a public number, a year, a CCCD's or a phone's shape, a bank's BIN,
a card's check digit, a round amount."""

from __future__ import annotations

import re

PUBLIC_NUMBERS = frozenset({"111", "112", "113", "114", "115", "1022", "5656", "18001091", "19009095"})
HOTLINE = re.compile(r"1[89]00\d{4,6}")  # 1800/1900 numbers of services and banks
YEAR = re.compile(r"(?:19|20)\d\d")
CCCD_SHAPE = re.compile(r"0\d\d[0-3]\d{8}")  # a province (001–096), then the century and sex digit
# a mobile number's prefixes (03x from 032, 05x, 07x, 08x, 09x) or a landline's (02x, 11 digits)
PHONE_SHAPE = re.compile(r"0(?:3[2-9]|5[2689]|7[06-9]|8[1-9]|9\d)\d{7}|02\d{9}")
BIN = re.compile(r"970\d{3}")


def luhn(digits: str) -> bool:
    """The check digit bank cards carry (ISO/IEC 7812)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def is_round(digits: str) -> bool:
    """A round number («50000000»): an amount, not an account or a code."""
    return digits[0] != "0" and digits.endswith("000")
