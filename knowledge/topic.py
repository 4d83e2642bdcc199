"""Follow-up questions read within the conversation's topic.

After an answer about making a passport online, "vậy lệ phí bao nhiêu" names no topic of its own: it asks
the passport's fee. This module tells such a message apart from a new question (`topic_words`), finds
what it asks about (`aspects_of`: the fee, the time, the place…), and resolves it against the entry last
answered: a sibling entry of the same category about that aspect (the passport's fee entry), else the
lines of the current answer that say it. "Còn hộ chiếu thì sao" after the ID card's fee names a new
topic by analogy and keeps the aspect. "Bác không hiểu, nói dễ hơn" asks for the last answer again,
step by step. Everything is matched on the accent-folded, teencode-expanded text (nlu.normalize).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, TypeVar, cast

from knowledge.entries import Faq
from knowledge.index import Hit, SearchIndex
from nlu.normalize import FILLERS, canonical, match_key, normalize


class Aspect(str, Enum):
    """What a follow-up asks about its topic."""

    FEE = "fee"
    TIME = "time"
    PLACE = "place"
    DOCUMENTS = "documents"
    ONLINE = "online"
    WHO = "who"
    LOST = "lost"
    EXPIRY = "expiry"
    FINE = "fine"
    DELIVERY = "delivery"


# How residents ask about each aspect (folded). Word boundaries are added around each.
CUES: dict[Aspect, tuple[str, ...]] = {
    Aspect.FEE: (
        "le phi",
        "phi",
        "bao nhieu tien",
        "may tien",
        "mat tien",
        "ton tien",
        "mat phi",
        "ton phi",
        "tra tien",
        "tien",
        "dong tien",
        "nop tien",
        "mien phi",
        "ton kem",
    ),
    Aspect.TIME: (
        "bao lau",
        "may ngay",
        "bao nhieu ngay",
        "khi nao co",
        "khi nao",
        "bao gio",
        "thoi gian",
        "lau khong",
        "lau ko",
        "may bua",
        "may hom",
        "mat bao lau",
        "bao lau thi co",
        "nhanh khong",
        "may tuan",
        "han chot",
        "may gio",
        "tre nhat",
        "cham nhat",
        "truoc may gio",
        "thoi han",
    ),
    Aspect.PLACE: (
        "o dau",
        "cho nao",
        "noi nao",
        "di dau",
        "den dau",
        "lam o dau",
        "nop o dau",
        "nhan o dau",
        "ra phuong",
        "ra cong an",
        "dia chi",
    ),
    Aspect.DOCUMENTS: (
        "giay to",
        "ho so",
        "mang gi",
        "mang theo",
        "can gi",
        "chuan bi gi",
        "can nhung gi",
        "can mang",
        "giay to gi",
        "thu tuc",
        "chuan bi",
    ),
    Aspect.ONLINE: (  # the first cue of each aspect is also how an analogy asks it again ("làm trực tuyến")
        "truc tuyen",
        "dien thoai",
        "online",
        "tren mang",
        "qua mang",
        "o nha",
        "tai nha",
        "ung dung",
        "tren vneid",
        "may tinh",
    ),
    Aspect.WHO: (
        "nguoi gia",
        "nguoi lon tuoi",
        "cao tuoi",
        "tre em",
        "con nho",
        "em be",
        "nguoi khac",
        "lam ho",
        "lam dum",
        "lam giup",
        "uy quyen",
        "nguoi than",
        "con cai",
        "ong ba",
    ),
    Aspect.LOST: ("bi mat", "mat thi", "lam mat", "that lac", "danh roi", "mat roi", "bi lay cap", "hu hong", "bi hu"),
    Aspect.EXPIRY: ("het han", "qua han", "tre han", "den han", "con han"),
    Aspect.FINE: ("phat", "bi phat", "phat bao nhieu", "xu phat", "muc phat"),
    Aspect.DELIVERY: (
        "gui ve",
        "ve tan nha",
        "tan nha",
        "buu dien",
        "nhan ket qua",
        "lay ket qua",
        "giao ve",
        "tra ket qua",
        "ship",
    ),
}
# How the bot names each aspect when it answers from part of an entry.
LABELS: dict[Aspect, str] = {
    Aspect.FEE: "lệ phí",
    Aspect.TIME: "thời gian",
    Aspect.PLACE: "nơi làm",
    Aspect.DOCUMENTS: "giấy tờ cần chuẩn bị",
    Aspect.ONLINE: "cách làm trên điện thoại, trực tuyến",
    Aspect.WHO: "trường hợp người khác, người già, trẻ em",
    Aspect.LOST: "trường hợp bị mất",
    Aspect.EXPIRY: "trường hợp hết hạn",
    Aspect.FINE: "mức phạt",
    Aspect.DELIVERY: "cách nhận kết quả",
}
# Words that mark an answer's line as saying this aspect (folded).
MARKERS: dict[Aspect, tuple[str, ...]] = {
    Aspect.FEE: ("phi", "dong", "mien", "000", "tien"),
    Aspect.TIME: ("ngay", "gio", "thang", "tuan", "phut", "han"),
    Aspect.PLACE: ("tai", "den", "mot cua", "cong an", "phuong", "buu dien"),
    Aspect.DOCUMENTS: ("giay", "anh", "ho so", "mang theo", "ban sao", "to khai", "can cuoc"),
    Aspect.ONLINE: ("vneid", "truc tuyen", "online", "dien thoai", "ung dung", "dich vu cong"),
    Aspect.WHO: ("cao tuoi", "tre", "duoi", "tuoi", "uy quyen", "nguoi than", "giam ho", "cha me"),
    Aspect.LOST: ("bi mat", "lam mat", "mat the", "that lac", "cap lai"),
    Aspect.EXPIRY: ("het han", "qua han", "doi", "cap doi"),
    Aspect.FINE: ("phat",),
    Aspect.DELIVERY: ("buu dien", "nhan ket qua", "tra ket qua", "gui ve", "tan nha", "tu den nhan"),
}
# Words that make an entry's title about the aspect (folded): the entry is then dedicated to it.
TITLE_MARKERS: dict[Aspect, tuple[str, ...]] = {
    Aspect.FEE: ("le phi", "phi", "tien", "mien phi"),
    Aspect.TIME: ("thoi gian", "bao lau", "may ngay", "thoi han"),
    Aspect.PLACE: ("o dau", "noi", "dia chi"),
    Aspect.DOCUMENTS: ("giay to", "ho so", "mang theo", "chuan bi"),
    Aspect.ONLINE: ("truc tuyen", "online", "vneid", "dien thoai"),
    Aspect.WHO: ("nguoi gia", "cao tuoi", "tre", "uy quyen"),
    Aspect.LOST: ("mat", "hong", "cap lai"),
    Aspect.EXPIRY: ("het han", "qua han", "doi"),
    Aspect.FINE: ("phat",),
    Aspect.DELIVERY: ("nhan ket qua", "buu dien", "tra ket qua"),
}
# Aspects that usually have entries of their own (a lost or expired document, receiving the result): those first. A fee or a time
# comes from the topic's answer only when a line of it gives the number.
_OWN_ENTRIES = (Aspect.LOST, Aspect.EXPIRY, Aspect.DELIVERY)
# A fee has its own entry too where the category has one ("Lệ phí đăng ký cư trú"): the topic's answer may
# name one fee among several. So has a processing time, when that is what is asked ("mấy bữa thì xong"),
# not how long something lasts or must last ("ở bao lâu thì phải đăng ký" is the topic's own rule).
_DEADLINE = re.compile(r"\bthoi han\b|\bhan chot\b|\bqua han\b|\btre han\b")
_PROCESSING = re.compile(r"\b(?:xong|co ket qua|thi co|nhan duoc|mat bao lau|giai quyet|lau khong|lau ko|bao lau thi co)\b")
# Lines that answer a fee, a time or a fine must give it ("nộp lệ phí trực tuyến" says nothing of how much).
_MONEY = re.compile(
    r"\d[\d.,]*\s*(?:đồng|đ\b|nghìn|ngàn|triệu)|miễn (?:lệ )?phí|không (?:mất|tốn|thu) (?:lệ )?phí|không tốn", re.IGNORECASE
)
_DURATION = re.compile(r"\d+\s*(?:ngày|giờ|tháng|tuần|phút|năm)|trong ngày|ngay lập tức|ngay khi", re.IGNORECASE)
_AMOUNT = {Aspect.FEE: _MONEY, Aspect.FINE: _MONEY, Aspect.TIME: _DURATION}
_TITLE = {aspect: re.compile(r"\b(?:" + "|".join(markers) + r")\b") for aspect, markers in TITLE_MARKERS.items()}
_MARKER = {aspect: re.compile(r"\b(?:" + "|".join(markers) + r")\b") for aspect, markers in MARKERS.items()}
_CUE = {aspect: re.compile(r"\b(?:" + "|".join(sorted(cues, key=len, reverse=True)) + r")\b") for aspect, cues in CUES.items()}

# Words that name no topic: asking, addressing, linking ("còn", "vậy", "thì", "nữa"), with the fillers.
GENERIC = FILLERS | frozenset(
    """con nua them the neu bi roi vay do cai nay kia duoc khong co can phai lam di ra vo vao len xong ok u uh hieu
    nhieu bao lau khi nhu sao chi chu chua thi la nao ai mot hai may gio ngay lai cung van hay hoac hon it dang
    nhe nha ha ho ta tu tren duoi trong sau truoc qua luon thoi nghe nhu vay a ak oi um uhm vang minh toi tui
    em anh chi ong ba nguoi mat som muon roi kho de noi ro biet hoi nhanh tot nhung gom no s tan lay dat ben hoai
    me mot thang gi ma moi vo chong con chau o nha xong het thi giup lam ket qua""".split()
)
# A word used by more than this share of the entries is too common to name a topic ("làm", "đăng ký").
TOPICAL_SHARE = 0.2
_QUESTION = re.compile(r"\b(?:the nao|nhu the nao|nhu nao|bao nhieu|lam sao|ra sao|duoc khong|hay khong)\b")
# "Còn hộ chiếu thì sao", "… thì sao", "vậy còn bằng lái": a new topic asked by analogy with the last one.
# "Còn" alone opens only a very short one: "con muốn hỏi …" is a child's "I", not "and what about".
_ANALOGY = re.compile(r"\bthi sao\b|\bthi the nao\b|\bthi nhu the nao\b|\bcung vay\b")
_AND_WHAT_ABOUT = re.compile(r"^(?:(?:vay|the|roi|ok|da)\s+)*con\s+\S")
AND_WHAT_ABOUT_WORDS = 4
# "Nếu …", "lỡ …", "trường hợp …": a case within the topic, however it ends
_CONDITION = re.compile(r"^(?:(?:vay|the|con|ma|a|u|oi)\s+)*(?:neu|lo|nho|trong truong hop|truong hop|gia su)\b")
# "Bác không hiểu, nói dễ hơn được không": the last answer again, simpler. Asked outright ("nói dễ hơn",
# "từng bước") or only said ("không hiểu", "khó quá"); the latter is also how frustration sounds.
_EXPLAIN_AGAIN = re.compile(
    r"\b(?:noi de hon|noi ro hon|noi lai|giai thich|tung buoc|cham thoi|cham lai|noi cham|ngan gon|de hieu|"
    r"don gian|chi lai|tu tu)\b"
)
_NOT_UNDERSTOOD = re.compile(r"\b(?:khong hieu|chua hieu|kho hieu|rac roi qua|phuc tap qua|dai qua|kho qua|khong ro)\b")
# Asking for a person is for the handover, not for the topic ("bác làm không được, có ai chỉ giùm không").
_PERSON = re.compile(r"\b(?:co ai|nho ai|nguoi that|gap nguoi|nguoi ho tro|tinh nguyen vien|can bo|nhan vien)\b")


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """The folded, teencode-expanded, canonical form every rule here reads."""
    return match_key(canonical(text or ""))


def aspects_of(text: str) -> list[Aspect]:
    """The aspects a message asks about, in the order of the table ("nhận kết quả ở đâu" asks how the result
    comes, not where the office is)."""
    folded = key(text)
    found = [aspect for aspect, cue in _CUE.items() if cue.search(folded)]
    return [a for a in found if not (a is Aspect.PLACE and Aspect.DELIVERY in found)]


def wants_simpler(text: str, outright: bool = False) -> bool:
    """True if the resident asks for the last answer again, simpler or step by step (and not for a person);
    `outright`: only when they ask for it, not when they only say they did not understand."""
    folded = key(text)
    asked = _EXPLAIN_AGAIN.search(folded) or (not outright and _NOT_UNDERSTOOD.search(folded))
    return bool(asked) and not _PERSON.search(folded)


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


def _asking(words: list[str]) -> list[bool]:
    """For each word of a folded message, whether it belongs to how the message asks (an aspect, a question word)."""
    text = " ".join(words)
    marked = [False] * len(text)
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    for pattern in (_QUESTION, *_CUE.values()):
        for start in starts:  # at every word, so overlapping phrases ("cần mang", "mang theo") all count
            match = pattern.match(text, start)
            if match:
                marked[match.start() : match.end()] = [True] * (match.end() - match.start())
    flags, position = [], 0
    for word in words:
        flags.append(marked[position])
        position += len(word) + 1
    return flags


def topic_words(text: str, index: SearchIndex) -> list[str]:
    """The words of a message that name a topic of the knowledge base: used by few of its entries, and not
    part of how the message asks (its aspect, its question words). Neighbouring pairs count too: "tiền điện"
    names a topic though "tiền" asks the fee and "điện" alone is in every "điện thoại"."""
    words = key(text).split()
    asking = _asking(words)
    idf, floor = index.idf[0], math.log((len(index.entries) + 1) / (TOPICAL_SHARE * len(index.entries) + 1)) + 1
    found = [w for w, a in zip(words, asking) if not a and w not in GENERIC and idf.get(w, 0.0) >= floor]
    share, counts = TOPICAL_SHARE * len(index.entries), _pair_counts(index)
    for i in range(len(words) - 1):
        pair = words[i : i + 2]
        own = [w for w, a in zip(pair, asking[i : i + 2]) if not a and w not in GENERIC]
        if own and 0 < counts.get("_".join(pair), 0) <= share:
            found.append("_".join(pair))
    return found


_T = TypeVar("_T")


def _per_index(index: SearchIndex, name: str, build: Callable[[], _T]) -> _T:
    """A value derived from an index, kept on it: it lives and goes with that index (an edit builds a new one)."""
    cache: dict[str, Any] = index.__dict__.setdefault("_topic_cache", {})
    if name not in cache:
        cache[name] = build()
    # each name is only ever built by one builder, so the value under it has that builder's type
    return cast(_T, cache[name])


def _pair_counts(index: SearchIndex) -> dict[str, int]:
    """How many entries use each pair of neighbouring syllables (phrasings and answer)."""

    def build() -> dict[str, int]:
        counts: dict[str, int] = {}
        for pairs in index.pairs:
            for pair in pairs:
                counts[pair] = counts.get(pair, 0) + 1
        return counts

    return _per_index(index, "pairs", build)


def _position(index: SearchIndex, entry: Faq) -> int:
    """Where an entry stands in the index."""
    return _per_index(index, "positions", lambda: {e.id: i for i, e in enumerate(index.entries)})[entry.id]


class Kind(str, Enum):
    """How a message relates to the conversation's topic."""

    SIBLING = "sibling"  # another entry of the topic's category answers the aspect asked
    PART = "part"  # lines of the topic's own answer say it
    SIMPLER = "simpler"  # the topic's answer again, step by step
    ANALOGY = "analogy"  # a new topic, the old aspect: search with this query
    TOPIC = "topic"  # a follow-up that names no aspect: a sibling whose title it names, else the topic again


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
    if _PERSON.search(key(text)):
        return None
    if wants_simpler(text):
        return Resolution(Kind.SIMPLER, topic)
    aspects = tuple(aspects_of(text))
    own = topic_words(text, index)
    vocabulary = index.told[0][_position(index, topic)]
    new = [w for w in own if not set(w.split("_")) <= vocabulary and not set(w.split("_")) & GENERIC]
    if new and is_analogy(text) and not aspects:
        # the aspect the resident last asked about ("làm trên VNeID được không", then "còn hộ chiếu thì sao"),
        # else what the topic's own entry is about
        kept = tuple(aspects_of(previous) or aspects_of(f"{topic.title}. {topic.questions[0] if topic.questions else ''}"))
        if kept:
            words = " ".join(w.replace("_", " ") for w in own)
            query = f"{' '.join(CUES[a][0] for a in kept)} {words}"
            return Resolution(Kind.ANALOGY, aspects=kept, query=query, new=tuple(new))
    if _foreign(own, topic, index) or _named_elsewhere(text, own, topic, index):
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


