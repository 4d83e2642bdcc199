"""Which entry a follow-up asks about, weighing what the message says alone against what the conversation
is about.

A follow-up ("nộp ở đâu z", "hình chụp sao mới được con?") is read three ways: alone, with the topic's title
(the entry last answered) and with the resident's previous message (which still says what they meant when
the last answer was the wrong entry). Every entry one of those readings ranks, and the topic itself, is a
candidate, described by a few features: how well each reading matches it (and whether it ranks it at
all), whether it is the topic, shares its category or its subject (two neighbouring title syllables:
"hộ chiếu"), is dedicated to the aspect asked (a fee, a time…), has the message's own topic words in its
title, or is what the rules of knowledge.topic chose. A conditional logit over the candidates (weights in
knowledge/follow_up.json, fitted by `python -m knowledge.fit_follow_up` on the blind sets' tuning parts) picks
the most likely one.

Few features and one weight each, fitted on conversations other people wrote: rules written from the
tuning conversations' own phrasings answered 0.75–0.81 of them but about 0.6 of conversations nobody had
seen; this keeps what generalises (the readings' similarities) and lets the data say how much the topic
counts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.ages import age_fit, stated_age
from knowledge.aspects import about_as_asked, aspects_of, key
from knowledge.calibration import logit
from knowledge.entries import Faq
from knowledge.index import Hit, SearchIndex
from knowledge.naming import in_title, named_words, title_pairs
from knowledge.reading import search_message
from knowledge.topic import announces_new_subject

WEIGHTS_FILE = Path(__file__).parent / "follow_up.json"
FEATURES = (
    "alone",
    "with_topic",
    "with_previous",
    "is_topic",
    "same_category",
    "same_subject",
    "aspect",
    "named",
    "named_new",
    "age_fit",
    "rule",
    "rules_elsewhere",
    "announced_switch",
    # whether each reading left the entry out of its first READ: alone, a follow-up that names nothing ("nộp ở
    # đâu z") rarely ranks the topic at all, so being unranked is a feature of its own, not a similarity far
    # below the lowest ranked (which outweighed everything else)
    "alone_unranked",
    "topic_unranked",
    "previous_unranked",
)
# entries each reading contributes; a reading that does not rank an entry gives it its lowest similarity's
# logit (this one when it ranks nothing)
READ = 10
UNRANKED = -7.0


@dataclass(frozen=True)
class Candidate:
    entry: Faq
    features: tuple[float, ...]  # in FEATURES order


def _similarities(hits: list[Hit]) -> dict[str, float]:
    return {h.entry.id: logit(h.similarity) for h in hits}


def read_alone(index: SearchIndex, text: str) -> list[Hit]:
    """The message's own reading (its first three are what a search of the message alone gives)."""
    return search_message(index, text, k=READ)


def candidates(
    index: SearchIndex,
    text: str,
    topic: Faq,
    previous: str,
    rule_pick: Faq | None,
    elsewhere: bool = False,
    alone: list[Hit] | None = None,
) -> list[Candidate]:
    """Every entry a reading of the follow-up ranks, the topic and the rules' pick, with their features
    (`elsewhere`: the rules read the message as a question of its own; `alone`: `read_alone`'s, if the caller
    has it already)."""
    by_itself = read_alone(index, text) if alone is None else alone
    readings = [by_itself, search_message(index, f"{text} {topic.title}", k=READ)]
    readings.append(search_message(index, f"{previous} {text}", k=READ) if previous else [])
    similarity = [_similarities(hits) for hits in readings]
    entries = {topic.id: topic} | {h.entry.id: h.entry for hits in readings for h in hits}
    if rule_pick is not None:
        entries[rule_pick.id] = rule_pick
    subject = title_pairs(topic)
    aspects = tuple(aspects_of(text))
    age = stated_age(text)
    own, new = named_words(text, topic, index)  # new: what the message names that the topic's entry never speaks of
    switching = bool(new) and announces_new_subject(text)
    found: list[Candidate] = []
    for entry in entries.values():
        title = key(entry.title)
        found.append(
            Candidate(
                entry,
                (
                    *(s.get(entry.id, min(s.values(), default=UNRANKED)) for s in similarity),
                    float(entry.id == topic.id),
                    float(entry.category == topic.category),
                    float(entry.id != topic.id and bool(title_pairs(entry) & subject)),
                    float(bool(aspects) and about_as_asked(entry, aspects, text)),
                    float(any(in_title(title, w) for w in own)),
                    float(any(in_title(title, w) for w in new)),
                    age_fit(age, entry.title),
                    float(rule_pick is not None and entry.id == rule_pick.id),
                    float(elsewhere and entry.category == topic.category),
                    float(switching and entry.category == topic.category),
                    *(float(entry.id not in s) for s in similarity),
                ),
            )
        )
    return found


@dataclass(frozen=True)
class FollowUpWeights:
    """One weight per feature (a feature without one counts for nothing)."""

    weights: Mapping[str, float]

    def vector(self) -> tuple[float, ...]:
        return tuple(float(self.weights.get(name, 0.0)) for name in FEATURES)

    def score(self, candidate: Candidate) -> float:
        return sum(w * x for w, x in zip(self.vector(), candidate.features))

    def probabilities(self, found: list[Candidate]) -> list[float]:
        """Each candidate's probability of being the one asked about (softmax of the scores)."""
        scores = [self.score(c) for c in found]
        top = max(scores, default=0.0)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


def load_weights(path: Path = WEIGHTS_FILE) -> FollowUpWeights:
    data = json.loads(path.read_text(encoding="utf-8"))
    unknown = set(data["weights"]) - set(FEATURES)
    if unknown:
        raise ValueError(f"{path}: unknown features {sorted(unknown)}")
    return FollowUpWeights(dict(data["weights"]))


def save_weights(weights: FollowUpWeights, fitted_on: str, path: Path = WEIGHTS_FILE) -> None:
    data = {"fitted_on": fitted_on, "weights": {name: round(weights.weights.get(name, 0.0), 4) for name in FEATURES}}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@cache
def follow_up_weights() -> FollowUpWeights:
    """The fitted weights, read once per process."""
    return load_weights()
