"""Retrieval over FAQ phrasings with the shared Vietnamese normaliser.

Each entry is indexed by its title and every question phrasing. Two TF-IDF spaces
(scikit-learn's TfidfVectorizer: small, exact, no model to download) are combined:
  - words: underthesea word segmentation, normalised and accent-folded ("dang_ky tam_tru"),
    unigrams and bigrams;
  - sounds: character n-grams of the text's sound keys, where spellings residents confuse
    (s/x, tr/ch, d/gi/r, l/n, i/y, n/ng, and tone marks) are merged.
An entry's similarity is its best phrasing's weighted cosine; `knowledge.calibration` turns
the best and second-best similarities into the probability that the top entry is right.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.calibration import Calibration, load_calibration
from knowledge.entries import Faq
from nlu.normalize import FILLERS, canonical, sound_text
from nlu.segmentation import segment


@dataclass(frozen=True)
class Hit:
    """One ranked entry: its similarity and the calibrated probability that it is the answer."""

    entry: Faq
    score: float
    similarity: float


@lru_cache(maxsize=50_000)
def word_terms(text: str) -> str:
    """Folded word keys of the segmented text without filler words ("dang_ky tam_tru").

    Cached: rebuilding the index after an edit re-reads mostly unchanged texts.
    """
    keys = [w.key for w in segment(canonical(text)) if any(c.isalnum() for c in w.key)]
    topical = [k for k in keys if not all(part in FILLERS for part in k.split("_"))]
    return " ".join(topical or keys)


@lru_cache(maxsize=50_000)
def sound_terms(text: str) -> str:
    """The text's sound keys without filler words."""
    return sound_text(canonical(text), drop_fillers=True)


class SearchIndex:
    """An immutable index over a list of entries; build a new one when entries change.

    An entry's similarity to a question mixes its best-matching phrasing, the mean over its
    phrasings (many phrasings agreeing beat one lucky match) and its answer text (the words
    an answer uses are often the words residents ask with). The mix is tuned by
    `python -m knowledge.calibrate`.
    """

    def __init__(self, entries: list[Faq], calibration: Calibration | None = None) -> None:
        self.entries = entries
        self.by_id = {entry.id: entry for entry in entries}
        self.calibration = tuning = calibration or load_calibration()
        self.word_weight, self.best_weight, self.answer_weight = tuning.word_weight, tuning.best_weight, tuning.answer_weight
        self.phrasings: list[str] = []
        owners = []
        for position, entry in enumerate(entries):
            for text in dict.fromkeys((entry.title, *entry.questions)):
                self.phrasings.append(text)
                owners.append(position)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.counts = np.bincount(self.owners, minlength=len(entries)).astype(float)
        self.starts = np.searchsorted(self.owners, np.arange(len(entries)))  # first phrasing of each entry
        self._words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")
        self._sounds = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        if self.phrasings:
            answers = [entry.answer for entry in entries]
            self._words.fit([word_terms(t) for t in self.phrasings + answers])
            self._sounds.fit([sound_terms(t) for t in self.phrasings + answers])
            self.phrasing_vectors = self._vectors(self.phrasings)
            self.answer_vectors = self._vectors(answers)
            # column-major copies: an inverted index, term → the documents that contain it
            self.phrasing_columns = tuple(m.tocsc() for m in self.phrasing_vectors)
            self.answer_columns = tuple(m.tocsc() for m in self.answer_vectors)

    def _vectors(self, texts: list[str]):
        return self._words.transform([word_terms(t) for t in texts]), self._sounds.transform([sound_terms(t) for t in texts])

    def _similarity(self, queries, documents, columns) -> np.ndarray:
        if queries[0].shape[0] == 1:
            # one question (the live path): read only the postings of the query's own terms
            words = columns[0][:, queries[0].indices] @ queries[0].data
            sounds = columns[1][:, queries[1].indices] @ queries[1].data
            return (self.word_weight * words + (1 - self.word_weight) * sounds)[np.newaxis, :]
        words = (queries[0] @ documents[0].T).toarray()
        return self.word_weight * words + (1 - self.word_weight) * (queries[1] @ documents[1].T).toarray()

    def similarities(self, queries: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Similarity of each query to each phrasing, and to each entry's answer."""
        vectors = self._vectors(queries)
        return (
            self._similarity(vectors, self.phrasing_vectors, self.phrasing_columns),
            self._similarity(vectors, self.answer_vectors, self.answer_columns),
        )

    def entry_scores(self, phrasing_row: np.ndarray, answer_row: np.ndarray, left_out: int | None = None) -> np.ndarray:
        """Each entry's similarity to one query (optionally with one phrasing left out of the index)."""
        row = np.clip(phrasing_row, 0.0, None)
        counts = self.counts
        if left_out is not None:
            row = row.copy()
            row[left_out] = 0.0
            counts = counts.copy()
            counts[self.owners[left_out]] -= 1
        # phrasings are stored entry by entry, so per-entry max and sum are segment reductions
        best = np.maximum.reduceat(row, self.starts)
        mean = np.add.reduceat(row, self.starts) / np.maximum(counts, 1.0)
        return self.best_weight * best + (1 - self.best_weight) * mean + self.answer_weight * answer_row

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The k best entries for a question, best first, each with its calibrated score."""
        if not self.entries or not query.strip():
            return []
        phrasing_rows, answer_rows = self.similarities([query])
        scores = self.entry_scores(phrasing_rows[0], answer_rows[0])
        order = np.argsort(-scores)[: max(k, 2)]
        top = float(scores[order[0]])
        second = float(scores[order[1]]) if len(order) > 1 else 0.0
        hits = []
        for rank, i in enumerate(order[:k]):
            similarity = float(scores[i])
            if similarity <= 0:
                break
            margin = similarity - (second if rank == 0 else top)
            hits.append(Hit(self.entries[i], self.calibration.probability(similarity, margin), similarity))
        return hits
