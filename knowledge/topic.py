"""Follow-up questions read within the conversation's topic.

After an answer about making a passport online, "vậy lệ phí bao nhiêu" names no topic of its own: it asks
the passport's fee. This module tells such a message apart from a new question (knowledge.naming: what it names), finds
what it asks about (`aspects_of`: the fee, the time, the place…), and resolves it against the entry last
answered: a sibling entry of the same category about that aspect (the passport's fee entry), else the
lines of the current answer that say it. "Còn hộ chiếu thì sao" after the ID card's fee names a new
topic by analogy and keeps the aspect. "Bác không hiểu, nói dễ hơn" asks for the last answer again,
step by step. Everything is matched on the accent-folded, teencode-expanded text (nlu.normalize).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from knowledge.aspects import (
    CUES,
    FIELD_WIDE,
    Aspect,
    about,
    about_as_asked,
    answer_lines,
    asks_processing,
    aspects_of,
    key,
)
from knowledge.entries import Faq
from knowledge.index import Hit, SearchIndex
from knowledge.naming import GENERIC, foreign, in_title, named_words, title_pairs
from knowledge.reading import search_message
from nlu.normalize import normalize
from nlu.person import mentions_a_person

# Aspects that usually have entries of their own (a lost or expired document, receiving the result): those first. A fee or a time
# comes from the topic's answer only when a line of it gives the number.
_OWN_ENTRIES = (Aspect.LOST, Aspect.EXPIRY, Aspect.DELIVERY)
# A fee has its own entry too where the category has one ("Lệ phí đăng ký cư trú"): the topic's answer may
# name one fee among several. So has a processing time, when that is what is asked (knowledge.aspects.asks_processing).

# "Còn hộ chiếu thì sao", "… thì sao", "vậy còn bằng lái": a new topic asked by analogy with the last one.
# "Còn" alone opens only a very short one: "con muốn hỏi …" is a child's "I", not "and what about".
_ANALOGY = re.compile(r"\bthi sao\b|\bthi the nao\b|\bthi nhu the nao\b|\bcung vay\b")
_AND_WHAT_ABOUT = re.compile(r"^(?:(?:vay|the|roi|ok|da)\s+)*con\s+\S")
AND_WHAT_ABOUT_WORDS = 4
# "Nếu …", "lỡ …", "trường hợp …": a case within the topic, however it ends
_CONDITION = re.compile(r"^(?:(?:vay|the|con|ma|a|u|oi)\s+)*(?:neu|lo|nho|trong truong hop|truong hop|gia su)\b")
# "À mà …", "nhân tiện …", "tiện cho hỏi luôn …", "cho hỏi thêm …", "còn vụ …", "chuyện khác …": said within the
# first words
_NEW_SUBJECT = re.compile(
    r"^(?:(?:a|o|u|ma|thi|la|con|oi|ad)\s+)*(?:a|o|u)\s+ma\b|^ma\s+(?:cho|tien|hoi)\b|\bnhan tien\b|"
    r"\bcon\s+(?:cai\s+)?(?:vu|chuyen)\b|\btien\s+(?:day\s+|the\s+)?(?:cho\s+)?hoi\b|\bhoi\s+(?:them|luon|lun)\b|\bchuyen khac\b|\bviec khac\b|\bngoai ra\b"
)
NEW_SUBJECT_WORDS = 6
# "Bác không hiểu, nói dễ hơn được không": the last answer again, simpler ("nói ngắn thôi", "nói gọn gọn": shorter;
# not "nói ngân hàng", which folds alike). Asked outright ("nói dễ hơn",
# "từng bước") or only said ("không hiểu", "khó quá"); the latter is also how frustration sounds.
_EXPLAIN_AGAIN = re.compile(
    r"\b(?:noi de hon|noi ro hon|noi lai|giai thich|tung buoc|cham thoi|cham lai|noi cham|ngan gon|de hieu|de hiu|"
    r"don gian|chi lai|tu tu|noi ngan(?! hang)|noi gon|gon gon)\b"
)
_NOT_UNDERSTOOD = re.compile(r"\b(?:khong hieu|chua hieu|kho hieu|rac roi qua|phuc tap qua|dai qua|kho qua|khong ro)\b")


def wants_simpler(text: str, outright: bool = False) -> bool:
    """True if the resident asks for the last answer again, simpler or step by step (and not for a person);
    `outright`: only when they ask for it, not when they only say they did not understand."""
    folded = key(text)
    asked = _EXPLAIN_AGAIN.search(folded) or (not outright and _NOT_UNDERSTOOD.search(folded))
    return bool(asked) and not mentions_a_person(text)


# Follow-ups are short ("vậy lệ phí bao nhiêu"); a longer message with new topic words is a question of its own.
SHORT_FOLLOW_UP = 8
# An analogy is short: "còn hộ chiếu thì sao"; a longer "… thì sao" tells a case of its own.
ANALOGY_WORDS = 7


def is_analogy(text: str) -> bool:
    """True for a short "còn X thì sao", "X thì sao", or a very short "vậy còn X" — not for a case of the topic
    itself ("nếu bị từ chối thì sao", "lỡ quên mật khẩu thì sao")."""
    folded = key(text)
    size = len(folded.split())
    if _CONDITION.search(folded):
        return False
    return (bool(_ANALOGY.search(folded)) and size <= ANALOGY_WORDS) or (
        bool(_AND_WHAT_ABOUT.search(folded)) and size <= AND_WHAT_ABOUT_WORDS + 2
    )


def announces_new_subject(text: str) -> bool:
    """True if the message opens by saying it changes the subject ("à mà …", "nhân tiện …", "cho hỏi thêm …",
    "còn một chuyện khác …"): what follows is a question of its own, however much it shares with the topic."""
    return bool(_NEW_SUBJECT.search(" ".join(key(text).split()[:NEW_SUBJECT_WORDS])))


class Kind(str, Enum):
    """How a message relates to the conversation's topic."""

    SIBLING = "sibling"  # another entry of the topic's category answers the aspect asked
    PART = "part"  # lines of the topic's own answer say it
    SIMPLER = "simpler"  # the topic's answer again, step by step
    ANALOGY = "analogy"  # a new topic, the old aspect: search with this query
    TOPIC = "topic"  # a follow-up that names no aspect: a sibling whose title it names, else the topic again
    FIELD = "field"  # an aspect one entry answers for the topic's whole field ("lỡ bấm vô link rồi thì sao")


