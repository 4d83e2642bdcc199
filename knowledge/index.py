"""Retrieval over FAQ phrasings with the shared Vietnamese normaliser.

Each entry is indexed by its title, every question phrasing and its answer text. Two TF-IDF
spaces (scikit-learn's TfidfVectorizer: small, exact, no model to download) are combined:
  - words: underthesea word segmentation, normalised and accent-folded ("dang_ky tam_tru"),
    plus the plain folded syllables ("dang ky tam tru"), so a question typed without accents,
    which the segmenter splits differently, still meets the same terms; unigrams and bigrams;
  - sounds: character n-grams of the text's sound keys, where spellings residents confuse
    (s/x, tr/ch, d/gi/r, l/n, i/y, n/ng, and tone marks) are merged.

Search runs in two stages. A weighted mix of cosines (best phrasing, mean of phrasings,
answer text) picks the candidates; a linear reranker then orders them on richer features
of each (question, entry) pair: word and sound cosines kept apart, the mean of the three
closest phrasings, and how much of the question's vocabulary (IDF-weighted) the entry's own
phrasings and answer use — which is what tells sibling entries apart (passport fee / time /
steps) and what an out-of-scope question lacks. The reranker's weights are global, fitted
offline by `python -m knowledge.calibrate`, so an edit needs no training: the index is only
rebuilt. `knowledge.calibration` turns the reranked top score, its margin and the question's
coverage into the probability that the top entry is right.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.calibration import Calibration, load_calibration
from knowledge.entries import Faq
from nlu.normalize import FILLERS, canonical, content_words, match_key, sound_text
from nlu.segmentation import segment

CANDIDATES = 20  # entries the first stage hands to the reranker
# the reranker's features of one (question, entry) pair, in the order of Calibration.rerank
FEATURES = (
    "base", "best_words", "best_sounds", "mean_words", "mean_sounds", "top3_words", "top3_sounds",
    "answer_words", "answer_sounds", "cover_words", "cover_sounds", "cover_words_answer", "cover_sounds_answer", "gap",
)
COVERAGE = FEATURES.index("cover_sounds_answer")  # how much of the question the top entry speaks to


@dataclass(frozen=True)
class Hit:
    """One ranked entry: its similarity and the calibrated probability that it is the answer."""

    entry: Faq
    score: float
    similarity: float


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
def sound_terms(text: str) -> str:
    """The text's sound keys without filler words."""
    return sound_text(canonical(text), drop_fillers=True)


