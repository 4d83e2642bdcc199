"""Retrieval over FAQ phrasings with the shared Vietnamese normaliser.

Each entry is indexed by its title and every question phrasing, as normalised,
accent-folded text. Two TF-IDF spaces (scikit-learn) are combined: word-segmented terms
(unigrams and bigrams of underthesea words) and character n-grams, which forgive typos and
missing tone marks. An entry's score is its best phrasing's cosine similarity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.entries import Entry
from nlu.normalize import match_key
from nlu.segmentation import segment

WORD_WEIGHT = 0.5


@dataclass(frozen=True)
class Hit:
    """One ranked entry and how well it matched."""

    entry: Entry
    score: float


def word_terms(text: str) -> str:
    """Folded word keys of the segmented text, space-separated ("dang_ky tam_tru")."""
    return " ".join(w.key for w in segment(text) if any(c.isalnum() for c in w.key))


class SearchIndex:
    """An immutable index over a list of entries; build a new one when entries change."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        phrasings, owners = [], []
        for position, entry in enumerate(entries):
            for text in (entry.title, *entry.questions):
                phrasings.append(text)
                owners.append(position)
        self._owners = np.asarray(owners, dtype=np.int64)
        self._words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        if phrasings:
            self._word_matrix = self._words.fit_transform([word_terms(p) for p in phrasings])
            self._char_matrix = self._chars.fit_transform([match_key(p) for p in phrasings])

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The k best entries for a question, best first."""
        if not self.entries or not query.strip():
            return []
        words = self._words.transform([word_terms(query)])
        chars = self._chars.transform([match_key(query)])
        scores = WORD_WEIGHT * (self._word_matrix @ words.T).toarray().ravel()
        scores += (1 - WORD_WEIGHT) * (self._char_matrix @ chars.T).toarray().ravel()
        best = np.zeros(len(self.entries))
        np.maximum.at(best, self._owners, scores)
        order = np.argsort(-best)[:k]
        return [Hit(self.entries[i], float(best[i])) for i in order if best[i] > 0]