@dataclass(frozen=True)
class Resolution:
    kind: Kind
    entry: Faq | None = None
    aspects: tuple[Aspect, ...] = ()
    lines: tuple[str, ...] = ()
    query: str = ""
    new: tuple[str, ...] = ()  # an analogy's new topic words


def resolve(text: str, topic: Faq, index: SearchIndex, previous: str = "") -> Resolution | None:
    """What a message means within the topic, or None when it is a question of its own (search as usual)
    or asks for a person (the handover reads that).

    A message is a question of its own when it names something the topic's category never speaks of,
    or when the knowledge base alone is sure of an entry whose title has the message's own topic words.
    "Còn X thì sao" with X new to the topic asks X by analogy, keeping the topic's aspect. Otherwise the
    message is read within the topic: its own answer when it says what is asked (where, what to bring),
    for a fee, a time, a loss or an expiry the sibling entry dedicated to it first.
    """
    # asking for a person is for the handover, not for the topic ("bác làm không được, có ai chỉ giùm không")
    if mentions_a_person(text):
        return None
    if wants_simpler(text):
        return Resolution(Kind.SIMPLER, topic)
    aspects = tuple(aspects_of(text))
    own, new = named_words(text, topic, index)
    if new and is_analogy(text) and not aspects:
        # the aspect the resident last asked about ("làm trên VNeID được không", then "còn hộ chiếu thì sao"),
        # else what the topic's own entry is about
        kept = tuple(aspects_of(previous) or aspects_of(f"{topic.title}. {topic.questions[0] if topic.questions else ''}"))
        if kept:
            words = " ".join(w.replace("_", " ") for w in own)
            query = f"{' '.join(CUES[a][0] for a in kept)} {words}"
            return Resolution(Kind.ANALOGY, aspects=kept, query=query, new=tuple(new))
    field_entry = _field_entry(index, topic, aspects)
    if field_entry is not None:
        # said in words that ask only this ("lỡ bấm vô link rồi", "có cần ghi tên không"), whatever else it names
        return Resolution(Kind.FIELD, field_entry, aspects)
    if foreign(own, topic, index) or _named_elsewhere(text, own, topic, index):
        return None
    if new and len(key(text).split()) > SHORT_FOLLOW_UP:
        return None  # a longer message naming something the topic's entry never speaks of asks about that
    if not aspects:
        return Resolution(Kind.TOPIC, topic, query=f"{text} {topic.category_title}")
    lines = answer_lines(topic, aspects)
    if lines and not any(a in _own_entries(text) for a in aspects):
        return Resolution(Kind.PART, topic, aspects, lines)
    sibling = _sibling(index, topic, aspects, text)
    if sibling is not None:
        return Resolution(Kind.SIBLING, sibling, aspects)
    if lines:
        return Resolution(Kind.PART, topic, aspects, lines)
    return Resolution(Kind.TOPIC, topic, aspects, query=f"{text} {topic.category_title}")


