"""A tie between two entries about one subject is answered; a tie between subjects is still asked."""

from __future__ import annotations

import pytest

from knowledge.calibration import Calibration, Decision
from knowledge.deciding import decide, one_subject
from knowledge.entries import Faq
from knowledge.index import Hit

CALIBRATION = Calibration(answer_at=0.9, suggest_at=0.5, tie_margin=0.3, offer_at=0.25)


def _entry(entry_id: str, category: str, title: str) -> Faq:
    return Faq(id=entry_id, category=category, category_title=category, title=title, questions=(title,), answer="…")


UNEMPLOYMENT = _entry("that-nghiep", "an-sinh-xa-hoi", "Hưởng trợ cấp thất nghiệp")
UNEMPLOYMENT_LATE = _entry("that-nghiep-qua-han", "an-sinh-xa-hoi", "Quá hạn nộp hồ sơ trợ cấp thất nghiệp")
WELFARE_ACCOUNT = _entry("tai-khoan", "an-sinh-xa-hoi", "Tài khoản an sinh xã hội trên VNeID")
PASSPORT_FEE = _entry("ho-chieu-le-phi", "ho-chieu", "Lệ phí làm hộ chiếu")


def test_one_subject_needs_the_same_category_and_a_shared_subject_in_the_titles():
    assert one_subject(UNEMPLOYMENT, UNEMPLOYMENT_LATE)
    assert not one_subject(UNEMPLOYMENT, WELFARE_ACCOUNT)  # one category, other subjects
    twin_elsewhere = _entry("x", "viec-lam", "Trợ cấp thất nghiệp là gì")
    assert not one_subject(UNEMPLOYMENT, twin_elsewhere)  # the subject, another category


def _hits(first: Faq, second: Faq, scores: tuple[float, float], similarities: tuple[float, float]) -> list[Hit]:
    return [Hit(first, scores[0], similarities[0]), Hit(second, scores[1], similarities[1])]


@pytest.mark.parametrize(
    "second, scores, similarities, decision",
    [
        # tied within one subject: answered, the other entry under the answer
        (UNEMPLOYMENT_LATE, (0.7, 0.69), (0.915, 0.906), Decision.ANSWER_WITH_ALTERNATIVES),
        # tied across subjects: asked
        (WELFARE_ACCOUNT, (0.7, 0.69), (0.915, 0.906), Decision.CHOOSE),
        (PASSPORT_FEE, (0.7, 0.69), (0.915, 0.906), Decision.CHOOSE),
        # a low first entry offered as a choice stays a choice, however close its subject; and a tie whose first
        # entry is not sure the question is covered at all
        (UNEMPLOYMENT_LATE, (0.6, 0.59), (0.915, 0.906), Decision.CHOOSE),
        (UNEMPLOYMENT_LATE, (0.4, 0.39), (0.9, 0.89), Decision.CHOOSE),
        # what the calibration decides otherwise is unchanged
        (UNEMPLOYMENT_LATE, (0.95, 0.4), (0.99, 0.5), Decision.ANSWER),
        (UNEMPLOYMENT_LATE, (0.2, 0.1), (0.5, 0.4), Decision.UNKNOWN),
    ],
)
def test_the_decision_on_ranked_entries(second, scores, similarities, decision):
    assert decide(CALIBRATION, _hits(UNEMPLOYMENT, second, scores, similarities)) is decision


def test_a_single_entry_and_no_entry():
    assert decide(CALIBRATION, [Hit(UNEMPLOYMENT, 0.7, 0.9)]) is Decision.ANSWER_WITH_ALTERNATIVES
    assert decide(CALIBRATION, []) is Decision.UNKNOWN
