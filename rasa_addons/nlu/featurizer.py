"""Rasa's CountVectorsFeaturizer, with a message's counts made without sklearn's per-call machinery.

For each message Rasa's featurizer calls CountVectorizer.transform twice (once per token, once for
the sentence), each time building a CSR matrix, sorting it and converting it to COO: about a sixth of
Rasa's CPU per turn in `make bench` (py-spy), for a few dozen counts. This subclass reads the same
fitted vectorizer (its analyzer and vocabulary) and builds the same COO matrices directly; a token's
counts are remembered (tokens repeat from message to message), and for character n-grams within
words the sentence's counts are the sum of its tokens' (sklearn's `char_wb` takes each
whitespace-separated word apart). Same features, same dtype, same order: a test compares them with
sklearn's on the training data and on odd input. Training reads the same code.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

import numpy as np
import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from sklearn.feature_extraction.text import CountVectorizer

# Distinct tokens remembered per attribute (a few MB at most).
TOKEN_CACHE_SIZE = 50_000

Counts = Tuple[Tuple[int, int], ...]  # (column, count), by column


class _Counter:
    """One fitted CountVectorizer's counts for one document at a time."""

    def __init__(self, vectorizer: CountVectorizer) -> None:
        self.analyze: Callable[[str], List[str]] = vectorizer.build_analyzer()
        self.vocabulary: Dict[str, int] = vectorizer.vocabulary_
        self.width = len(self.vocabulary)
        self.dtype = vectorizer.dtype  # (Rasa never sets `binary`: counts are kept as they are)
        # the sentence's char_wb n-grams are its words' n-grams: sum the tokens' counts
        self.additive = vectorizer.analyzer == "char_wb"
        self.token = functools.lru_cache(maxsize=TOKEN_CACHE_SIZE)(self.document)

    def document(self, text: str) -> Counts:
        counts: Counter = Counter()
        vocabulary = self.vocabulary
        for feature in self.analyze(text):
            column = vocabulary.get(feature)
            if column is not None:
                counts[column] += 1
        return tuple(sorted(counts.items()))

    def sentence(self, tokens: List[str], per_token: List[Counts]) -> Counts:
        if not self.additive:
            return self.document(" ".join(tokens))
        total: Counter = Counter()
        for counts in per_token:
            for column, count in counts:
                total[column] += count
        return tuple(sorted(total.items()))

    def matrix(self, rows: List[Counts]) -> scipy.sparse.coo_matrix:
        """The COO matrix sklearn's transform, sort_indices and tocoo give for these rows."""
        row = [i for i, counts in enumerate(rows) for _ in counts]
        entries = [entry for counts in rows for entry in counts]
        return _coo(
            np.array(row, dtype=np.int32),
            np.array([column for column, _ in entries], dtype=np.int32),
            np.array([count for _, count in entries], dtype=self.dtype),
            (len(rows), self.width),
        )


def _coo(row: np.ndarray, col: np.ndarray, data: np.ndarray, shape: Tuple[int, int]) -> scipy.sparse.coo_matrix:
    """A COO matrix of arrays made above, without scipy's checks of them (its constructor's checks
    cost about as much as the rest of the featurizer; the tests compare every matrix with sklearn's)."""
    matrix = scipy.sparse.coo_matrix.__new__(scipy.sparse.coo_matrix)
    scipy.sparse.spmatrix.__init__(matrix)
    matrix._shape = shape
    matrix.row, matrix.col, matrix.data = row, col, data
    matrix.has_canonical_format = True  # sorted by row then column, no duplicates
    return matrix


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class FastCountVectorsFeaturizer(CountVectorsFeaturizer):
    """CountVectorsFeaturizer (same configuration, same features), faster per message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._counters: Dict[Text, Tuple[CountVectorizer, _Counter]] = {}

    def _counter(self, attribute: Text) -> Optional[_Counter]:
        vectorizer = (self.vectorizers or {}).get(attribute)
        if vectorizer is None or not hasattr(vectorizer, "vocabulary_"):
            return None
        known = self._counters.get(attribute)
        # training refits the vectorizers: a counter belongs to the vectorizer it was made from
        if known is None or known[0] is not vectorizer:
            known = self._counters[attribute] = (vectorizer, _Counter(vectorizer))
        return known[1]

    def _create_features(
        self, attribute: Text, all_tokens: List[List[Text]]
    ) -> Tuple[List[Optional[scipy.sparse.spmatrix]], List[Optional[scipy.sparse.spmatrix]]]:
        counter = self._counter(attribute)
        if counter is None:
            return super()._create_features(attribute, all_tokens)
        sequence_features: List[Optional[scipy.sparse.spmatrix]] = []
        sentence_features: List[Optional[scipy.sparse.spmatrix]] = []
        for tokens in all_tokens:
            if not tokens:
                sequence_features.append(None)
                sentence_features.append(None)
                continue
            per_token = [counter.token(token) for token in tokens]
            sequence_features.append(counter.matrix(per_token))
            if attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
                sentence_features.append(counter.matrix([counter.sentence(tokens, per_token)]))
            else:
                sentence_features.append(None)
        return sequence_features, sentence_features
