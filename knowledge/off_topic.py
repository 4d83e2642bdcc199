"""Whether a later message of a conversation is about something else altogether, not a follow-up on its topic.

After an answer, the follow-up reader (knowledge.follow_up) picks the most likely of the entries its readings
rank, the topic among them: it has no "none of these". So "ad ơi tối nay MU đá vs ai" after the unemployment
benefit got that benefit's answer again, and "gửi tiết kiệm ngân hàng nào lãi cao" after the pension's office
the pension's. On the blind sets' tuning parts (session 25's set of conversations that end off the topic, and
the follow-ups of every set), three things tell the two apart: how well the message alone matches any entry
(a follow-up that names nothing matches little, but something else matches nothing), how many words it says
that the topic's entry never uses (leaving out who it is about: "còn bố mẹ tôi thì sao" is a follow-up), and the
NLU's confidence that it is out of scope. A logistic model of the three (weights and threshold in
knowledge/off_topic.json, fitted by `python -m devtools.fit_off_topic`) gives the chance that the message is a
follow-up; below the threshold the message is not answered with the topic (actions/in_topic.py): what the search
alone is sure of is answered, and otherwise the topic's reading is only offered, as a choice beside a person and
"Không phải các câu trên" — so a follow-up taken for something else is still one tap from its answer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.calibration import logit
from knowledge.entries import Faq
from knowledge.index import Hit, SearchIndex
from knowledge.naming import words_beyond

WEIGHTS_FILE = Path(__file__).parent / "off_topic.json"
FEATURES = ("alone", "beyond", "out_of_scope")
# the similarity's logit of a message alone that matches no entry at all
UNMATCHED = -7.0
# at most this many words beyond the topic count: a long story says many
MAX_BEYOND = 3
# who a follow-up is about (a relative, a child, an age) is no new subject: "còn thằng con rể thì sao"; nor is a
# number ("còn cháu nhỏ 3 tủi")
PEOPLE = frozenset(
    """bo me cha ma ba ong con chau em anh chi re dau vo chong noi ngoai ruot nho lon tuoi gia be thang dua tui toi
    minh nha chu co di cau mo""".split()
)


def features(index: SearchIndex, text: str, topic: Faq, alone: list[Hit], out_of_scope: float) -> tuple[float, ...]:
    """The message's features in FEATURES order (`alone`: its own reading, best first; `out_of_scope`: the NLU's
    confidence in that intent)."""
    beyond = [w for w in words_beyond(text, topic, index) if not set(w.split("_")) & PEOPLE and not w.isdigit()]
    return (
        logit(alone[0].similarity) if alone else UNMATCHED,
        float(min(MAX_BEYOND, len(beyond))),
        float(out_of_scope),
    )


@dataclass(frozen=True)
class OffTopicModel:
    """An intercept and one weight per feature (the chance of a follow-up), and the chance below which a message
    is taken for something else."""

    intercept: float
    weights: Mapping[str, float]
    threshold: float

    def chance_on_topic(self, values: tuple[float, ...]) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * x for name, x in zip(FEATURES, values))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def off_topic(self, values: tuple[float, ...]) -> bool:
        return self.chance_on_topic(values) < self.threshold


def load_model(path: Path = WEIGHTS_FILE) -> OffTopicModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    unknown = set(data["weights"]) - set(FEATURES)
    if unknown:
        raise ValueError(f"{path}: unknown features {sorted(unknown)}")
    return OffTopicModel(float(data["intercept"]), dict(data["weights"]), float(data["threshold"]))


def save_model(model: OffTopicModel, fitted_on: str, note: str, path: Path = WEIGHTS_FILE) -> None:
    data = {
        "fitted_on": fitted_on,
        "note": note,
        "intercept": round(model.intercept, 4),
        "weights": {name: round(float(model.weights.get(name, 0.0)), 4) for name in FEATURES},
        "threshold": model.threshold,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@cache
def off_topic_model() -> OffTopicModel:
    """The fitted model, read once per process."""
    return load_model()


def is_off_topic(index: SearchIndex, text: str, topic: Faq, alone: list[Hit], out_of_scope: float) -> bool:
    """True if the message is most likely about something else than the conversation's topic."""
    return off_topic_model().off_topic(features(index, text, topic, alone, out_of_scope))
