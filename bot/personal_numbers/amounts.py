"""Money around a number: the words before an amount, its unit after, a dotted amount, a balance."""

from __future__ import annotations

import re

from bot.personal_numbers.shapes import is_round
from bot.personal_numbers.vocabulary import LETTER, MONEY_WORDS, NAMED_BANKS, alternation

MONEY_BEFORE = re.compile(
    rf"(?<!{LETTER})(?:{MONEY_WORDS})(?:\s+(?:là|la|khoảng|khoang|hết|het|mất|mat|ngân hàng|ngan hang|{alternation(*NAMED_BANKS)}))?"
    rf"[\s:]*$"
)  # «vay ngân hàng 150000000», «vay MB 50000000»
_UNIT_AFTER = re.compile(
    rf"\s?(đồng|dong|vnđ|vnd|đ|d|triệu|trieu|tr|trăm|tram|nghìn|nghin|ngàn|ngan|k|tỷ|tỉ|ty|usd|\$|%|tuổi|tuoi)(?!{LETTER})"
    rf"(?!\s+(?:hàng|hang)(?!{LETTER}))"  # «ngan hang» is a bank, not «ngàn»
)
# The most digits an amount in each unit has: «079160001234 k tra được» is a CCCD and «không» (a 12-digit
# number of thousands is no amount), «0901234567 d» a phone number, whatever the word after it means
_UNIT_DIGITS = {
    **dict.fromkeys(("đồng", "dong", "vnđ", "vnd", "đ", "d"), 12),
    **dict.fromkeys(("nghìn", "nghin", "ngàn", "ngan", "k", "usd", "$"), 9),
    **dict.fromkeys(("triệu", "trieu", "tr"), 6),
    **dict.fromkeys(("tỷ", "tỉ", "ty"), 4),
    **dict.fromkeys(("trăm", "tram", "%", "tuổi", "tuoi"), 3),
}


def amount_unit_after(digits: str, after: str) -> bool:
    """A unit right after the number, and the number an amount of it (no amount starts with 0; a round one may be
    as long as it likes)."""
    unit = _UNIT_AFTER.match(after)
    if unit is None:
        return False
    if digits[0] == "0" and len(digits) > 3:
        return False
    return len(digits) <= _UNIT_DIGITS[unit.group(1)] or is_round(digits)


_DOTTED_AMOUNT = r"[1-9]\d{0,2}(?:\.\d{3})+"
AMOUNT = re.compile(rf"{_DOTTED_AMOUNT}(?:[ \t]?[-–][ \t]?{_DOTTED_AMOUNT})?")  # or a range: «800.000 - 1.000.000»
# A balance, not an account: «số dư tài khoản là 12.500.000», «tài khoản còn 2350000»
BALANCE = re.compile(
    rf"(?<!{LETTER})(?:số dư|so du|số tiền|so tien|tiền trong|tien trong|tiền trên|tien tren)(?!{LETTER})"
    rf"|(?<!{LETTER})(?:còn|còn lại|con lai|dư)(?:\s+(?:là|la))?[\s:]*$"
)
