"""Numbers read out by a phone's speech-to-text: in words, digit by digit or in groups, or words and
numerals mixed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.personal_numbers.groups import Group, best_cover
from bot.personal_numbers.hits import Hit
from bot.personal_numbers.shapes import YEAR
from bot.personal_numbers.vocabulary import LETTER, alternation

_DIGIT_WORDS = {
    "không": "0", "khong": "0", "một": "1", "mốt": "1", "mot": "1", "hai": "2", "ba": "3", "bốn": "4", "bon": "4",
    "tư": "4", "năm": "5", "nam": "5", "lăm": "5", "lam": "5", "sáu": "6", "sau": "6", "bảy": "7", "bẩy": "7", "bay": "7",
    "tám": "8", "tam": "8", "chín": "9", "chin": "9", "linh": "0", "lẻ": "0", "le": "0",
}  # fmt: skip
_ZERO_WORDS = frozenset({"linh", "lẻ", "le"})  # «chín lẻ tám»: a zero inside a number, never its first digit
_TEN_WORDS = frozenset({"mười", "muoi"})  # «mười hai» is 12 (unaccented «muoi» is also «mươi»: «năm muoi»)
_HUNDRED_WORDS = frozenset({"trăm", "tram"})
_DIGIT_WORD = rf"(?:{alternation(*_DIGIT_WORDS)})(?!{LETTER})"
_ABOUT = rf"(?![ \t]+(?:mấy|may)(?!{LETTER}))"  # «sáu mươi mấy năm» is no number
# A number said in words: a digit, tens («mười hai», «năm mươi tư», «hai mươi»), hundreds («chín trăm lẻ tám»)
_TEN = rf"(?:mười|muoi)(?!{LETTER})(?:[ \t]+{_DIGIT_WORD})?{_ABOUT}"
_TENS = rf"[ \t]+(?:mươi|muoi)(?!{LETTER})(?:[ \t]+{_DIGIT_WORD})?{_ABOUT}"
_ZERO_WORD = rf"(?:{alternation(*_ZERO_WORDS)})(?!{LETTER})"
_HUNDREDS = rf"[ \t]+(?:trăm|tram)(?!{LETTER})(?:[ \t]+(?:{_ZERO_WORD}[ \t]+{_DIGIT_WORD}|{_TEN}|{_DIGIT_WORD}{_TENS}))?{_ABOUT}"
_NUMBER_WORDS = rf"(?:{_DIGIT_WORD}(?:{_HUNDREDS}|{_TENS})?|{_TEN})"
_SEPARATOR = r"[\s,.\-]+"
GROUP_AMONG_WORDS = 4  # the most digits of a group of numerals among number words («9704 1826 chín chín…»)
_NUMERALS = rf"(?<!\d)\d{{1,{GROUP_AMONG_WORDS}}}(?![\d_]|{LETTER})"
# A number read out, as a phone's speech-to-text writes it: in words, digit by digit or in groups («không chín
# lẻ tám, bảy sáu hai…», «không chín không ba, mười hai, năm mươi tư…»), or words and numerals mixed («không 3
# 6 một bốn…», «0 tám 3 không…», «9704 1826 chín chín tám tám 3068»); a run of numerals only is left to numbers.py.
# (A run may start with «lẻ»: _read_out drops it.)
_SPOKEN_TOKEN = rf"(?:{_NUMBER_WORDS}|{_NUMERALS})"
SPOKEN = re.compile(
    rf"(?<!{LETTER})(?:{_NUMBER_WORDS}|{_NUMERALS}(?=(?:{_SEPARATOR}{_NUMERALS})*{_SEPARATOR}(?:{_DIGIT_WORD}|mười|muoi)))"
    rf"(?:{_SEPARATOR}{_SPOKEN_TOKEN}){{3,}}",
    re.IGNORECASE,
)
_SPOKEN_WORD = re.compile(_SPOKEN_TOKEN, re.IGNORECASE)
SPOKEN_TOKENS = 4  # numbers or digits said in a row that make a number read out


def _said(words: str) -> str:
    """The digits of a number said in words: «năm mươi tư» 54, «mười hai» 12, «chín trăm lẻ tám» 908."""
    said = words.lower().split()
    if len(said) == 1:
        return _DIGIT_WORDS.get(said[0], said[0])  # a digit, or numerals
    if said[1] in _HUNDRED_WORDS:
        rest = said[2:]
        if not rest:
            return _DIGIT_WORDS[said[0]] + "00"
        if rest[0] in _ZERO_WORDS:
            return _DIGIT_WORDS[said[0]] + "0" + _DIGIT_WORDS[rest[1]]
        return _DIGIT_WORDS[said[0]] + _said(" ".join(rest))
    if said[0] in _TEN_WORDS:
        return "1" + (_DIGIT_WORDS[said[1]] if len(said) > 1 else "0")
    return _DIGIT_WORDS[said[0]] + (_DIGIT_WORDS[said[2]] if len(said) > 2 else "0")


def _read_out(run: re.Match[str]) -> Iterator[list[Group]]:
    """The numbers in a run of number words and numerals. Groups of numerals are part of one only when words
    read digit by digit sit between them («9704 1826 chín chín tám tám 3068»): not «năm 2019» (a year), nor
    years in a row, nor an amount's groups beside one number word; otherwise the run is cut at those groups."""
    tokens = [(run.start() + w.start(), run.start() + w.end(), w.group()) for w in _SPOKEN_WORD.finditer(run.group())]
    words = [not t[2][0].isdigit() for t in tokens]
    groups = [k for k, (_, _, token) in enumerate(tokens) if len(token) > 1 and token[0].isdigit()]
    if groups and not _groups_among_words(tokens, words):
        cuts = [-1, *groups, len(tokens)]
        parts = [tokens[a + 1 : b] for a, b in zip(cuts, cuts[1:], strict=False)]
    else:
        parts = [tokens]
    for part in parts:
        while part and part[0][2].lower() in _ZERO_WORDS:
            part = part[1:]
        if len(part) >= SPOKEN_TOKENS and any(not token[0].isdigit() for _, _, token in part):
            yield [Group(start, end, _said(token)) for start, end, token in part]


def _groups_among_words(tokens: list[tuple[int, int, str]], words: list[bool]) -> bool:
    """Whether the numeral groups of a run are parts of the number its words read out."""
    if not any(a and b for a, b in zip(words, words[1:], strict=False)):
        return False  # no two number words in a row
    for k, (_, _, token) in enumerate(tokens):
        if YEAR.fullmatch(token) and k and (tokens[k - 1][2].lower() in ("năm", "nam") or YEAR.fullmatch(tokens[k - 1][2])):
            return False
    return True


def spoken_hits(text: str) -> Iterator[Hit]:
    for run in SPOKEN.finditer(text):
        for groups in _read_out(run):
            yield from best_cover(text, groups, False)
