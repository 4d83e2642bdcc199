"""Numbers a phone's speech-to-text spells out ("năm hai nghìn không trăm hai mươi sáu", "một một ba"), as digits.

The knowledge base writes numbers as digits (2026, 113, 15,5 triệu), so a dictated question shares no word
with the answer that has them. Only accented words are read: speech-to-text always writes the marks,
and without them "khong", "nam", "ba", "sau", "tam" are far more often "không", "nam", "ba" (father),
"sau", "tạm". Even accented, a digit word alone stays a word ("năm" is also a year, "ba" a father, "không"
a "no"): a run becomes a number only with a multiplier in it ("mười", "mươi", "trăm", "nghìn", "triệu") or
as three or more digits in a row ("hai không hai sáu", "một một ba").
"""

from __future__ import annotations

import re

DIGITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
TENS = {"mười", "mươi"}
LINKS = {"linh", "lẻ"}
THOUSANDS = {"nghìn", "ngàn"}
MILLIONS = {"triệu"}
MULTIPLIERS = TENS | {"trăm"} | THOUSANDS | MILLIONS
HALF = "rưỡi"
NUMBER_WORDS = set(DIGITS) | MULTIPLIERS | LINKS | {HALF}
_WORD = re.compile(r"\w+", re.UNICODE)
# A run of bare digits this long is a number read digit by digit (a year, a hotline).
DIGIT_RUN = 3


def _value(tokens: list[str]) -> int | None:
    """The value of a run with multipliers, or None if it is not a well-formed number."""
    result, chunk, pending = 0, 0, None
    for token in tokens:
        if token in DIGITS:
            if pending is not None:
                return None
            pending = DIGITS[token]
        elif token == "mười":
            if pending is not None:
                return None
            chunk += 10
        elif token == "mươi":
            if pending is None:
                return None
            chunk, pending = chunk + pending * 10, None
        elif token == "trăm":
            chunk, pending = chunk + (1 if pending is None else pending) * 100, None
        elif token in THOUSANDS:
            result, chunk, pending = result + (chunk + (pending or 0) or 1) * 1000, 0, None
        elif token in MILLIONS:
            result, chunk, pending = (result + chunk + (pending or 0) or 1) * 1_000_000, 0, None
    return result + chunk + (pending or 0)


def _spoken(run: list[str]) -> str | None:
    """A run of number words as digits, or None to leave it as words."""
    if HALF in run[:-1] or run[0] == HALF:
        return None
    if any(t in MULTIPLIERS for t in run):
        if len(run) < 2 or run[0] in LINKS:
            return None
        return _millions(run) or _formatted(_value([t for t in run if t != HALF]))
    if len(run) >= DIGIT_RUN and all(t in DIGITS for t in run):
        return "".join(str(DIGITS[t]) for t in run)
    return None


def _millions(run: list[str]) -> str | None:
    """ "sáu triệu hai" is 6,2 triệu and "mười lăm triệu rưỡi" 15,5 triệu, written as the answers write them."""
    if "triệu" not in run:
        return None
    at = run.index("triệu")
    rest = run[at + 1 :]
    if rest not in ([], [HALF]) and not (len(rest) == 1 and rest[0] in DIGITS):
        return None
    coefficient = _value(run[:at]) if at else 1
    if coefficient is None or coefficient >= 1000:
        return None
    decimal = "5" if rest == [HALF] else str(DIGITS[rest[0]]) if rest else ""
    return f"{coefficient},{decimal} triệu" if decimal else f"{coefficient} triệu"


def _formatted(value: int | None) -> str | None:
    """A year as it is written (2026); larger amounts with the Vietnamese thousands dot (500.000)."""
    if value is None:
        return None
    return f"{value:,}".replace(",", ".") if value >= 10_000 else str(value)


def _trim(run: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(words before, the number, words after). A digit word just before another digit word starts no number
    ("năm hai nghìn…", "năm hai không hai sáu" are "the year …"); a trailing "không" asks a question ("hai trăm
    không?"); a digit after "nghìn" is a word of its own ("năm trăm nghìn một tháng")."""
    start, end = 0, len(run)
    has_multiplier = any(t in MULTIPLIERS for t in run)
    while (
        end - start >= 2
        and run[start] in DIGITS
        and run[start + 1] in DIGITS
        and (has_multiplier or (run[start] == "năm" and end - start > DIGIT_RUN))
    ):
        start += 1
    while has_multiplier and end - start >= 2 and run[end - 1] == "không" and run[end - 2] not in LINKS:
        end -= 1
    if end - start >= 2 and run[end - 1] in DIGITS and run[end - 2] in THOUSANDS:
        end -= 1
    return run[:start], run[start:end], run[end:]


def read_numbers(words: list[str]) -> list[str]:
    """The words with each spelled-out number replaced by its digits (lower-case NFC words in, same out; "500.000"
    comes out as "500", "000", as the same text typed with digits)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] not in NUMBER_WORDS:
            out.append(words[i])
            i += 1
            continue
        j = i
        while j < len(words) and words[j] in NUMBER_WORDS:
            j += 1
        before, number, after = _trim(words[i:j])
        digits = _spoken(number) if number else None
        # split as the answers' own "500.000", "15,5" are split into words
        out.extend(before + (_WORD.findall(digits) if digits else number) + after)
        i = j
    return out
