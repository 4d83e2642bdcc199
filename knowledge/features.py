"""What the search's two learned stages look at: the reranker's features of a (question, entry) pair
(FEATURES, computed by knowledge.index) and the calibration's judge features of a ranked entry
(JUDGE_FEATURES, `judge_features`), in the order of their weights in knowledge/calibration.json.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# the reranker's features of one (question, entry) pair, in the order of Calibration.rerank
FEATURES = (
    "base",
    "best_words",
    "best_sounds",
    "mean_words",
    "mean_sounds",
    "top3_words",
    "top3_sounds",
    "answer_words",
    "answer_sounds",
    "cover_words",
    "cover_sounds",
    "cover_words_answer",
    "cover_sounds_answer",
    "gap",
    "missing_words",
    "cover_pairs",
)
# what the calibration judges a ranked entry by (knowledge.calibration): see judge_features
JUDGE_FEATURES = (
    "similarity",
    "margin",
    "base",
    "first_base",
    "cover_words_answer",
    "cover_sounds_answer",
    "cover_words",
    "known_words",
    "known_syllables",
    "known_sounds",
    "missing_words",
    "unknown_syllables",
    "cover_pairs",
    "domain",
    "margin_logit",
)


def judge_features(
    similarities: NDArray[np.float64], order: NDArray[np.intp], features: NDArray[np.float64], about: dict[str, float], rank: int
) -> list[float]:
    """The calibration's view of the entry ranked `rank` (see JUDGE_FEATURES)."""
    i = order[rank]
    runner_up = similarities[order[1]] if rank == 0 and len(order) > 1 else similarities[order[0]] if rank else 0.0
    column = FEATURES.index
    return [
        float(similarities[i]),
        float(similarities[i] - runner_up),
        features[i, 0],
        features[:, 0].max(),
        features[i, column("cover_words_answer")],
        features[i, column("cover_sounds_answer")],
        features[i, column("cover_words")],
        about["known_words"],
        about["known_syllables"],
        about["known_sounds"],
        features[i, column("missing_words")],
        about["unknown_syllables"],
        features[i, column("cover_pairs")],
        about["domain"],
        # the margin again in the reranker's logit: 0.99 against 0.93 is a clear lead, 0.55 against 0.49 is not
        _logit(similarities[i]) - (_logit(runner_up) if len(order) > 1 else -10.0),
    ]


def _logit(p: float) -> float:
    p = min(max(float(p), 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))
