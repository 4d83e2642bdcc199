"""Vietnamese word segmentation with exact character offsets into the original text.

No Rasa import: the Rasa tokenizer component and the knowledge search both use it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from underthesea import word_tokenize

from nlu.normalize import fold, fold_char, match_key

MAX_COMPOUND = 4


@dataclass(frozen=True)
class Word:
    """One segmented word: its text as typed, where it stands, and its comparison key."""

    text: str
    start: int
    end: int
    key: str  # normalised, accent-folded syllables joined by "_" ("đăng ký" → "dang_ky")


def _nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC text plus, for each of its characters, the index it came from in `text`.

    Composing per base character keeps the map exact even when the input was decomposed (NFD).
    """
    out: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for char in unicodedata.normalize("NFC", text[i:j]):
            out.append(char)
            origin.append(i)
        i = j
    origin.append(len(text))
    return "".join(out), origin


def segment(text: str, compounds: frozenset[str] = frozenset()) -> list[Word]:
    """Words of `text` as underthesea segments them, each with offsets into `text` itself.

    underthesea may re-place tone marks ("hoà" → "hòa"), so syllables are located by their
    accent-folded form, which has the same length either way. Neighbouring words whose joined
    key is a known compound are merged, so "dang ky" segments like "đăng ký" does.
    """
    if not text or not text.strip():
        return []
    composed, origin = _nfc_with_offsets(text)
    folded = "".join(fold_char(c) for c in composed)
    found: list[Word] = []
    cursor = 0
    for word in _split_symbols(word_tokenize(composed)):
        spans = []
        for syllable in word.split():
            target = "".join(fold_char(c) for c in syllable)
            pos = folded.find(target, cursor)
            if pos < 0:
                break
            spans.append((pos, pos + len(target)))
            cursor = pos + len(target)
        if not spans:
            continue
        start, end = origin[spans[0][0]], origin[spans[-1][1]]
        syllables = [(match_key(s) or fold(s)).replace(" ", "_") for s in word.split()]
        found.append(Word(text[start:end], start, end, "_".join(syllables)))
    return _merge_compounds(text, found, compounds) if compounds else found


def _split_symbols(words: list[str]) -> list[str]:
    """Emoji and symbols the segmenter glued to a word ("Banking 😀") become words of their own."""
    out: list[str] = []
    for word in words:
        group: list[str] = []
        for syllable in word.split():
            if any(c.isalnum() for c in syllable):
                group.append(syllable)
                continue
            if group:
                out.append(" ".join(group))
                group = []
            out.append(syllable)
        if group:
            out.append(" ".join(group))
    return out


def _merge_compounds(text: str, found: list[Word], compounds: frozenset[str]) -> list[Word]:
    """Greedy longest merge of up to MAX_COMPOUND neighbouring words into known compounds."""
    merged: list[Word] = []
    i = 0
    while i < len(found):
        for j in range(min(len(found), i + MAX_COMPOUND), i + 1, -1):
            key = "_".join(w.key for w in found[i:j])
            if key in compounds:
                start, end = found[i].start, found[j - 1].end
                merged.append(Word(text[start:end], start, end, key))
                i = j
                break
        else:
            merged.append(found[i])
            i += 1
    return merged


def compound_keys(words: list[Word]) -> set[str]:
    """Keys of the multi-syllable words in a segmentation, to learn compounds from."""
    return {w.key for w in words if "_" in w.key}