def _named_elsewhere(text: str, own: list[str], topic: Faq, index: SearchIndex) -> bool:
    """True if the knowledge base alone is fairly sure of another entry, and that entry's title has the message's
    own topic words ("xin trích lục kết hôn ở đâu" after marriage registration is the extract's entry)."""
    if not own:
        return False
    alone = index.search(text, k=1)
    if not alone or alone[0].score < index.calibration.suggest_at or alone[0].entry.id == topic.id:
        return False
    title = set(key(alone[0].entry.title).split())
    return any(set(w.split("_")) <= title for w in own)


# A word used by at most this share of the entries, and by none of the topic's category, names another topic.
FOREIGN_SHARE = 0.1


def _foreign(words: list[str], topic: Faq, index: SearchIndex) -> bool:
    """True if one of the message's topic words is rare in the knowledge base and unknown to the topic's category."""
    vocabulary = _category_vocabulary(index, topic.category)
    idf = index.idf[0]
    floor = math.log((len(index.entries) + 1) / (FOREIGN_SHARE * len(index.entries) + 1)) + 1
    return any("_" not in w and w not in vocabulary and idf.get(w, 0.0) >= floor for w in words)


def _category_vocabulary(index: SearchIndex, category: str) -> frozenset[str]:
    """Every word the entries of a category use, in their phrasings and answers."""

    def build() -> frozenset[str]:
        return frozenset(
            w for position, entry in enumerate(index.entries) if entry.category == category for w in index.told[0][position]
        )

    return _per_index(index, f"vocabulary:{category}", build)


