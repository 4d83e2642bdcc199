"""One regular expression for a list of folded phrases, longest first, each a whole word or words: how the
phrase lists of nlu.danger and nlu.frustration are matched."""

from __future__ import annotations

import re
from collections.abc import Iterable


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Matches any of the phrases at word boundaries, the longest first ("cam dao chem" before "cam dao")."""
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, set(phrases)), key=len, reverse=True)) + r")\b")
