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
from collections.abc import Callable, Container
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.calibration import Calibration, load_calibration
from knowledge.entries import Faq
from knowledge.features import judge_features
from knowledge.terms import sound_grams, sound_terms, syllable_pairs, syllable_terms, word_grams, word_terms

if TYPE_CHECKING:
    from numpy.typing import NDArray

CANDIDATES = 20  # entries the first stage hands to the reranker


@dataclass(frozen=True)
class Hit:
    """One ranked entry: its similarity and the calibrated probability that it is the answer."""

    entry: Faq
    score: float
    similarity: float


def _column_product(matrix: Any, columns: NDArray[np.int64], weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """matrix[:, columns] @ weights for a CSC matrix, to the last bit: bincount adds up each row's products
    in the order of `columns`, as scipy's product does.

    When the columns hold few cells (the word space), they are read straight from the CSC arrays: scipy's
    fancy column indexing then costs far more than the arithmetic. With many cells (the sound space of a
    large index), scipy's single C loop beats numpy's several passes.

    `matrix` is a scipy.sparse csc_matrix (scipy has no type information, so Any).
    """
    starts = matrix.indptr[columns]
    lengths = matrix.indptr[columns + 1] - starts
    total = int(lengths.sum())
    if total > 20_000:
        product: NDArray[np.float64] = matrix[:, columns] @ weights  # sparse @ dense vector: a float ndarray
        return product
    cells = np.arange(total) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    products = np.take(matrix.data, cells) * np.repeat(weights, lengths)  # np.take: cheaper than fancy indexing
    # numpy's stub types bincount as NDArray[intp] whatever the weights; with float weights it returns float64
    return np.bincount(np.take(matrix.indices, cells), weights=products, minlength=matrix.shape[0])  # type: ignore[return-value]


def _sums_in_order(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Sums along the last axis, added left to right like Python's sum (np.sum's pairwise order changes the last bits)."""
    return np.cumsum(values, axis=-1)[..., -1]


class _Space:
    """One TF-IDF space (sublinear tf, l2 rows) with a fast path for a single question."""

    def __init__(self, grams: Callable[[str], list[str]]) -> None:
        self._vectorizer = TfidfVectorizer(analyzer=grams, sublinear_tf=True)
        self._grams = grams

    def fit(self, texts: list[str]) -> Any:
        """The texts' vectors (a scipy.sparse csr_matrix: no type information, so Any); the vocabulary and IDF
        are learnt from them."""
        matrix = self._vectorizer.fit_transform(texts).tocsr()
        self._vocabulary: dict[str, int] = self._vectorizer.vocabulary_
        self._idf: NDArray[np.float64] = self._vectorizer.idf_
        return matrix

    def vector(self, text: str) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """A question's vector as (term columns, weights), terms unknown to the index left out."""
        vocabulary = self._vocabulary
        counts = Counter([vocabulary[g] for g in self._grams(text) if g in vocabulary])
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * self._idf[columns]
        return columns, weights / np.linalg.norm(weights)


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
        self.counts: NDArray[np.float64] = np.bincount(self.owners, minlength=len(entries)).astype(float)
        self.starts = np.searchsorted(self.owners, np.arange(len(entries)))  # first phrasing of each entry
        self._spaces = (_Space(word_grams), _Space(sound_grams))
        if self.phrasings:
            answers = [entry.full_text() for entry in entries]
            texts = self.phrasings + answers
            words, sounds = (
                space.fit([terms(t) for t in texts]) for space, terms in zip(self._spaces, (word_terms, sound_terms))
            )
            # column-major: an inverted index, term → the documents that contain it
            # (phrasings first, then answers: one slice per space and question)
            self.columns = words.tocsc(), sounds.tocsc()
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
        # neighbouring syllables ("ho chieu", "tam tru"): a question that shares none with an entry is rarely about it
        self.pairs: list[set[str]] = [set() for _ in range(n)]
        for text, owner in zip(self.phrasings + answers, [*self.owners.tolist(), *range(n)]):
            self.pairs[owner].update(syllable_pairs(text))
        self.idf: list[dict[str, float]] = []
        for space in (0, 1):
            df = Counter(term for terms in self.told[space] for term in terms)
            self.idf.append({term: float(np.log((n + 1) / (count + 1)) + 1) for term, count in df.items()})
        self.unseen_idf = float(np.log(n + 1) + 1)
        # the same vocabularies term by term: the entries that use a term, 2 when a phrasing does, 1 when only the
        # answer does; so the candidates' coverages are a few array operations, not a set lookup per candidate and term
        self.users: list[dict[str, tuple[np.ndarray, np.ndarray]]] = []
        for space in (0, 1):
            column = {term: i for i, term in enumerate(self.idf[space])}
            # one number per (term, entry) pair of each vocabulary; asked ⊆ told, so a pair seen twice is asked
            pairs = np.concatenate(
                [
                    np.fromiter(map(column.__getitem__, chain.from_iterable(vocabularies)), dtype=np.intp) * n
                    + np.repeat(np.arange(n), [len(terms) for terms in vocabularies])
                    for vocabularies in (self.told[space], self.asked[space])
                ]
            )
            pairs, uses = np.unique(pairs, return_counts=True)
            bounds = np.searchsorted(pairs, np.arange(len(column) + 1) * n).tolist()
            entries, uses = pairs % n, uses.astype(np.int8)
            self.users.append({term: (entries[a:b], uses[a:b]) for term, a, b in zip(column, bounds, bounds[1:])})

    def _rows(self, query: str) -> tuple[NDArray[np.float64], ...]:
        """Word and sound cosines of a question to every phrasing, then to every answer.

        Only the postings of the question's own terms are read (the column-major copies).
        """
        n = len(self.phrasings)
        words, sounds = (
            _column_product(columns, *space.vector(terms(query)))
            for columns, space, terms in zip(self.columns, self._spaces, (word_terms, sound_terms))
        )
        return words[:n], sounds[:n], words[n:], sounds[n:]

    def base_scores(self, rows: tuple[NDArray[np.float64], ...]) -> NDArray[np.float64]:
        """The first stage: each entry's weighted mix of best phrasing, mean of phrasings and answer."""
        phrasing_words, phrasing_sounds, answer_words, answer_sounds = rows
        row = np.clip(self.word_weight * phrasing_words + (1 - self.word_weight) * phrasing_sounds, 0.0, None)
        answer = self.word_weight * answer_words + (1 - self.word_weight) * answer_sounds
        # phrasings are stored entry by entry, so per-entry max and sum are segment reductions
        best: NDArray[np.float64] = np.maximum.reduceat(row, self.starts)
        mean: NDArray[np.float64] = np.add.reduceat(row, self.starts) / self.counts
        return self.best_weight * best + (1 - self.best_weight) * mean + self.answer_weight * answer

    def weights(self, terms: set[str], space: int) -> tuple[dict[str, float], float]:
        """A question's terms with their IDF over entries (terms no entry uses weigh most), and the total."""
        idf = self.idf[space]
        weights = {term: idf.get(term, self.unseen_idf) for term in terms}
        return weights, sum(weights.values()) or 1.0

    @staticmethod
    def missing(weighted: tuple[dict[str, float], float], vocabulary: Container[str]) -> float:
        """The weight of the most telling question term absent from a vocabulary, relative to the most telling term."""
        weights, _ = weighted
        if not weights:
            return 0.0
        return max((w for term, w in weights.items() if term not in vocabulary), default=0.0) / max(weights.values())

    @staticmethod
    def coverage(weighted: tuple[dict[str, float], float], vocabulary: Container[str]) -> float:
        """The IDF-weighted share of a question's terms found in a vocabulary."""
        weights, total = weighted
        return sum(w for term, w in weights.items() if term in vocabulary) / total

    def _phrasing_stats(self, cosines: NDArray[np.float64], chosen: NDArray[np.intp]) -> tuple[NDArray[np.float64], ...]:
        """Each chosen entry's best phrasing cosine, mean over its phrasings and mean of its three best,
        for each row of cosines (words, sounds).

        The entries' phrasings are laid out as a padded table, sorted row by row, and added in ascending
        order like the sorted Python lists this replaces: the features stay the same to the last bit.
        """
        sizes = self.counts[chosen]
        offsets = np.arange(max(3, int(sizes.max())))
        real = offsets < sizes[:, None]
        table = np.where(real, cosines[:, np.where(real, self.starts[chosen][:, None] + offsets, 0)], -np.inf)
        table.sort(axis=-1)
        table[:, ~real[:, ::-1]] = 0.0  # the padding, sorted first: zeros leave the ordered sums as they were
        return table[..., -1], _sums_in_order(table) / sizes, _sums_in_order(table[..., -3:]) / np.minimum(sizes, 3)

    def _coverages(
        self, words: tuple[dict[str, float], float], sounds: tuple[dict[str, float], float], chosen: NDArray[np.intp]
    ) -> tuple[NDArray[np.float64], ...]:
        """For each chosen entry, what `coverage` gives for its phrasings' vocabulary and for its whole one, in
        each space (rows: words, sounds), and `missing` for its whole word vocabulary.

        The same numbers to the last bit: both spaces' terms go in one table, each space's right-aligned, so
        the sums run in the question's term order after zeros, which change nothing.
        """
        width = max(len(words[0]), len(sounds[0]), 1)
        values = np.zeros((2, width))
        uses = np.zeros((len(self.entries), 2, width), dtype=np.int8)  # 2: a phrasing uses the term, 1: only the answer
        for space, (weights, _) in enumerate((words, sounds)):
            first = width - len(weights)
            values[space, first:] = list(weights.values())
            users = self.users[space]
            for column, term in enumerate(weights, start=first):
                if term in users:  # a term no entry uses is in no vocabulary
                    entries, use = users[term]
                    uses[entries, space, column] = use
        uses = uses[chosen]
        totals = np.array([words[1], sounds[1]])
        # the weights of the terms a phrasing uses (2), then of those the phrasings or the answer use (1 or 2)
        found = np.where(uses >= np.array([2, 1]).reshape(2, 1, 1, 1), values, 0.0)
        asked, told = (_sums_in_order(found) / totals).transpose(0, 2, 1)
        if not words[0]:
            return asked, told, np.zeros(len(chosen))
        # IDF weights are at least 1, so a 0 stands for "no term missing" as missing's default does
        missing = np.where(uses[:, 0] > 0, 0.0, values[0]).max(axis=1) / values[0].max()
        return asked, told, missing

    def candidates(self, query: str) -> tuple[NDArray[np.intp], NDArray[np.float64], dict[str, float]]:
        """The first stage's best entries, the reranker's features for each, and features of the question itself."""
        rows = self._rows(query)
        base = self.base_scores(rows)
        n = min(CANDIDATES, len(self.entries))
        chosen = np.argpartition(-base, n - 1)[:n] if n < len(base) else np.arange(len(base))
        chosen = chosen[np.argsort(-base[chosen], kind="stable")]
        phrasing_words, phrasing_sounds, answer_words, answer_sounds = rows
        words = self.weights(set(word_terms(query).split()), 0)
        sounds = self.weights(set(sound_terms(query).split()), 1)
        pairs = syllable_pairs(query)
        # all candidates at once: a Python loop per candidate and term was half the search's time
        (best_words, best_sounds), (mean_words, mean_sounds), (top3_words, top3_sounds) = self._phrasing_stats(
            np.stack((phrasing_words, phrasing_sounds)), chosen
        )
        (cover_words, cover_sounds), (cover_words_answer, cover_sounds_answer), missing_words = self._coverages(
            words, sounds, chosen
        )
        cover_pairs = [len(pairs & self.pairs[entry]) / len(pairs) if pairs else 0.0 for entry in chosen.tolist()]
        features = np.column_stack(
            (
                base[chosen],
                best_words,
                best_sounds,
                mean_words,
                mean_sounds,
                top3_words,
                top3_sounds,
                answer_words[chosen],
                answer_sounds[chosen],
                cover_words,
                cover_sounds,
                cover_words_answer,
                cover_sounds_answer,
                base[chosen] - base[chosen[0]],
                missing_words,
                cover_pairs,
            )
        )
        # a question about something else uses words no entry uses
        syllables = set(syllable_terms(query).split())
        about = {
            "known_words": self.coverage(words, self.idf[0]),
            "known_syllables": self.coverage(self.weights(syllables, 0), self.idf[0]),
            "known_sounds": self.coverage(sounds, self.idf[1]),
            "unknown_syllables": float(
                min(3, len(syllables.difference(self.idf[0])))
            ),  # not `- keys()`, which walks the whole vocabulary
            "domain": self.domain(query),
        }
        return chosen, features, about

    def domain(self, query: str) -> float:
        """How much the question's words sound like a question for the knowledge base (calibration's lexicon)."""
        lexicon = self.calibration.domain
        if not lexicon:
            return 0.0
        return lexicon[""] + sum(lexicon.get(term, 0.0) for term in set(word_grams(word_terms(query))))

    def rerank(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """The reranker's score of each candidate, in [0, 1]."""
        weights = self.calibration.rerank
        if not weights:
            return np.clip(features[:, 0], 0.0, 1.0)
        z: NDArray[np.float64] = features @ np.asarray(weights[1:]) + weights[0]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The k best entries for a question, best first, each with its calibrated score."""
        if not self.entries or not query.strip():
            return []
        chosen, features, about = self.candidates(query)
        similarities = self.rerank(features)
        order = np.argsort(-similarities, kind="stable")
        hits: list[Hit] = []
        for rank, i in enumerate(order):
            if len(hits) == k:
                break
            if features[i, 0] <= 0:
                continue  # shares nothing with the question
            score = self.calibration.probability(judge_features(similarities, order, features, about, rank))
            hits.append(Hit(self.entries[chosen[i]], min(score, hits[-1].score) if hits else score, float(similarities[i])))
        return hits
