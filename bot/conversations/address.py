"""How the bot addresses a resident: «Bác» by default, following the resident once they say who they are.

The rule (simple on purpose, and tested in tests/bot/conversations/test_address.py):
- A resident who calls themselves «cháu», «em» or «con» («cho cháu hỏi», «em muốn làm…», «giúp con với»),
  or «mình», is younger than a «Bác»: the bot says «bạn» (their gender is unknown, so not «anh»/«chị»)
  and calls itself «mình».
- One who calls themselves «anh» or «chị» («chị muốn hỏi…») is called so, and the bot calls itself «em».
- «bác», «tui», «cô», «chú», «ông», «bà» as the speaker keep «Bác»; «tôi» says nothing about age.
The last such message wins; the form is stored with the conversation, so it holds across restarts.

Bot texts are written with «Bác» for the resident and «con» for the bot. `speak` rewrites them: «Bác»
everywhere except «Bác sĩ»; the bot's «con» in the bot's own texts (never «bà con»), and in knowledge-base
answers only where «con» is plainly the bot («con chưa chắc»), since there it usually means a child.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Address(StrEnum):
    """How the resident is addressed."""

    BAC = "bac"
    BAN = "ban"
    ANH = "anh"
    CHI = "chi"


# (what the resident is called, what the bot calls itself)
WORDS = {Address.BAC: ("Bác", "con"), Address.BAN: ("bạn", "mình"), Address.ANH: ("anh", "em"), Address.CHI: ("chị", "em")}

_VERBS = (
    r"muốn|hỏi|cần|đang|không|ko|hông|chưa|bị|có|làm|lm|xin|định|mới|vừa|đã|quên|thấy|tính|ở|đi|nộp|đăng|"
    r"dang|muon|hoi|can|dang|khong|chua|bi|co|lam|quen|thay|tinh|o|di|nop|cũng|cung|vẫn|van|là|la|thì|thi"
)
_OPENING = r"(?:^|[.!?,]\s*)(?:dạ\s+|da\s+|ạ\s+|ờ\s+|à\s+|vâng\s+|chào\s+\S+\s+|xin chào\s+)?"
_SELF = {
    Address.BAN: r"cháu|chau|em|con|mình|minh",
    Address.ANH: r"anh",
    Address.CHI: r"chị|chi",
    Address.BAC: r"bác|bac|tui|cô|chú|chu|ông|ong|bà",
}


def _patterns(words: str) -> re.Pattern[str]:
    return re.compile(
        rf"{_OPENING}(?:{words})\s+(?:{_VERBS})\b|\bcho\s+(?:{words})\s+(?:hỏi|hoi|xin)\b|\b(?:giúp|giùm|dùm|chỉ|giup|gium|dum)\s+(?:{words})\s+(?:với|voi|cách|cach|làm|lam)\b",
        re.IGNORECASE,
    )


_DETECT = {form: _patterns(words) for form, words in _SELF.items()}


def detect(text: str) -> Address | None:
    """The form a resident's message asks for, or None when it does not say who the resident is."""
    found = [(match.start(), form) for form, pattern in _DETECT.items() for match in [pattern.search(text or "")] if match]
    return max(found)[1] if found else None  # the last self-reference in the message wins


_RESIDENT = re.compile(r"\bBác\b(?! sĩ)")
_BOT_IN_OWN_TEXT = re.compile(r"(?<!bà )(?<!Bà )\b([Cc])on\b(?! số| dấu| cái| nhỏ| cháu| trẻ| em\b)")
_BOT_IN_ANSWERS = re.compile(r"\b([Cc])on(?= (?:chưa chắc|chưa kiểm|chưa biết|không chắc|không nêu|hướng dẫn|là chương))")
_SENTENCE_END = re.compile(r"(?:^|[.!?:]\s+|\n\s*|«)$")


def _replace(pattern: re.Pattern[str], text: str, word: str) -> str:
    """Every match of `pattern` replaced by `word`, capitalised where a sentence starts (and only there)."""

    def one(match: re.Match[str]) -> str:
        opens = bool(_SENTENCE_END.search(text[: match.start()]))
        return word[:1].upper() + word[1:] if opens else word

    return pattern.sub(one, text)


def speak(text: str, form: Address | str | None, *, own_text: bool = True) -> str:
    """A bot text in the conversation's form of address (`own_text`: the bot's own words, not an FAQ answer)."""
    form = Address(form) if form else Address.BAC
    if form is Address.BAC or not text:
        return text
    resident, bot = WORDS[form]
    out = _replace(_RESIDENT, text, resident)
    return _replace(_BOT_IN_OWN_TEXT if own_text else _BOT_IN_ANSWERS, out, bot)
