"""Intent classifier: TF-IDF weighting of the featurizers' counts, then logistic regression.

Rasa's own LogisticRegressionClassifier feeds raw counts to a fixed C=1 model; on our small,
short Vietnamese messages, sublinear TF-IDF weighting and a tunable C classify better
(measured by `make eval-nlu`, see README). Everything else (features, ranking output,
persistence through skops) is Rasa's.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

# TfidfTransformer keeps its idf weights in a sparse matrix: data, not code.
SAFE_TYPES = {"scipy.sparse._csr.csr_matrix"}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Logistic regression on TF-IDF weighted sparse sentence features."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Rasa's defaults plus the regularisation strength and TF scaling."""
        return {**LogisticRegressionClassifier.get_default_config(), "C": 10.0, "sublinear_tf": True, "max_iter": 1000}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        """Builds the untrained sklearn pipeline."""
        super().__init__(config, name, model_storage, resource)
        self.clf = Pipeline(
            [
                ("tfidf", TfidfTransformer(sublinear_tf=self.config["sublinear_tf"])),
                (
                    "lr",
                    LogisticRegression(
                        C=self.config["C"],
                        solver=self.config["solver"],
                        max_iter=self.config["max_iter"],
                        tol=self.config["tol"],
                        random_state=self.config["random_state"],
                        class_weight="balanced",
                    ),
                ),
            ]
        )

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfLogisticRegressionClassifier:
        """Loads the fitted pipeline; fails loudly instead of serving an untrained model."""
        import skops.io as sio

        with model_storage.read_from(resource) as model_dir:
            path = model_dir / f"{resource.name}.skops"
            untrusted = set(sio.get_untrusted_types(file=path))
            if untrusted - SAFE_TYPES:
                raise ValueError(f"Refusing to load {path}: untrusted types {sorted(untrusted - SAFE_TYPES)}")
            component = cls(config, execution_context.node_name, model_storage, resource)
            component.clf = sio.load(path, trusted=sorted(untrusted))
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        """Classifies messages; one without any feature ("??", "…", only emoji) gets no intent
        (confidence 0, so the FallbackClassifier marks it not understood) instead of an error.

        Each message's features are combined once (Rasa's own process combines them again, and
        combining sparse features was a third of the NLU's CPU time per message)."""
        scorer = self._scorer()
        rows = []
        for message in messages:
            sparse = scorer and _sparse_sentence_row(message)
            if sparse is not None:  # the usual case: scored without building a sparse matrix
                if len(sparse[0]):
                    self._set_intent(message, scorer.probabilities(*sparse))
                else:
                    self._set_no_intent(message)
                continue
            rows.append((message, _features_of(message)))
        for message, features in rows:
            if features is None:
                self._set_no_intent(message)
        known = [(message, features) for message, features in rows if features is not None]
        if known:
            probabilities = self.clf.predict_proba(vstack([features for _, features in known]))
            for (message, _), row in zip(known, probabilities):
                self._set_intent(message, row)
        return messages

    def train(self, training_data: Any) -> Resource:
        """Rasa's training; the one-message scorer is rebuilt from the new weights."""
        self._row_scorer = None
        return super().train(training_data)

    def _scorer(self) -> Optional[_RowScorer]:
        """The fitted pipeline's arithmetic for one message at a time, or None if it is not fitted."""
        if getattr(self, "_row_scorer", None) is None and hasattr(self.clf[-1], "coef_"):
            self._row_scorer = _RowScorer.of(self.clf)
        return getattr(self, "_row_scorer", None)

    @staticmethod
    def _set_no_intent(message: Message) -> None:
        message.set("intent", {"name": None, "confidence": 0.0}, add_to_output=True)
        message.set("intent_ranking", [], add_to_output=True)

    def _set_intent(self, message: Message, probabilities: Any) -> None:
        """The top intent and the ranking, as Rasa's LogisticRegressionClassifier sets them."""
        ranking = sorted(
            ({"name": name, "confidence": confidence} for name, confidence in zip(self.clf.classes_, probabilities)),
            key=lambda e: -e["confidence"],
        )
        message.set("intent", ranking[0], add_to_output=True)
        if self.config[RANKING_LENGTH] > 0:
            ranking = ranking[: self.config[RANKING_LENGTH]]
        message.set("intent_ranking", ranking, add_to_output=True)