def pick_in_topic(text: str, topic: Faq, hits: list[Hit]) -> Faq:
    """For a follow-up naming no aspect: the entry of the category whose title has a word of the message that
    the topic's title lacks ("cái ảnh thì chụp thế nào" → the photo entry), else the topic itself."""
    said = _topical(text)
    own_title = _title_words(topic)
    for hit in hits:
        if hit.entry.category == topic.category and (_title_words(hit.entry) - own_title) & said:
            return hit.entry
    return topic


def titled_with(hit: Hit, words: list[str]) -> bool:
    """True if an entry's title has one of these words (an analogy's new topic)."""
    title = set(key(hit.entry.title).split())
    return any(set(w.split("_")) <= title for w in words)


def _about(entry: Faq, aspects: tuple[Aspect, ...]) -> bool:
    """True if an entry is dedicated to one of the aspects: its title says it."""
    title = key(entry.title)
    return any(_TITLE[a].search(title) for a in aspects)


def _topical(text: str) -> set[str]:
    """The folded words of a text that may name a topic: no generic or short words, but "ảnh" (a photo),
    which folded reads as the generic pronoun "anh"."""
    words = {w for w in key(text).split() if w not in GENERIC and len(w) > 2}
    return words | {"anh"} if "ảnh" in normalize(text).split() else words


