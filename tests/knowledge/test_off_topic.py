"""A later message about something else altogether is not read as a follow-up (knowledge.off_topic)."""

from __future__ import annotations

import pytest

from knowledge.calibration import load_calibration
from knowledge.entries import load_content
from knowledge.follow_up import read_alone
from knowledge.index import SearchIndex
from knowledge.off_topic import FEATURES, OffTopicModel, features, is_off_topic, load_model


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_content(), load_calibration())


def off(index: SearchIndex, text: str, topic: str, out_of_scope: float) -> bool:
    return is_off_topic(index, text, index.by_id[topic], read_alone(index, text), out_of_scope)


def test_something_else_after_an_answer_is_off_the_topic(index):
    # with what the NLU said of each: fairly sure it is out of scope, or not sure at all
    assert off(index, "Mà con ơi tối nay coi đá banh kênh nào dzậy?", "giao-thong-phat-nguoi-nop-phat", 0.59)
    assert off(index, "Con biết tiệm nào ép plastic cái thẻ cho khỏi trầy hông?", "can-cuoc-cap-doi-tren-vneid", 0.19)
    assert off(index, "ừm mà mỡ máu của tôi cao thì kiêng ăn những gì", "vneid-so-suc-khoe-dien-tu", 0.09)


def test_a_follow_up_stays_on_the_topic(index):
    assert not off(index, "vậy lệ phí bao nhiêu", "ho-chieu-lam-online-cac-buoc", 0.05)
    assert not off(index, "bao lâu thì có", "can-cuoc-lam-o-dau", 0.05)
    # who it is about is no new subject
    assert not off(index, "Còn bố mẹ tôi ở quê lên ở thường xuyên thì sao?", "cu-tru-thong-bao-luu-tru-thoi-han", 0.05)


def test_the_nlus_out_of_scope_confidence_counts(index):
    text, topic = "Giá vàng SJC hôm nay bao nhiêu một lượng?", "dien-nuoc-thanh-toan-tien-dien"
    assert off(index, text, topic, 0.9)
    unsure = features(index, text, index.by_id[topic], read_alone(index, text), 0.0)
    sure = features(index, text, index.by_id[topic], read_alone(index, text), 0.9)
    model = load_model()
    assert model.chance_on_topic(sure) < model.chance_on_topic(unsure)


def test_the_model_reads_its_features_by_name():
    model = OffTopicModel(0.0, {"beyond": -2.0}, threshold=0.5)
    assert model.off_topic(tuple(1.0 if name == "beyond" else 0.0 for name in FEATURES))
    assert not model.off_topic(tuple(0.0 for _ in FEATURES))
    assert set(load_model().weights) == set(FEATURES)
