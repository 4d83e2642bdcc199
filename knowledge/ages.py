"""Ages: the one a message states ("bé 10 tuổi", "8t", "3 tủi") and the range an entry's title is for ("trẻ
dưới 6 tuổi", "từ 6 đến dưới 14 tuổi"). After the ID card of a child under 6, "còn bé lớn 10 tuổi thì sao" is
the 6-to-14 entry's, however close the two entries' words are."""

from __future__ import annotations

import re

from knowledge.aspects import key

# "10 tuổi", "8t", "3 tui" ("3 tủi" typed with accents is mended to "tuổi" by the normaliser; without them it is
# this folded "tui")
_STATED = re.compile(r"\b(\d{1,3}) ?(?:tuoi|tui|t)\b")
_BETWEEN_BELOW = re.compile(r"\btu (\d{1,3}) den duoi (\d{1,3}) tuoi\b")
_BETWEEN = re.compile(r"\btu (\d{1,3}) den (\d{1,3}) tuoi\b")
_BELOW = re.compile(r"\bduoi (\d{1,3}) tuoi\b")
_FROM = re.compile(r"\b(?:tu|tren) (\d{1,3}) tuoi\b")
OLDEST = 150


def stated_age(text: str) -> int | None:
    """The age a message states, if one (the first)."""
    found = _STATED.search(key(text))
    return int(found.group(1)) if found else None


def title_ages(title: str) -> tuple[int, int] | None:
    """The range of ages (both ends included) an entry's title is for, if it names one."""
    folded = key(title)
    if found := _BETWEEN_BELOW.search(folded):
        return int(found.group(1)), int(found.group(2)) - 1
    if found := _BETWEEN.search(folded):
        return int(found.group(1)), int(found.group(2))
    if found := _BELOW.search(folded):
        return 0, int(found.group(1)) - 1
    if found := _FROM.search(folded):
        return int(found.group(1)), OLDEST
    return None


def age_fit(age: int | None, title: str) -> float:
    """1 if the age a message states (`stated_age`) is in the title's range, -1 if not, else 0."""
    ages = title_ages(title)
    if age is None or ages is None:
        return 0.0
    return 1.0 if ages[0] <= age <= ages[1] else -1.0
