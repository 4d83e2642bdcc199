"""From raw similarity to a calibrated score, and from the score to what the bot does.

The parameters are fitted by `python -m knowledge.calibrate` (leave-one-out over the FAQ
phrasings plus out-of-scope questions from the NLU data, never the held-out test set) and
kept in knowledge/calibration.json.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

CALIBRATION_FILE = Path(__file__).parent / "calibration.json"

ANSWER, CLARIFY, UNKNOWN = "answer", "clarify", "unknown"


@dataclass(frozen=True)
class Calibration:
    """A logistic model of P(top entry is right | its reranked similarity, its margin over the runner-up,
    how much of the question it covers, how much of the question the knowledge base knows), and thresholds."""

    intercept: float = -6.0
    w_similarity: float = 10.0
    w_margin: float = 6.0
    w_coverage: float = 0.0
    w_known: float = 0.0
    answer_at: float = 0.5
    clarify_at: float = 0.2
    # search tuning: words vs sounds, best phrasing vs mean of phrasings, weight of the answer text
    word_weight: float = 0.45
    best_weight: float = 0.4
    answer_weight: float = 1.0
    # the reranker: intercept, then one weight per feature of knowledge.index.FEATURES (empty: first stage only)
    rerank: tuple[float, ...] = field(default_factory=tuple)

    def probability(self, similarity: float, margin: float, coverage: float = 1.0, known: float = 1.0) -> float:
        """The calibrated score in [0, 1]."""
        z = (
            self.intercept + self.w_similarity * similarity + self.w_margin * margin
            + self.w_coverage * coverage + self.w_known * known
        )
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def decide(self, score: float) -> str:
        """answer the top entry, ask "Ý bác là…?" with the top 3, or admit not knowing."""
        if score >= self.answer_at:
            return ANSWER
        if score >= self.clarify_at:
            return CLARIFY
        return UNKNOWN


def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """The fitted calibration, or conservative defaults before one is fitted."""
    if not path.exists():
        return Calibration()
    values = json.loads(path.read_text(encoding="utf-8"))
    values["rerank"] = tuple(values.get("rerank", ()))
    return Calibration(**values)


def save_calibration(calibration: Calibration, path: Path = CALIBRATION_FILE) -> None:
    """Writes the fitted parameters."""
    path.write_text(json.dumps(asdict(calibration), indent=2) + "\n", encoding="utf-8")
