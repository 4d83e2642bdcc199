"""The decision thresholds are fitted by value to the resident (on the tuning half only: tests/knowledge/test_calibrate.py
checks the questions both fits read)."""

from __future__ import annotations

from knowledge.calibration import Calibration
from knowledge.entries import Faq
from knowledge.fit_decision import VALUE, VALUE_UNCOVERED, outcome
from knowledge.index import Hit


def hit(entry_id: str, score: float, similarity: float) -> Hit:
    return Hit(Faq(entry_id, "c", "C", entry_id, (), "…"), score, similarity)


CAL = Calibration(answer_at=0.9, suggest_at=0.5, tie_margin=0.3, alternative_at=0.2)


def test_values_of_outcomes():
    sure = [hit("a", 0.95, 0.99), hit("b", 0.3, 0.5)]
    assert outcome(CAL, sure, ("a",)) == VALUE["right"] and outcome(CAL, sure, ("b",)) == VALUE["wrong"]
    fair = [hit("a", 0.7, 0.95), hit("b", 0.3, 0.6), hit("c", 0.1, 0.2)]
    assert outcome(CAL, fair, ("a",)) == VALUE["right+alt"]
    assert outcome(CAL, fair, ("b",)) == VALUE["wrong+alt"]
    assert outcome(CAL, fair, ("c",)) == VALUE["wrong+alt-"]  # below alternative_at: not shown
    tied = [hit("a", 0.7, 0.915), hit("b", 0.69, 0.906)]
    assert outcome(CAL, tied, ("b",)) == VALUE["choice+"]
    assert outcome(CAL, [hit("a", 0.2, 0.3)], ("a",)) == VALUE["unknown"]
    assert outcome(CAL, [hit("a", 0.2, 0.3)], ()) == VALUE_UNCOVERED["unknown"]
    assert outcome(CAL, sure, ()) == VALUE_UNCOVERED["answer"]
