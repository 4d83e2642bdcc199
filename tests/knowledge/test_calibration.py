"""From ranked scores to what the bot does."""

from __future__ import annotations

import pytest

from knowledge.calibration import Calibration, Decision, load_calibration

CALIBRATION = Calibration(answer_at=0.9, suggest_at=0.5, tie_margin=0.3)


@pytest.mark.parametrize(
    "scores, similarities, decision",
    [
        ([0.95, 0.4], [0.99, 0.5], Decision.ANSWER),  # sure: the answer alone
        ([0.7, 0.4], [0.95, 0.6], Decision.ANSWER_WITH_ALTERNATIVES),  # fairly sure, a clear lead
        ([0.7, 0.69], [0.915, 0.906], Decision.CHOOSE),  # fairly sure, but two entries truly tied
        ([0.95, 0.94], [0.99, 0.989], Decision.ANSWER),  # sure beats a tie: a sure answer is given
        ([0.3, 0.2], [0.5, 0.4], Decision.UNKNOWN),  # not covered
        ([0.7], [0.9], Decision.ANSWER_WITH_ALTERNATIVES),  # one entry only: nothing to tie with
        ([], [], Decision.UNKNOWN),
    ],
)
def test_the_decision(scores, similarities, decision):
    assert CALIBRATION.decision(scores, similarities) is decision


def test_the_shipped_calibration_answers_above_where_it_suggests():
    shipped = load_calibration()
    assert 0 < shipped.suggest_at <= shipped.answer_at <= 1 and shipped.tie_margin >= 0


@pytest.mark.parametrize(
    "scores, decision",
    [
        ([0.4, 0.05], Decision.CHOOSE),  # below suggest_at but a clear first entry: offered, not "don't know"
        ([0.2, 0.05], Decision.UNKNOWN),  # below offer_at too
        ([0.7, 0.05], Decision.ANSWER_WITH_ALTERNATIVES),  # offer_at changes nothing above suggest_at
    ],
)
def test_a_low_first_entry_is_offered_from_offer_at(scores, decision):
    offering = Calibration(answer_at=0.9, suggest_at=0.5, tie_margin=0.3, offer_at=0.25)
    assert offering.decision(scores, [0.9, 0.1]) is decision


def test_the_shipped_calibration_offers_below_where_it_suggests():
    shipped = load_calibration()
    assert shipped.offer_at == 1.0 or shipped.offer_at < shipped.suggest_at


def test_a_low_first_entry_is_not_offered_for_a_message_the_nlu_could_not_read():
    offering = Calibration(answer_at=0.9, suggest_at=0.5, tie_margin=0.3, offer_at=0.25)
    assert offering.decision([0.4, 0.05], [0.9, 0.1], offer=False) is Decision.UNKNOWN
