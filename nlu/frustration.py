"""Words a resident uses when fed up ("quá bực", "bức xúc", "nản lắm", "huhu"): the complaint's safety net.

The NLU reads a complaint as a tone more than as words, and a story told before the grievance ("hồ sơ nộp hai
tuần rồi không ai duyệt, quá bực") often leaves it just below sure. Where it is unsure of a complaint, or did
not understand at all and the knowledge base has nothing to offer, one of these phrases makes it a complaint:
handed to a person rather than asked to say it again. Matched on the folded, teencode-expanded text.
"""

from __future__ import annotations

from functools import lru_cache

from nlu.normalize import match_key
from nlu.phrases import phrase_pattern

FRUSTRATION = (
    "buc minh",
    "buc qua",
    "buc lam",
    "buc ghe",
    "qua buc",
    "buc xuc",
    "nan qua",
    "nan lam",
    "nan that",
    "chan qua",
    "chan lam",
    "tuc qua",
    "tuc lam",
    "tuc chet",
    "qua dang",
    "huhu",
    "hu hu",
    "hanh ha",
    "hanh bac",
    "hanh toi",
    "hanh tui",
    "met moi qua",
    "kho chiu qua",
    "that vong",
)
_FRUSTRATION = phrase_pattern(FRUSTRATION)


@lru_cache(maxsize=4096)
def fed_up(text: str) -> str | None:
    """The phrase that says the resident is fed up, or None."""
    found = _FRUSTRATION.search(match_key(text or ""))
    return found.group(0) if found else None