def picked_by_rules(resolution: Resolution | None, text: str, topic: Faq, index: SearchIndex) -> Faq | None:
    """The entry a resolution answers within the topic (None: a question of its own, or an analogy, which is
    searched anew)."""
    if resolution is None or resolution.kind is Kind.ANALOGY:
        return None
    if resolution.kind in (Kind.SIBLING, Kind.FIELD) and resolution.entry is not None:
        return resolution.entry
    if resolution.kind is Kind.TOPIC:
        return pick_in_topic(text, topic, search_message(index, resolution.query, k=5))
    return topic  # its own answer again, or the part of it asked


def _named_elsewhere(text: str, own: list[str], topic: Faq, index: SearchIndex) -> bool:
    """True if the knowledge base alone is fairly sure of another entry, and that entry's title has the message's
    own topic words ("xin trích lục kết hôn ở đâu" after marriage registration is the extract's entry)."""
    if not own:
        return False
    alone = index.search(text, k=1)
    if not alone or alone[0].score < index.calibration.suggest_at or alone[0].entry.id == topic.id:
        return False
    title = key(alone[0].entry.title)
    return any(in_title(title, w) for w in own)


def pick_in_topic(text: str, topic: Faq, hits: list[Hit]) -> Faq:
    """For a follow-up naming no aspect: the entry of the category whose title has a word of the message that
    the topic's title lacks ("cái ảnh thì chụp thế nào" → the photo entry), else the topic itself."""
    said = _topical(text)
    own_title = _title_words(topic)
    for hit in hits:
        if hit.entry.category == topic.category and (_title_words(hit.entry) - own_title) & said:
            return hit.entry
    return topic


def _topical(text: str) -> set[str]:
    """The folded words of a text that may name a topic: no generic or short words, but "ảnh" (a photo),
    which folded reads as the generic pronoun "anh"."""
    words = {w for w in key(text).split() if w not in GENERIC and len(w) > 2}
    return words | {"anh"} if "ảnh" in normalize(text).split() else words


def _title_words(entry: Faq) -> set[str]:
    """The topical words of an entry's title."""
    return _topical(entry.title)


def _sibling(index: SearchIndex, topic: Faq, aspects: tuple[Aspect, ...], text: str) -> Faq | None:
    """The entry of the topic's category that is about the aspect asked and about the same thing as the topic
    (their titles share two neighbouring syllables: "Lệ phí làm hộ chiếu" for "Làm hộ chiếu trực tuyến"),
    closest to the topic."""
    query = f"{text} {topic.title}"
    subject = title_pairs(topic)

    def fits(entry: Faq) -> bool:
        # a processing time is not a deadline: "Thời hạn đăng ký khai sinh" does not say how long the office takes
        return (
            entry.category == topic.category
            and entry.id != topic.id
            and about_as_asked(entry, aspects, text)
            and bool(title_pairs(entry) & subject)
        )

    for hit in index.search(query, k=20):
        if fits(hit.entry):
            return hit.entry
    # not among the closest: the category's first entry that fits
    return next((e for e in index.entries if fits(e)), None)


def _field_entry(index: SearchIndex, topic: Faq, aspects: tuple[Aspect, ...]) -> Faq | None:
    """The entry that answers an aspect asked for the topic's whole field (knowledge.aspects.FIELD_WIDE: what to
    do after a slip, reporting without a name), when the topic is in that field and is not that entry."""
    for aspect in aspects:
        field = FIELD_WIDE.get(aspect, ())
        if topic.category in field and not about(topic, (aspect,)):
            found = next((e for e in index.entries if e.category in field and about(e, (aspect,))), None)
            if found is not None:
                return found
    return None


def _own_entries(text: str) -> tuple[Aspect, ...]:
    """The aspects asked in this message that a dedicated sibling entry answers first."""
    processing = (Aspect.TIME,) if asks_processing(text) else ()
    return _OWN_ENTRIES + (Aspect.FEE,) + processing


def steps(entry: Faq) -> list[str]:
    """An answer cut into short pieces for "nói dễ hơn": its steps, else its numbered lines, else its sentences."""
    if entry.steps:
        return list(entry.steps)
    lines = [line.strip() for line in entry.answer.splitlines() if line.strip()]
    numbered = [line for line in lines if re.match(r"^\d+[.)]", line)]
    if len(numbered) >= 2:
        return numbered
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(lines)) if s.strip()]
