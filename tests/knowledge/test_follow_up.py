"""The follow-up reader (knowledge.follow_up) and its fitting (knowledge.fit_follow_up), on the seed content."""

from __future__ import annotations

import json

import numpy as np
import pytest

from knowledge import fit_follow_up
from knowledge.entries import load_content
from knowledge.follow_up import FEATURES, FollowUpWeights, candidates, follow_up_weights, load_weights, save_weights
from knowledge.index import SearchIndex
from knowledge.topic import picked_by_rules, resolve


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_content())


def read(index: SearchIndex, text: str, topic_id: str, previous: str = "") -> list[tuple[float, str]]:
    topic = index.by_id[topic_id]
    resolution = resolve(text, topic, index, previous)
    found = candidates(index, text, topic, previous, picked_by_rules(resolution, text, topic, index), resolution is None)
    chances = follow_up_weights().probabilities(found)
    return sorted(((p, c.entry.id) for p, c in zip(chances, found)), reverse=True)


def test_every_candidate_has_every_feature_and_the_topic_is_one(index):
    topic = index.by_id["ho-chieu-lam-online-cac-buoc"]
    found = candidates(index, "vậy lệ phí bao nhiêu", topic, "làm hộ chiếu online sao", None)
    assert topic.id in {c.entry.id for c in found}
    assert all(len(c.features) == len(FEATURES) for c in found)
    is_topic = FEATURES.index("is_topic")
    assert [c.entry.id for c in found if c.features[is_topic]] == [topic.id]


def test_a_fee_after_the_passport_is_the_passports_fee(index):
    assert read(index, "vậy lệ phí bao nhiêu", "ho-chieu-lam-online-cac-buoc")[0][1] == "ho-chieu-le-phi"


def test_the_previous_message_still_helps_when_the_topic_was_a_near_miss(index):
    # the bot answered the sibling about losing a passport; the resident had asked where to apply
    best = read(index, "ờ làm trên điện thoại được hả", "ho-chieu-bi-mat-hoac-hong", "làm hộ chiếu thì ra đâu làm")
    assert best[0][1].startswith("ho-chieu-")


def test_an_announced_new_subject_leaves_the_topic(index):
    said = "ờ mà hỏi luôn cái hộ chiếu giờ làm ở đâu"
    best = read(index, said, "ho-tich-dang-ky-ket-hon", "đăng ký kết hôn hai đứa có cần đi chung không")
    assert best[0][1].startswith("ho-chieu-")


def test_an_older_child_after_the_under_six_card_is_the_six_to_fourteen_entry(index):
    # the two entries' words are nearly the same: the age the resident states tells them apart
    best = read(index, "còn bé lớn 10 tuổi thì sao", "can-cuoc-tre-duoi-6-tuoi", "làm căn cước cho bé 4 tuổi sao")
    assert best[0][1] == "can-cuoc-tre-6-den-14-tuoi"


def test_probabilities_add_up_and_follow_the_scores():
    weights = FollowUpWeights({"alone": 1.0, "is_topic": 2.0})
    assert weights.vector()[FEATURES.index("alone")] == 1.0 and weights.vector()[FEATURES.index("rule")] == 0.0
    entry = load_content()[0]
    from knowledge.follow_up import Candidate

    found = [Candidate(entry, tuple([0.0] * len(FEATURES))), Candidate(entry, tuple([1.0] + [0.0] * (len(FEATURES) - 1)))]
    chances = weights.probabilities(found)
    assert sum(chances) == pytest.approx(1.0) and chances[1] > chances[0]


def test_weights_round_trip_and_unknown_features_are_refused(tmp_path):
    path = tmp_path / "w.json"
    save_weights(FollowUpWeights({"alone": 0.5, "rule": 2.0}), fitted_on="test", path=path)
    assert load_weights(path).weights["rule"] == 2.0
    path.write_text(json.dumps({"weights": {"alone": 1, "colour": 2}}), encoding="utf-8")
    with pytest.raises(ValueError, match="colour"):
        load_weights(path)


def test_the_shipped_weights_name_only_known_features():
    assert set(load_weights().weights) <= set(FEATURES)


def test_fitting_puts_the_right_candidate_first_on_a_separable_toy():
    right = fit_follow_up.Example("toy", ["a", "b"], np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, 0.0]), None)
    w = fit_follow_up.fit([right] * 5, [0, 1])
    assert w[0] > w[1]
    assert fit_follow_up.accuracy([right], [0, 1], w) == 1.0


def test_a_reading_that_leaves_an_entry_out_gives_it_its_lowest_similarity_and_says_so(index):
    topic = index.by_id["an-sinh-xa-hoi-tro-cap-that-nghiep"]
    found = {c.entry.id: c for c in candidates(index, "ờ nộp hồ sơ ở đâu", topic, "", None)}
    alone, unranked = FEATURES.index("alone"), FEATURES.index("alone_unranked")
    ranked = [c for c in found.values() if not c.features[unranked]]
    assert found[topic.id].features[unranked] == 1.0  # the message alone does not rank the topic
    assert found[topic.id].features[alone] == min(c.features[alone] for c in ranked)
    no_previous = FEATURES.index("previous_unranked")
    assert all(c.features[no_previous] == 1.0 for c in found.values())  # no previous message: nothing ranked


def test_a_place_asked_after_the_unemployment_benefit_stays_on_it(index):
    said = "à tôi nghỉ việc được một tháng rồi thì làm thế nào để hưởng bảo hiểm thất nghiệp"
    assert read(index, "ờ nộp hồ sơ ở đâu", "an-sinh-xa-hoi-tro-cap-that-nghiep", said)[0][1] == (
        "an-sinh-xa-hoi-tro-cap-that-nghiep"
    )