def _title_words(entry: Faq) -> set[str]:
    """The topical words of an entry's title."""
    return _topical(entry.title)


def _title_pairs(entry: Faq) -> set[str]:
    """Neighbouring syllables of an entry's title ("ho chieu", "tam tru"): what it is about, where single
    folded syllables collide ("hằng tháng" and "ngân hàng" both have "hang")."""
    words = key(entry.title).split()
    return {f"{a} {b}" for a, b in zip(words, words[1:]) if not (a in GENERIC and b in GENERIC)}


def _sibling(index: SearchIndex, topic: Faq, aspects: tuple[Aspect, ...], text: str) -> Faq | None:
    """The entry of the topic's category that is about the aspect asked and about the same thing as the topic
    (their titles share two neighbouring syllables: "Lệ phí làm hộ chiếu" for "Làm hộ chiếu trực tuyến"),
    closest to the topic."""
    query = f"{text} {topic.title}"
    subject = _title_pairs(topic)

    # a processing time is not a deadline: "Thời hạn đăng ký khai sinh" does not say how long the office takes
    deadline = Aspect.TIME in aspects and _PROCESSING.search(key(text)) is not None

    def fits(entry: Faq) -> bool:
        return (
            entry.category == topic.category
            and entry.id != topic.id
            and _about(entry, aspects)
            and bool(_title_pairs(entry) & subject)
            and not (deadline and _DEADLINE.search(key(entry.title)))
        )

    for hit in index.search(query, k=20):
        if fits(hit.entry):
            return hit.entry
    # not among the closest: the category's first entry that fits
    return next((e for e in index.entries if fits(e)), None)


def _own_entries(text: str) -> tuple[Aspect, ...]:
    """The aspects asked in this message that a dedicated sibling entry answers first."""
    processing = (Aspect.TIME,) if _PROCESSING.search(key(text)) else ()
    return _OWN_ENTRIES + (Aspect.FEE,) + processing


def answer_lines(entry: Faq, aspects: tuple[Aspect, ...]) -> tuple[str, ...]:
    """The lines of an entry's answer that say the aspects (a fee, a time…), in order."""
    kept = []
    for line in entry.full_text().splitlines():
        folded = key(line)
        if line.strip() and any(_MARKER[a].search(folded) and (a not in _AMOUNT or _AMOUNT[a].search(line)) for a in aspects):
            kept.append(line.strip())
    return tuple(kept[:4])


def steps(entry: Faq) -> list[str]:
    """An answer cut into short pieces for "nói dễ hơn": its steps, else its numbered lines, else its sentences."""
    if entry.steps:
        return list(entry.steps)
    lines = [line.strip() for line in entry.answer.splitlines() if line.strip()]
    numbered = [line for line in lines if re.match(r"^\d+[.)]", line)]
    if len(numbered) >= 2:
        return numbered
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(lines)) if s.strip()]
