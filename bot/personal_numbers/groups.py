"""The numbers among consecutive groups of digits: which groups make one number, and of which kind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.personal_numbers.classify import classify
from bot.personal_numbers.hits import Hit
from bot.personal_numbers.kinds import Kind
from bot.personal_numbers.near import AFTER_CHARS, CONTEXT_CHARS, Near
from bot.personal_numbers.shapes import PUBLIC_NUMBERS, YEAR

LONE_GROUP = 9  # a group this long is a number of its own, never joined to its neighbours
MAX_JOIN = 19  # groups joined at most (a card or CCCD read digit by digit)


@dataclass(frozen=True)
class Group:
    start: int
    end: int
    digits: str


def best_cover(text: str, groups: list[Group], plus: bool) -> Iterator[Hit]:
    """The numbers among consecutive groups that hide the most digits (few, long numbers on a tie)."""
    n = len(groups)
    # best[i]: (digits hidden, -numbers) from group i on, and the choice made at i
    best: list[tuple[tuple[int, int], tuple[int, Kind] | None]] = [((0, 0), None)] * (n + 1)
    # groups joined by a bare dot or dash are one code («24.21.06.0039», «2412-0451-0009»): no number is cut
    # out of it, though it may be taken whole (a number of its own, 9 digits or more, stands apart)
    tight = [
        text[groups[k].end : groups[k + 1].start] in (".", "-") and len(groups[k].digits) < LONE_GROUP > len(groups[k + 1].digits)
        for k in range(n - 1)
    ]
    for i in range(n - 1, -1, -1):
        best[i] = (best[i + 1][0], None)
        if i and len(groups[i].digits) == 3 and text[groups[i].start - 1 : groups[i].start] == ".":
            continue  # «2.000.000–4.000.000»: a number never starts inside a dotted amount
        if i and tight[i - 1]:
            continue
        near = Near(text[max(0, groups[i].start - CONTEXT_CHARS) : groups[i].start])
        digits = ""
        for j in range(i, min(n, i + MAX_JOIN)):
            if j > i and (len(groups[j].digits) >= LONE_GROUP or len(groups[i].digits) >= LONE_GROUP):
                break
            if j > i and groups[j].digits in PUBLIC_NUMBERS and groups[j - 1].digits in PUBLIC_NUMBERS:
                break  # «113 114 115» are three hotlines, not one ID number
            if j == i + 1 and YEAR.fullmatch(groups[i].digits) and YEAR.fullmatch(groups[j].digits):
                break  # «2019 2020 2021» are years: no number starts with two of them
            digits += groups[j].digits
            if j < n - 1 and tight[j]:
                continue
            segment = text[groups[i].start : groups[j].end]
            after = text[groups[j].end : groups[j].end + AFTER_CHARS]
            kind = classify(digits, plus and i == 0, segment, near, after)
            if kind is None:
                continue
            (hidden, count), _ = best[j + 1]
            score = (hidden + len(digits), count - 1)
            if score > best[i][0]:
                best[i] = (score, (j, kind))
    i = 0
    while i < n:
        choice = best[i][1]
        if choice is None:
            i += 1
            continue
        j, kind = choice
        yield Hit(groups[i].start, groups[j].end, kind)
        i = j + 1
