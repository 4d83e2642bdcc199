"""The intent classifier (runs in Rasa's virtualenv): messages without features do not crash it."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.nlu.classifier import TfidfLogisticRegressionClassifier, _features_of


def message(text: str, counts: list[int] | None) -> Message:
    msg = Message(data={TEXT: text})
    if counts is not None:
        row = scipy.sparse.coo_matrix(np.array([counts], dtype=float))
        msg.add_features(Features(row, FEATURE_TYPE_SENTENCE, TEXT, "cvf"))
        msg.add_features(Features(row, FEATURE_TYPE_SEQUENCE, TEXT, "cvf"))
    return msg


@pytest.fixture
def classifier(tmp_path):
    storage = LocalModelStorage(tmp_path)
    config = TfidfLogisticRegressionClassifier.get_default_config()
    component = TfidfLogisticRegressionClassifier.create(config, storage, Resource("clf"), ExecutionContext(None))
    x = scipy.sparse.csr_matrix(np.array([[1, 0, 0], [2, 0, 0], [0, 1, 1], [0, 2, 1]], dtype=float))
    component.clf.fit(x, ["greet", "greet", "emergency", "emergency"])
    return component


def test_a_message_without_features_gets_no_intent(classifier):
    punctuation, hello = message("??", None), message("chào", [1, 0, 0])
    classifier.process([punctuation, hello])
    assert punctuation.get("intent") == {"name": None, "confidence": 0.0}
    assert hello.get("intent")["name"] == "greet"


def test_a_message_of_unknown_words_only_gets_no_intent(classifier):
    unknown = message("qwzx", [0, 0, 0])
    classifier.process([unknown])
    assert unknown.get("intent")["name"] is None


def test_features_are_the_sentence_features_rasa_combines(classifier):
    # two featurizers (word and character counts), each with sentence and per-token features
    msg = Message(data={TEXT: "đăng ký"})
    for origin, row, tokens in (("words", [[1, 0, 2]], [[1, 0, 0], [0, 0, 2]]), ("chars", [[0, 3]], [[0, 1], [0, 2]])):
        msg.add_features(Features(scipy.sparse.coo_matrix(np.array(tokens, dtype=float)), FEATURE_TYPE_SEQUENCE, TEXT, origin))
        msg.add_features(Features(scipy.sparse.coo_matrix(np.array(row, dtype=float)), FEATURE_TYPE_SENTENCE, TEXT, origin))
    ours = _features_of(msg)
    rasas = super(TfidfLogisticRegressionClassifier, classifier)._create_X([msg])
    assert ours.toarray().tolist() == rasas.toarray().tolist() == [[1, 0, 2, 0, 3]]


def test_one_message_scoring_gives_sklearns_probabilities(tmp_path):
    # a realistic fit: sublinear TF-IDF + multinomial regression over two featurizers' columns
    rng = np.random.default_rng(7)
    storage = LocalModelStorage(tmp_path)
    config = TfidfLogisticRegressionClassifier.get_default_config()
    component = TfidfLogisticRegressionClassifier.create(config, storage, Resource("clf"), ExecutionContext(None))
    words, chars = 40, 60
    counts = rng.poisson(0.15, size=(120, words + chars)).astype(float)
    counts[np.arange(120), rng.integers(0, words + chars, 120)] += 1  # no empty message
    x = scipy.sparse.csr_matrix(counts)
    labels = [f"intent_{i % 5}" for i in range(120)]
    component.clf.fit(x, labels)
    messages = []
    for row in x.toarray()[:40]:
        msg = Message(data={TEXT: "…"})
        msg.add_features(Features(scipy.sparse.coo_matrix(row[None, :words]), FEATURE_TYPE_SENTENCE, TEXT, "words"))
        msg.add_features(Features(scipy.sparse.coo_matrix(row[None, words:]), FEATURE_TYPE_SENTENCE, TEXT, "chars"))
        messages.append(msg)
    component.process(messages)
    assert component._scorer() is not None  # the one-message path was the one taken
    expected = component.clf.predict_proba(x[:40])
    for msg, probabilities in zip(messages, expected):
        ranking = {e["name"]: e["confidence"] for e in msg.get("intent_ranking")}
        assert np.allclose([ranking[c] for c in component.clf.classes_], probabilities, rtol=0, atol=1e-12)
        assert msg.get("intent")["name"] == component.clf.classes_[probabilities.argmax()]
