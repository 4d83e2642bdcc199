"""The off-topic gate's fitting data and threshold (devtools.fit_off_topic); the fit itself needs the trained model."""

from __future__ import annotations

import numpy as np

from devtools.fit_off_topic import MAX_LOST, threshold_for, turns
from knowledge.entries import load_content


def test_the_turns_are_tuning_follow_ups_and_off_topic_turns_each_with_a_known_topic():
    found = turns()
    ids = {entry.id for entry in load_content()}
    assert all(t.topic in ids for t in found)
    assert sum(not t.on_topic for t in found) >= 40 and sum(t.on_topic for t in found) >= 800
    # the fourteenth set's football question follows its unemployment answer, and no test half is read
    assert any(not t.on_topic and "MU đá" in t.text for t in found)
    assert not any("chủ trọ đòi tăng tiền phòng" in t.text for t in found)  # k003, a test half's


def test_the_threshold_loses_at_most_the_allowed_share_of_follow_ups():
    kept = np.linspace(0.05, 1.0, 1000)  # chances of 1,000 follow-ups
    chance = np.concatenate([kept, np.full(50, 0.01)])
    y = np.concatenate([np.ones(1000, dtype=int), np.zeros(50, dtype=int)])
    threshold = threshold_for(chance, y)
    assert np.mean(kept < threshold) <= MAX_LOST < np.mean(kept < threshold + 0.01)