class SearchIndex:
    """An immutable index over a list of entries; build a new one when entries change.

    An entry's first-stage similarity mixes its best-matching phrasing, the mean over its
    phrasings (many phrasings agreeing beat one lucky match) and its answer text (the words
    an answer uses are often the words residents ask with). The mix, the reranker and the
    calibration are fitted by `python -m knowledge.calibrate`.
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
            self._vocabularies(answers)

    def _vocabularies(self, answers: list[str]) -> None:
        """Each entry's word and sound terms (its phrasings; and with its answer), and their IDF over entries."""
        n = len(self.entries)
        self.asked: tuple[list[set[str]], list[set[str]]] = ([set() for _ in range(n)], [set() for _ in range(n)])
        for text, owner in zip(self.phrasings, self.owners):
            self.asked[0][owner].update(word_terms(text).split())
            self.asked[1][owner].update(sound_terms(text).split())
        self.told = tuple(
            [asked | set(terms(answer).split()) for asked, answer in zip(self.asked[space], answers)]
            for space, terms in enumerate((word_terms, sound_terms))
        )
        self.idf: list[dict[str, float]] = []
        for space in (0, 1):
            df = Counter(term for terms in self.told[space] for term in terms)
            self.idf.append({term: float(np.log((n + 1) / (count + 1)) + 1) for term, count in df.items()})
        self.unseen_idf = float(np.log(n + 1) + 1)

    def _vectors(self, texts: list[str]):
        return self._words.transform([word_terms(t) for t in texts]), self._sounds.transform([sound_terms(t) for t in texts])

    @staticmethod
    def _cosines(query, documents, columns) -> np.ndarray:
        """Cosine of one query vector (1 row) to every document, reading only the query's own terms' postings."""
        return columns[:, query.indices] @ query.data

    def _rows(self, query: str) -> tuple[np.ndarray, ...]:
        """Word and sound cosines of a question to every phrasing, then to every answer."""
        words, sounds = self._vectors([query])
        return (
            self._cosines(words, self.phrasing_vectors[0], self.phrasing_columns[0]),
            self._cosines(sounds, self.phrasing_vectors[1], self.phrasing_columns[1]),
            self._cosines(words, self.answer_vectors[0], self.answer_columns[0]),
            self._cosines(sounds, self.answer_vectors[1], self.answer_columns[1]),
        )

    def base_scores(self, rows: tuple[np.ndarray, ...], left_out: int | None = None) -> np.ndarray:
        """The first stage: each entry's weighted mix of best phrasing, mean of phrasings and answer."""
        phrasing_words, phrasing_sounds, answer_words, answer_sounds = rows
        row = np.clip(self.word_weight * phrasing_words + (1 - self.word_weight) * phrasing_sounds, 0.0, None)
        answer = self.word_weight * answer_words + (1 - self.word_weight) * answer_sounds
        counts = self.counts
        if left_out is not None:
            row[left_out] = 0.0
            counts = counts.copy()
            counts[self.owners[left_out]] -= 1
        # phrasings are stored entry by entry, so per-entry max and sum are segment reductions
        best = np.maximum.reduceat(row, self.starts)
        mean = np.add.reduceat(row, self.starts) / np.maximum(counts, 1.0)
        return self.best_weight * best + (1 - self.best_weight) * mean + self.answer_weight * answer

    def coverage(self, terms: set[str], vocabulary: set[str], space: int) -> float:
        """The IDF-weighted share of a question's terms found in a vocabulary (terms nobody uses weigh most)."""
        if not terms:
            return 0.0
        idf = self.idf[space]
        weights = {term: idf.get(term, self.unseen_idf) for term in terms}
        return sum(w for term, w in weights.items() if term in vocabulary) / sum(weights.values())

    def candidates(self, query: str, left_out: int | None = None) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
        """The first stage's best entries, the reranker's features for each, and features of the question itself."""
        rows = self._rows(query)
        if left_out is not None:
            rows = tuple(r.copy() for r in rows)
            rows[0][left_out] = rows[1][left_out] = 0.0
        base = self.base_scores(rows, left_out)
        n = min(CANDIDATES, len(self.entries))
        chosen = np.argpartition(-base, n - 1)[:n] if n < len(base) else np.arange(len(base))
        chosen = chosen[np.argsort(-base[chosen], kind="stable")]
        phrasing_words, phrasing_sounds, answer_words, answer_sounds = rows
        words, sounds = set(word_terms(query).split()), set(sound_terms(query).split())
        features = np.empty((len(chosen), len(FEATURES)))
        for k, entry in enumerate(chosen):
            span = slice(self.starts[entry], self.starts[entry] + int(self.counts[entry]))
            w, s = phrasing_words[span], phrasing_sounds[span]
            if left_out is not None and span.start <= left_out < span.stop:
                keep = np.arange(span.start, span.stop) != left_out
                w, s = w[keep], s[keep]
            if not len(w):
                w = s = np.zeros(1)
            features[k] = (
                base[entry], w.max(), s.max(), w.mean(), s.mean(), np.sort(w)[-3:].mean(), np.sort(s)[-3:].mean(),
                answer_words[entry], answer_sounds[entry],
                self.coverage(words, self.asked[0][entry], 0), self.coverage(sounds, self.asked[1][entry], 1),
                self.coverage(words, self.told[0][entry], 0), self.coverage(sounds, self.told[1][entry], 1),
                base[entry] - base[chosen[0]],
            )
        known = self.coverage(sounds, self.idf[1].keys(), 1)  # a question about something else uses unknown words
        return chosen, features, {"known": known}

    def rerank(self, features: np.ndarray) -> np.ndarray:
        """The reranker's score of each candidate, in [0, 1]."""
        weights = self.calibration.rerank
        if not weights:
            return np.clip(features[:, 0], 0.0, 1.0)
        z = features @ np.asarray(weights[1:]) + weights[0]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The k best entries for a question, best first, each with its calibrated score."""
        if not self.entries or not query.strip():
            return []
        chosen, features, asked = self.candidates(query)
        similarities = self.rerank(features)
        order = np.argsort(-similarities, kind="stable")
        top = float(similarities[order[0]])
        second = float(similarities[order[1]]) if len(order) > 1 else 0.0
        hits: list[Hit] = []
        for i in order:
            if len(hits) == k:
                break
            if features[i, 0] <= 0:
                continue  # shares nothing with the question
            similarity = float(similarities[i])
            margin = similarity - (second if not hits else top)
            score = self.calibration.probability(similarity, margin, features[i, COVERAGE], asked["known"])
            hits.append(Hit(self.entries[chosen[i]], min(score, hits[-1].score) if hits else score, similarity))
        return hits
