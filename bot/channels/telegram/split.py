"""Long replies cut into messages Telegram accepts (at most 4,096 characters each)."""

from __future__ import annotations

MAX_MESSAGE = 4096
# Tried in order: a paragraph break is the most natural place to cut, a space the least.
SEPARATORS = ("\n\n", "\n", " ")


def units(text: str) -> int:
    """The length Telegram counts: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """The text in order, in parts of at most `limit` units, cut at paragraph, line or word breaks."""
    parts: list[str] = []
    rest = text.strip()
    while units(rest) > limit:
        window = _fitting_prefix(rest, limit)
        cut, skip = _cut_point(window)
        part, rest = rest[:cut].rstrip(), rest[cut + skip :].lstrip()
        if part:
            parts.append(part)
    if rest:
        parts.append(rest)
    return parts


def _fitting_prefix(text: str, limit: int) -> str:
    """The longest prefix of `text` within `limit` units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return text[:index]
    return text


def _cut_point(window: str) -> tuple[int, int]:
    """Where to cut the window and how many separator characters to drop there."""
    # A break in the second half keeps parts large; else the latest break of any kind; else a hard cut.
    for separator in SEPARATORS:
        at = window.rfind(separator)
        if at >= len(window) // 2:
            return at, len(separator)
    candidates = [(window.rfind(s), len(s)) for s in SEPARATORS]
    at, skip = max(candidates)
    if at > 0:
        return at, skip
    return len(window), 0
