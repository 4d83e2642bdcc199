"""The Rasa tokenizer component, in the style of Rasa's own tokenizer tests (Rasa's virtualenv)."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_addons.nlu.tokenizer import VietnameseTokenizer


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


@pytest.fixture
def context():
    return ExecutionContext(GraphSchema({}), "test-model")


def create(storage, context, **config) -> VietnameseTokenizer:
    return VietnameseTokenizer.create(
        {**VietnameseTokenizer.get_default_config(), **config}, storage, Resource("tokenizer"), context
    )


def tokens_of(tokenizer, text: str):
    message = Message.build(text=text)
    tokenizer.process([message])
    return message.get(TOKENS_NAMES[TEXT])


@pytest.mark.parametrize(
    "text, expected, offsets",
    [
        ("Tôi muốn đăng ký tạm trú", ["Tôi", "muốn", "đăng ký", "tạm trú"], [(0, 3), (4, 8), (9, 16), (17, 24)]),
        ("Làm lại căn cước ở đâu?", ["Làm", "lại", "căn cước", "ở", "đâu"], [(0, 3), (4, 7), (8, 16), (17, 18), (19, 22)]),
        ("xin chào 😀", ["xin", "chào", "😀"], [(0, 3), (4, 8), (9, 10)]),
        ("Cài app VNeID ok", ["Cài", "app", "VNeID", "ok"], [(0, 3), (4, 7), (8, 13), (14, 16)]),
    ],
)
def test_tokens_and_offsets(storage, context, text, expected, offsets):
    tokens = tokens_of(create(storage, context), text)
    assert [t.text for t in tokens] == expected
    assert [(t.start, t.end) for t in tokens] == offsets
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_lemma_is_the_folded_normalised_key(storage, context):
    tokens = tokens_of(create(storage, context), "Đăng ký ko dc")
    assert [t.lemma for t in tokens] == ["dang_ky", "khong", "duoc"]


def test_lemma_as_typed_when_folding_is_off(storage, context):
    tokens = tokens_of(create(storage, context, lemma="lower"), "Đăng ký")
    assert [t.lemma for t in tokens] == ["đăng ký"]


def test_empty_text_gives_no_tokens(storage, context):
    tokenizer = create(storage, context)
    assert tokenizer.tokenize(Message.build(text=""), TEXT) == []
    assert tokenizer.tokenize(Message.build(text="   "), TEXT) == []


def test_punctuation_is_not_a_token(storage, context):
    assert [t.text for t in tokens_of(create(storage, context), "Dạ, vâng!!!")] == ["Dạ", "vâng"]


def test_long_message_keeps_exact_offsets(storage, context):
    text = ("Cháu ơi bác muốn hỏi cách đăng ký tạm trú cho con gái ở trọ. " * 90)[:5000]
    tokens = tokens_of(create(storage, context), text)
    assert len(text) == 5000 and len(tokens) > 900
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tokens[-1].end <= 5000


def test_entity_annotation_on_a_multi_syllable_word_aligns(storage, context):
    text = "tôi cần làm hộ chiếu gấp"
    tokens = tokens_of(create(storage, context), text)
    start = text.index("hộ chiếu")
    assert any(t.start == start and t.end == start + len("hộ chiếu") for t in tokens)


def test_intent_is_tokenized_whole_by_default(storage, context):
    message = Message.build(text="chào", intent="ask_question")
    create(storage, context).process_training_data(TrainingData([message]))
    assert [t.text for t in message.get(TOKENS_NAMES[INTENT])] == ["ask_question"]


def test_learned_compounds_persist_and_load(storage, context):
    resource = Resource("tokenizer")
    config = VietnameseTokenizer.get_default_config()
    trainer = VietnameseTokenizer.create(config, storage, resource, context)
    trainer.train(TrainingData([Message.build(text="Tôi muốn đăng ký tạm trú", intent="ask_question")]))
    assert {"dang_ky", "tam_tru"} <= trainer.compounds

    loaded = VietnameseTokenizer.load(config, storage, resource, context)
    assert loaded.compounds == trainer.compounds
    tokens = tokens_of(loaded, "dang ky tam tru")
    assert [t.lemma for t in tokens] == ["dang_ky", "tam_tru"]
    assert [(t.start, t.end) for t in tokens] == [(0, 7), (8, 15)]


def test_untrained_tokenizer_does_not_merge_unaccented_words(storage, context):
    tokens = tokens_of(create(storage, context), "dang ky tam tru")
    assert "dang_ky" not in [t.lemma for t in tokens]


def test_load_without_persisted_data_falls_back_to_configured(storage, context, tmp_path):
    extra = tmp_path / "compounds.txt"
    extra.write_text("dịch vụ công\n", encoding="utf-8")
    config = {**VietnameseTokenizer.get_default_config(), "compounds_path": str(extra)}
    loaded = VietnameseTokenizer.load(config, storage, Resource("never-trained"), context)
    assert "dich_vu_cong" in loaded.compounds
