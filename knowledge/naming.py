"""What a resident's message names, against the knowledge base and a conversation's topic: its topic words (used by
few entries, not part of how it asks), those the topic's entry never uses, and the apps it names that the topic
does not. Read by knowledge.topic (what a follow-up means) and knowledge.follow_up (the reader's features).
Everything is matched on the accent-folded, teencode-expanded text (knowledge.aspects.key).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from knowledge.aspects import CUE_PATTERNS, key
from knowledge.entries import Faq
from knowledge.index import Hit, SearchIndex
from nlu.normalize import FILLERS

# Words that name no topic: asking, addressing, linking ("còn", "vậy", "thì", "nữa"), with the fillers; "tuổi":
# an age says who, not what ("con gái tôi 10 tuổi" after the passport's fee asks the child's passport, not an
# entry titled with "tuổi"); "bằng" (by: "báo bằng điện thoại", whose "bằng điện" is in «Quét mã QR bằng camera
# điện thoại») and "ngại" (reluctant): how, not what.
GENERIC = FILLERS | frozenset(
    """con nua them the neu bi roi vay do cai nay kia duoc khong co can phai lam di ra vo vao len xong ok u uh hieu
    nhieu bao lau khi nhu sao chi chu chua thi la nao ai mot hai may gio ngay lai cung van hay hoac hon it dang
    nhe nha ha ho ta tu tren duoi trong sau truoc qua luon thoi nghe nhu vay a ak oi um uhm vang minh toi tui
    em anh chi ong ba nguoi mat som muon roi kho de noi ro biet hoi nhanh tot nhung gom no s tan lay dat ben hoai
    me mot thang gi ma moi vo chong con chau o nha xong het thi giup lam ket qua tuoi bang ngai""".split()
)
# A word used by more than this share of the entries is too common to name a topic ("làm", "đăng ký").
TOPICAL_SHARE = 0.2
_QUESTION = re.compile(r"\b(?:the nao|nhu the nao|nhu nao|bao nhieu|lam sao|ra sao|duoc khong|hay khong)\b")


# What a number counts when it is followed by one of these: an amount ("đóng dưới 10 năm", "2 triệu"), not a name
# ("lớp 10", whose entry a number alone would otherwise name; an age names the entries titled with it)
UNITS = frozenset("nam thang ngay tuan gio phut trieu tr nghin ngan k dong lan nguoi phan".split())


def _amount(words: list[str], position: int) -> bool:
    """True if the word at `position` is a number that counts something (followed by a unit), or its unit."""
    if words[position].isdigit():
        return position + 1 < len(words) and words[position + 1] in UNITS
    return words[position] in UNITS and position > 0 and words[position - 1].isdigit()


def _asking(words: list[str]) -> list[bool]:
    """For each word of a folded message, whether it belongs to how the message asks (an aspect, a question word,
    an amount)."""
    text = " ".join(words)
    marked = [False] * len(text)
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    for pattern in (_QUESTION, *CUE_PATTERNS.values()):
        for start in starts:  # at every word, so overlapping phrases ("cần mang", "mang theo") all count
            match = pattern.match(text, start)
            if match:
                marked[match.start() : match.end()] = [True] * (match.end() - match.start())
    flags, position = [], 0
    for number, word in enumerate(words):
        flags.append(marked[position] or _amount(words, number))
        position += len(word) + 1
    return flags


# Everyday names of a service made only of words that otherwise ask or say nothing: "phạt nguội" (camera fines)
# is "phạt" (a fine asked) and "nguội", which folds to "người" (a person).
NAMED_PAIRS = frozenset({"phat_nguoi"})


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
        if (own or "_".join(pair) in NAMED_PAIRS) and 0 < counts.get("_".join(pair), 0) <= share:
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


def new_topic_words(own: list[str], topic: Faq, index: SearchIndex) -> list[str]:
    """Those of a message's topic words (`topic_words`) that the topic's entry never uses: what it names anew."""
    vocabulary = index.told[0][_position(index, topic)]
    return [w for w in own if not set(w.split("_")) <= vocabulary and (w in NAMED_PAIRS or not set(w.split("_")) & GENERIC)]


# Apps and portals residents call by name: too common to be topic words (VNeID is in a third of the entries), yet
# "còn cái VNeID quên mật khẩu thì sao" after «Quên mật khẩu VssID» asks about another app.
APPS = ("vneid", "vssid", "etax", "momo", "zalopay", "cong_dan_so", "dich_vu_cong")


def other_apps(text: str, topic: Faq) -> list[str]:
    """The apps a message names that the topic's title does not, where that title names one."""
    said, title = f" {key(text)} ", f" {key(topic.title)} "
    named = [app for app in APPS if f" {app.replace('_', ' ')} " in title]
    return [app for app in APPS if named and app not in named and f" {app.replace('_', ' ')} " in said]


def named_words(text: str, topic: Faq, index: SearchIndex) -> tuple[list[str], list[str]]:
    """A message's topic words and those it names anew (`topic_words`, `new_topic_words`), each with the other
    apps it names (`other_apps`)."""
    own, others = topic_words(text, index), other_apps(text, topic)
    return own + others, new_topic_words(own, topic, index) + others


def words_beyond(text: str, topic: Faq, index: SearchIndex) -> list[str]:
    """The words of a message that neither ask (its aspect, its question words) nor say nothing, and that the
    topic's entry never uses, however common they are elsewhere ("căn cước" after the passport's fee)."""
    words, position = key(text).split(), _position(index, topic)
    vocabulary, pairs, asking, counts = index.told[0][position], index.pairs[position], _asking(words), _pair_counts(index)
    single = [w for w, a in zip(words, asking) if not a and w not in GENERIC and w not in vocabulary]
    # folded syllables collide ("cước" of the post's fee, "căn" of…): two together must be the entry's too
    paired = [
        f"{a}_{b}"
        for (a, b), (ask_a, ask_b) in zip(zip(words, words[1:]), zip(asking, asking[1:]))
        if not (ask_a or ask_b) and not {a, b} <= GENERIC and f"{a}_{b}" not in pairs and f"{a}_{b}" in counts
    ]
    return single + paired


# A word used by at most this share of the entries, and by none of the topic's category, names another topic.
FOREIGN_SHARE = 0.1


def foreign(words: list[str], topic: Faq, index: SearchIndex) -> bool:
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


def in_title(title: str, word: str) -> bool:
    """True if a folded title has the word, a compound's syllables side by side: "goi_dien" is in "goi dien
    thoai", not in "cuoc goi bao cat dien"."""
    return f" {word.replace('_', ' ')} " in f" {title} "


def titled_with(hit: Hit, words: list[str]) -> bool:
    """True if an entry's title has one of these words (an analogy's new topic)."""
    title = key(hit.entry.title)
    return any(in_title(title, w) for w in words)


def title_pairs(entry: Faq) -> set[str]:
    """Neighbouring syllables of an entry's title ("ho chieu", "tam tru"): what it is about, where single
    folded syllables collide ("hằng tháng" and "ngân hàng" both have "hang")."""
    words = key(entry.title).split()
    return {f"{a} {b}" for a, b in zip(words, words[1:]) if not (a in GENERIC and b in GENERIC)}
