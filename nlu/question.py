"""Finds the question in a long message that tells a story first.

Residents often write three or four sentences of context ("Năm ngoái tôi chuyển về đây ở với con gái…")
before the one clause that asks something ("…giờ tôi muốn đăng ký tạm trú thì làm ở đâu?"). The story's
words then outweigh the question's in any bag-of-words comparison. `find_question` returns that clause
(with the sentence before it, which usually names its topic), so the search can
weigh it; the whole message is still searched too. No Rasa import: usable from both virtualenvs.
"""

from __future__ import annotations

import re

from nlu.normalize import match_key

# A message shorter than this (in words) is a question on its own.
LONG_MESSAGE_WORDS = 22

# Sentence and clause ends: punctuation, and the words speech-to-text runs sentences together with.
_SENTENCES = re.compile(
    r"[.!?;\n…]+|,\s+(?=(?:nhưng|mà|giờ|bây giờ|vậy|thì|nên|cho (?:tôi|tui|bác|em|con|hỏi))\b)", re.IGNORECASE
)
# Words that make a clause a question (accent-folded, teencode expanded): asked what, how, where, how much…
_CUES = re.compile(
    r"\b(?:gi|sao|nao|dau|bao nhieu|bao lau|may|khong|chua|the nao|nhu the nao|lam sao|cach|duoc khong|co phai"
    r"|hay khong|o dau|khi nao|bao gio|ai|muon hoi|cho hoi|hoi|can|phai)\b"
)


def sentences(text: str) -> list[str]:
    """The message cut into sentences (punctuation, line breaks, and "nhưng", "giờ"… after a comma)."""
    return [s.strip() for s in _SENTENCES.split(text or "") if s and s.strip()]


def is_long(text: str) -> bool:
    """True if the message is long enough to hide its question in a story."""
    return len((text or "").split()) >= LONG_MESSAGE_WORDS


def find_question(text: str) -> str | None:
    """The clause that asks the question in a long message (None for a short one, or if none asks).

    The last sentence with a question cue wins: residents tell the story first and ask last.
    """
    if not is_long(text):
        return None
    parts = sentences(text)
    for index in range(len(parts) - 1, -1, -1):
        if not _CUES.search(match_key(parts[index])):
            continue
        # the sentence before it comes along: "Làm online thì lệ phí bao nhiêu?" names no topic, the
        # sentence before it ("Tôi muốn chuyển thường trú…") does
        question = f"{parts[index - 1]}. {parts[index]}" if index > 0 else parts[index]
        return question if len(question.split()) < len(text.split()) else None
    return None
