"""How a text becomes search terms: the word space's keys (segmented words and plain syllables), the sound
space's keys, neighbouring syllables, and their n-grams — each cached, since rebuilding the index after an
edit re-reads mostly unchanged texts (knowledge.index).
"""

from __future__ import annotations

from functools import lru_cache

from sklearn.feature_extraction.text import TfidfVectorizer

from nlu.normalize import FILLERS, canonical, content_words, match_key, sound_text
from nlu.segmentation import segment


@lru_cache(maxsize=50_000)
def segmented_terms(text: str) -> str:
    """Folded word keys of the segmented text without filler words ("dang_ky tam_tru")."""
    keys = [w.key for w in segment(canonical(text)) if any(c.isalnum() for c in w.key)]
    topical = [k for k in keys if not all(part in FILLERS for part in k.split("_"))]
    return " ".join(topical or keys)


@lru_cache(maxsize=50_000)
def syllable_terms(text: str) -> str:
    """Folded syllables without filler words ("dang ky tam tru"), whatever the segmenter made of them."""
    return " ".join(content_words(match_key(canonical(text)).split()))


@lru_cache(maxsize=50_000)
def word_terms(text: str) -> str:
    """The word-space terms: segmented keys, then plain syllables.

    Cached: rebuilding the index after an edit re-reads mostly unchanged texts.
    """
    segmented, syllables = segmented_terms(text), syllable_terms(text)
    return segmented if segmented == syllables else f"{segmented} {syllables}"


@lru_cache(maxsize=50_000)
def syllable_pairs(text: str) -> frozenset[str]:
    """Neighbouring content syllables of a text ("ho_chieu", "tam_tru")."""
    syllables = syllable_terms(text).split()
    return frozenset(f"{a}_{b}" for a, b in zip(syllables, syllables[1:]))


@lru_cache(maxsize=50_000)
def sound_terms(text: str) -> str:
    """The text's sound keys without filler words."""
    return sound_text(canonical(text), drop_fillers=True)


# n-grams of a text's terms, cached: rebuilding the index after an edit re-reads mostly unchanged texts
word_grams = lru_cache(maxsize=50_000)(TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"\S+").build_analyzer())
sound_grams = lru_cache(maxsize=50_000)(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4)).build_analyzer())
