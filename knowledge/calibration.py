"""From raw similarity to a calibrated score, and from the score to what the bot does.

The parameters are fitted by `python -m knowledge.calibrate` (leave-one-out over the FAQ
phrasings plus out-of-scope questions from the NLU data, never the held-out test set) and
kept in knowledge/calibration.json.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    # a ranked entry's judge features (knowledge.features.judge_features), or a row of a matrix of them (calibrate)
    Features: TypeAlias = Sequence[float] | NDArray[np.float64]

CALIBRATION_FILE = Path(__file__).parent / "calibration.json"

ANSWER, CLARIFY, UNKNOWN = "answer", "clarify", "unknown"


class Decision(str, Enum):
    """What the bot does with a ranked list of entries."""

    ANSWER = "answer"  # sure: the top entry's answer alone
    ANSWER_WITH_ALTERNATIVES = "answer_with_alternatives"  # fairly sure: the answer, and "Có phải Bác muốn hỏi:" the next ones
    CHOOSE = "choose"  # two or three entries truly tied: ask which one
    UNKNOWN = "unknown"  # not covered: say so, and offer a person


def _logistic(weights: tuple[float, ...], features: Features) -> float:
    z = weights[0] + sum(w * x for w, x in zip(weights[1:], features))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass(frozen=True)
class Calibration:
    """How sure the search is of its top entry, and the thresholds that turn that into what the bot does.

    Two logistic models over the question's features (knowledge.features.JUDGE_FEATURES: the reranked
    similarity and margin, first-stage scores, coverage of the question by the entry, the share of
    the question the knowledge base knows at all): P(the question is one the knowledge base covers)
    and P(the top entry is the right one, for a covered question). The score is
    P(covered) × max(P(right | covered), clarify_credit): the probability that the top entry is the
    answer, except that a question that is probably covered keeps at least clarify_credit × P(covered),
    so it still earns a "Ý bác là…?" when its entry is uncertain, while a question about something else
    earns "not known" even if some entry shares a word with it.
    """

    # intercept, then one weight per judge feature (empty: the similarity alone is the score)
    right: tuple[float, ...] = field(default_factory=tuple)
    in_scope: tuple[float, ...] = field(default_factory=tuple)
    clarify_credit: float = 0.0
    answer_at: float = 0.5
    clarify_at: float = 0.2
    # fairly sure (answered, with the next entries offered under the answer) from here; tied below this margin
    # of the reranker's logits between the first two (then a choice); fitted by `python -m knowledge.fit_decision`
    suggest_at: float = 0.5
    tie_margin: float = 0.0
    alternative_at: float = 0.2  # an alternative shown under an answer scores at least this
    # below suggest_at, a first entry scoring at least this is still offered as a choice (ending, as every
    # choice does, with "Không phải các câu trên"): a resident's misspelt or story-like question scores
    # low though the knowledge base has it, and a tap beats "con chưa có câu trả lời" (1.0: never)
    offer_at: float = 1.0
    # search tuning: words vs sounds, best phrasing vs mean of phrasings, weight of the answer text
    word_weight: float = 0.45
    best_weight: float = 0.4
    answer_weight: float = 1.0
    # the reranker: intercept, then one weight per feature of knowledge.features.FEATURES (empty: first stage only)
    rerank: tuple[float, ...] = field(default_factory=tuple)
    # words that mark a question as one for the knowledge base (> 0) or not (< 0); "" holds the intercept
    domain: dict[str, float] = field(default_factory=dict)

    def probability(self, features: Features) -> float:
        """The calibrated score in [0, 1] of an entry with these judge features (the first is its similarity)."""
        right = _logistic(self.right, features) if self.right else min(1.0, max(0.0, features[0]))
        covered = _logistic(self.in_scope, features) if self.in_scope else 1.0
        return covered * max(right, self.clarify_credit)

    def decide(self, score: float) -> str:
        """answer the top entry, ask "Ý bác là…?" with the top 3, or admit not knowing (the score alone)."""
        if score >= self.answer_at:
            return ANSWER
        if score >= self.clarify_at:
            return CLARIFY
        return UNKNOWN

    def decision(self, scores: list[float], similarities: list[float], offer: bool = True) -> Decision:
        """What to do with ranked entries, from their calibrated scores and the reranker's similarities.

        A wrong answer that shows its alternatives costs the resident one tap; a needless question costs a
        tap every time: so a fairly sure top entry is answered with the next ones under it, and the bot asks
        only when the first two are too close to tell apart. `offer` off: a first entry below suggest_at is
        never offered (a message the NLU did not read as a question: "vẫn không được" is no question to offer
        entries for).
        """
        if not scores:
            return Decision.UNKNOWN
        top = scores[0]
        if top >= self.answer_at:
            return Decision.ANSWER
        if top < self.suggest_at:
            return Decision.CHOOSE if offer and top >= self.offer_at else Decision.UNKNOWN
        if len(similarities) > 1 and logit(similarities[0]) - logit(similarities[1]) < self.tie_margin:
            return Decision.CHOOSE
        return Decision.ANSWER_WITH_ALTERNATIVES


def logit(p: float) -> float:
    p = min(max(float(p), 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """The fitted calibration, or conservative defaults before one is fitted."""
    if not path.exists():
        return Calibration()
    known = {f.name for f in fields(Calibration)}
    values = {name: value for name, value in json.loads(path.read_text(encoding="utf-8")).items() if name in known}
    for name in ("rerank", "right", "in_scope"):
        values[name] = tuple(values.get(name, ()))
    return Calibration(**values)


def save_calibration(calibration: Calibration, path: Path = CALIBRATION_FILE) -> None:
    """Writes the fitted parameters."""
    path.write_text(json.dumps(asdict(calibration), indent=2) + "\n", encoding="utf-8")
