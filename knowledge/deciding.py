"""What the bot does with the entries a search ranked: the calibration's decision (knowledge.calibration), except
that a tie between two entries about one subject is answered.

Two entries of one category whose titles share a subject («Trợ cấp thất nghiệp» and «Quá hạn nộp hồ sơ trợ
cấp thất nghiệp») are often both fair answers, and when they are not, the answer names what it answers and
the other entry sits under it, one tap away. A tie between different subjects is a real question of which
one the resident means, and is still asked. On the tuning questions (search alone, `knowledge.fit_decision`'s
set: 1,157) this answers 38 ties between entries of one subject, all of them questions some entry covers:
the first entry was right for 30, the second for 7.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.calibration import Calibration, Decision
from knowledge.entries import Faq
from knowledge.index import Hit
from knowledge.naming import title_pairs

# A tie is answered only when its first entry scores at least this. An uncertain first entry scores about
# clarify_credit (0.7) × P(the question is one the knowledge base covers): on the tuning questions and the
# near-domain set's tuning half, the ties between entries of one subject that no entry covers scored 0.48-0.69
# (four of five below this), those some entry covers 0.51-0.74 (one below).
SURE_TIE = 0.65


def one_subject(first: Faq, second: Faq) -> bool:
    """True if two entries are about one subject: one category, and titles sharing two neighbouring syllables."""
    return first.category == second.category and bool(title_pairs(first) & title_pairs(second))


def decide(calibration: Calibration, hits: Sequence[Hit], offer: bool = True) -> Decision:
    """What to do with the ranked hits (`offer`: see Calibration.decision)."""
    decision = calibration.decision([h.score for h in hits], [h.similarity for h in hits], offer)
    tied = decision is Decision.CHOOSE and len(hits) > 1 and hits[0].score >= max(calibration.suggest_at, SURE_TIE)
    if tied and one_subject(hits[0].entry, hits[1].entry):
        return Decision.ANSWER_WITH_ALTERNATIVES
    return decision