class _RowScorer:
    """TfidfTransformer then multinomial LogisticRegression, computed on one message's non-zero counts.

    sklearn validates and converts its input on every call, and the sparse row had first to be
    assembled from the featurizers' matrices: together a third of a parse (`make bench`, py-spy),
    for a dot product over a dozen non-zero columns. Same arithmetic, same probabilities (a test
    compares them with predict_proba on the training data)."""

    def __init__(self, tfidf: TfidfTransformer, lr: LogisticRegression) -> None:
        self.sublinear = tfidf.sublinear_tf
        self.idf = tfidf.idf_ if tfidf.use_idf else None
        self.norm = tfidf.norm
        self.coef, self.intercept = lr.coef_, lr.intercept_

    @classmethod
    def of(cls, pipeline: Pipeline) -> Optional[_RowScorer]:
        """A scorer for pipelines of exactly that shape (anything else keeps sklearn's own path)."""
        steps = [step for _, step in pipeline.steps]
        if len(steps) != 2 or not isinstance(steps[0], TfidfTransformer) or not isinstance(steps[1], LogisticRegression):
            return None
        lr = steps[1]
        multinomial = lr.multi_class == "multinomial" or (
            lr.multi_class == "auto" and len(lr.classes_) > 2 and lr.solver != "liblinear"
        )
        if not multinomial or steps[0].norm not in ("l2", "l1", None):
            return None
        return cls(steps[0], lr)

    def probabilities(self, columns: np.ndarray, counts: np.ndarray) -> np.ndarray:
        values = counts.astype(np.float64)
        if self.sublinear:
            values = np.log(values) + 1
        if self.idf is not None:
            values = values * self.idf[columns]
        if self.norm == "l2":
            length = np.sqrt(np.dot(values, values))
            values = values / length if length else values
        elif self.norm == "l1":
            length = np.abs(values).sum()
            values = values / length if length else values
        decision = self.coef[:, columns] @ values + self.intercept
        exp = np.exp(decision - decision.max())
        return exp / exp.sum()


def _sparse_sentence_row(message: Message) -> Optional[tuple[np.ndarray, np.ndarray]]:
    """(columns, counts) of the message's sentence features when all are sparse, in the order Rasa
    combines them; None if some are dense (then the sklearn path is taken)."""
    columns, counts, offset = [], [], 0
    for feature in message.features:
        if feature.attribute != TEXT or feature.type != FEATURE_TYPE_SENTENCE:
            continue
        if not feature.is_sparse():
            return None
        row = feature.features.tocoo()
        if len(np.unique(row.col)) != len(row.col):  # repeated coordinates add up: sklearn's path does that
            return None
        keep = row.data != 0
        columns.append(row.col[keep] + offset)
        counts.append(row.data[keep])
        offset += row.shape[-1]
    if not columns:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(columns), np.concatenate(counts)


def _features_of(message: Message) -> Optional[csr_matrix]:
    """The message's sentence features as one row (sparse, then dense; each in the featurizers'
    order, as Rasa combines them), or None if it has none. Only sentence features are read: Rasa's
    get_sparse_features would also combine the per-token sequence features, unused here."""
    sentence = [f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
    sparse = [f.features for f in sentence if f.is_sparse()]
    dense = [f.features for f in sentence if f.is_dense()]
    sparse_row = hstack(sparse) if sparse else None
    dense_row = np.concatenate(dense, axis=-1) if dense else None
    if not ((sparse_row is not None and sparse_row.shape[-1] and sparse_row.nnz) or (dense_row is not None and dense_row.size)):
        return None
    return hstack(
        [csr_matrix(sparse_row if sparse_row is not None else []), csr_matrix(dense_row if dense_row is not None else [])]
    )
