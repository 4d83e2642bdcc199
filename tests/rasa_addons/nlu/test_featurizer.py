"""Our count-vectors featurizer gives exactly Rasa's features (runs in Rasa's virtualenv)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.nlu.featurizer import FastCountVectorsFeaturizer
from rasa_addons.nlu.tokenizer import VietnameseTokenizer

ROOT = Path(__file__).resolve().parents[3]

# the two featurizers of config.yml, and settings that take other paths (lowercase and accents,
# an OOV token, a shared vocabulary across attributes)
CONFIGS = [
    {"analyzer": "word", "max_ngram": 2},
    {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5},
    {"analyzer": "char", "min_ngram": 1, "max_ngram": 3, "lowercase": False, "strip_accents": "unicode"},
    {"analyzer": "word", "OOV_token": "oov", "OOV_words": ["zalo"], "use_shared_vocab": True},
]

ODD = [
    "ĐĂNG KÝ TẠM TRÚ 2024 ở đâu??",
    "dang ky tam tru",
    "dk tạm trú ko đc",
    "a",
    "😀 😀 😀",
    "İstanbul ǅ ß",
    "số 0912345678 và 079123456789",
    "<script>alert(1)</script>",
    "x" * 300,
    "tạm  trú\ttạm\ntrú",
    "zalo zalo",
]


@pytest.fixture(scope="module")
def training_data():
    importer = RasaFileImporter(training_data_paths=[str(ROOT / "nlu" / "data")])
    return importer.get_nlu_data()


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory, training_data):
    storage = LocalModelStorage(tmp_path_factory.mktemp("tokenizer"))
    tokenizer = VietnameseTokenizer.create(
        VietnameseTokenizer.get_default_config(), storage, Resource("tokenizer"), ExecutionContext(GraphSchema({}))
    )
    tokenizer.train(training_data)
    tokenizer.process_training_data(training_data)
    return tokenizer


def trained(cls, config, training_data, tmp_path):
    (tmp_path / cls.__name__).mkdir(exist_ok=True)
    component = cls.create(
        {**cls.get_default_config(), **config},
        LocalModelStorage(tmp_path / cls.__name__),
        Resource("cvf"),
        ExecutionContext(GraphSchema({})),
    )
    component.train(training_data)
    return component


def features(component, tokenizer, texts):
    messages = [Message.build(text=text) for text in texts]
    tokenizer.process(messages)
    component.process(messages)
    return [(m.get_sparse_features(TEXT)) for m in messages]


def same(a, b) -> None:
    assert (a is None) == (b is None)
    if a is None:
        return
    x, y = a.features, b.features
    assert x.format == y.format == "coo"
    assert x.shape == y.shape and x.dtype == y.dtype
    # same entries in the same order, not only the same dense matrix
    assert np.array_equal(x.row, y.row) and np.array_equal(x.col, y.col) and np.array_equal(x.data, y.data)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c["analyzer"] + ("-oov" if "OOV_token" in c else ""))
def test_same_features_as_rasas_featurizer(config, training_data, tokenizer, tmp_path):
    rasas = trained(CountVectorsFeaturizer, config, training_data, tmp_path)
    ours = trained(FastCountVectorsFeaturizer, config, training_data, tmp_path)
    assert rasas.vectorizers[TEXT].vocabulary_ == ours.vectorizers[TEXT].vocabulary_
    texts = [m.get(TEXT) for m in training_data.intent_examples][::5] + ODD
    for _text, (seq_a, sent_a), (seq_b, sent_b) in zip(
        texts, features(rasas, tokenizer, texts), features(ours, tokenizer, texts)
    ):
        same(seq_a, seq_b), same(sent_a, sent_b)
    # twice over: the remembered token counts give the same answer
    again = features(ours, tokenizer, ODD)
    for (seq_a, sent_a), (seq_b, sent_b) in zip(features(rasas, tokenizer, ODD), again):
        same(seq_a, seq_b), same(sent_a, sent_b)


def test_training_features_are_rasas_too(training_data, tokenizer, tmp_path):
    config = CONFIGS[1]
    rasas = trained(CountVectorsFeaturizer, config, training_data, tmp_path)
    ours = trained(FastCountVectorsFeaturizer, config, training_data, tmp_path)
    tokens = [rasas._get_processed_message_tokens_by_attribute(m, TEXT) for m in training_data.intent_examples[:200]]
    for (seq_a, sent_a), (seq_b, sent_b) in zip(
        zip(*rasas._get_featurized_attribute(TEXT, tokens)), zip(*ours._get_featurized_attribute(TEXT, tokens))
    ):
        for x, y in ((seq_a, seq_b), (sent_a, sent_b)):
            assert x.format == y.format == "coo" and x.dtype == y.dtype
            assert np.array_equal(x.row, y.row) and np.array_equal(x.col, y.col) and np.array_equal(x.data, y.data)


def test_a_message_without_tokens_has_no_features(training_data, tokenizer, tmp_path):
    ours = trained(FastCountVectorsFeaturizer, CONFIGS[0], training_data, tmp_path)
    ((seq, sent),) = features(ours, tokenizer, ["?!"])
    assert seq is None and sent is None
