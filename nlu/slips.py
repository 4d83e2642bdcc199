"""Slips that still make a real syllable, mended by the word they form with a neighbour.

"căng cước", "bị phạc nguội", "quét mặc", "tạm chú", "bảo hiễm", "lừa đão", "sữa thông tin": residents confuse a
final consonant (c/t/ch, n/ng/nh), an onset (tr/ch, s/x, d/gi/r, v/d, l/n; Southern speech merges them) or the
hỏi and ngã tone marks, and what they type is still a Vietnamese syllable, so no spelling check sees it. Only the
pair it makes with a neighbour tells: a pair that neither underthesea's word list nor the assistant's own texts
(the knowledge entries and the NLU examples, counted in `nlu/domain_pairs.json` by `python -m
devtools.domain_pairs`) ever have, one confusion away from a pair those texts have at least twice.

Guards keep real words: a syllable already in a known pair with its other neighbour stays ("hỗ trợ người" is
no "chợ người"); a pair the texts have is mended only into one they have ten times more often; a letter slip is
mended only into a pair that is a fair share of both its syllables' uses ("muốn đón" stays: "muốn" goes with
anything), unless the pair is a dictionary word or a pair of an entry's title; and a syllable the texts use
often by itself ("nên", "khác", "hàng") is mended only into a dictionary word or a title's pair ("tài khoảng" →
"tài khoản", but "nên phường" stays).
Only a message typed with accents is read (and only texts typed with accents are counted): without them, a
syllable could be anything, and the search's sound keys already merge these spellings.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PAIRS_FILE = Path(__file__).with_name("domain_pairs.json")
# A mended pair must be in the texts this often: once could be another slip
MIN_COUNT = 2
# ...and this many times more often than the pair as typed (the texts' own phrasings have slips too: "tạm chú")
RATIO = 10
# ...and be a good share of the uses of both its syllables: "muốn đóng" is common, but "muốn" goes with
# anything; "an nói" is in the texts, as the end of "công an nói"
SHARE = 0.01
# Share of a text's syllables with a mark from which it was typed with accents (Vietnamese prose: about 3 in 4)
ACCENTED_SHARE = 0.35
# A syllable in the texts this often by itself is a word residents mean (see the module's docstring)
FREQUENT = 20

# (written, what was meant): a final or an onset is tried for each of the others it is confused with
_FINALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ch", ("c", "t")),
    ("nh", ("n", "ng")),
    ("ng", ("n", "nh")),
    ("c", ("t", "ch")),
    ("t", ("c", "ch")),
    ("n", ("ng", "nh")),
)
_ONSETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gi", ("d", "r")),
    ("tr", ("ch",)),
    ("ch", ("tr",)),
    ("s", ("x",)),
    ("x", ("s",)),
    ("d", ("gi", "r", "v")),
    ("r", ("d", "gi")),
    ("v", ("d",)),
    ("l", ("n",)),
    ("n", ("l",)),
)
_HOI, _NGA = "\u0309", "\u0303"
# Linking words make no word with their neighbour, and the word list has rare pairs with them ("trợ thì")
_LINKING = frozenset("thì là có và của cho không được mà ở với đi này kia rồi nữa cũng vậy nè hả ạ".split())


@dataclass(frozen=True)
class DomainPairs:
    """How often each pair of syllables occurs in the assistant's texts typed with accents, and which are terms."""

    counts: dict[str, int]
    syllables: dict[str, int]
    terms: frozenset[str]  # pairs of the entries' titles


@lru_cache(maxsize=1)
def domain_pairs() -> DomainPairs:
    """The counts written by `python -m devtools.domain_pairs` (none if the file is missing)."""
    if not PAIRS_FILE.exists():
        return DomainPairs({}, {}, frozenset())
    data = json.loads(PAIRS_FILE.read_text(encoding="utf-8"))
    return DomainPairs(dict(data["pairs"]), dict(data["syllables"]), frozenset(data["terms"]))


def _swap_tone(syllable: str) -> str | None:
    """The syllable with hỏi and ngã exchanged, if it carries either."""
    decomposed = unicodedata.normalize("NFD", syllable)
    if _HOI in decomposed:
        return unicodedata.normalize("NFC", decomposed.replace(_HOI, _NGA))
    if _NGA in decomposed:
        return unicodedata.normalize("NFC", decomposed.replace(_NGA, _HOI))
    return None


@lru_cache(maxsize=65536)
def confusions(syllable: str) -> tuple[tuple[str, bool], ...]:
    """The syllables one common slip away, each with whether the slip is a letter (a final consonant or an
    onset exchanged) rather than the hỏi/ngã tone mark."""
    found: list[tuple[str, bool]] = []
    for written, meant in _FINALS:
        if syllable.endswith(written):
            found += [(syllable[: -len(written)] + m, True) for m in meant]
            break
    for written, meant in _ONSETS:
        if syllable.startswith(written):
            found += [(m + syllable[len(written) :], True) for m in meant]
            break
    swapped = _swap_tone(syllable)
    if swapped:
        found.append((swapped, False))
    return tuple(dict.fromkeys(f for f in found if f[0] != syllable))


def typed_with_accents(words: list[str]) -> bool:
    """Whether a text's words were typed with their accents: most Vietnamese syllables carry a mark (every
    Vietnamese letter outside ASCII has one), a text typed without them has none or a stray few."""
    syllables = [w for w in words if w.isalpha()]
    marked = sum(not w.isascii() for w in syllables)
    return marked >= 2 and marked >= ACCENTED_SHARE * len(syllables)


def mend_slips(words: list[str], dictionary: frozenset[str]) -> list[str]:
    """The words with each slip mended (see the module's docstring). `dictionary`: the word list's pairs."""
    domain = domain_pairs()
    if not domain.counts or not typed_with_accents(words):
        return words

    def known(pair: str) -> bool:
        return pair in dictionary or pair in domain.counts

    def accepted(pair: str, original: str, meant: str, context: str, seen: int, letter: bool) -> int:
        """How often the texts have the mended pair, or 0 if it may not be taken."""
        count = domain.counts.get(pair, 0)
        if count < max(MIN_COUNT, RATIO * seen + 1):
            return 0
        if pair in dictionary or pair in domain.terms:
            return count
        if domain.syllables.get(original, 0) >= FREQUENT or (
            letter and count < SHARE * max(domain.syllables.get(context, 0), domain.syllables.get(meant, 0))
        ):
            return 0
        return count

    out = list(words)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if first in _LINKING or second in _LINKING or not (first.isalpha() and second.isalpha()):
            continue
        if f"{first} {second}" in dictionary:
            continue
        seen = domain.counts.get(f"{first} {second}", 0)
        best: tuple[int, str, str] | None = None
        if not (i + 2 < len(out) and known(f"{second} {out[i + 2]}")):
            for other, letter in confusions(second):
                count = accepted(f"{first} {other}", second, other, first, seen, letter)
                if count and (best is None or count > best[0]):
                    best = (count, first, other)
        if not (i > 0 and known(f"{out[i - 1]} {first}")):
            for other, letter in confusions(first):
                count = accepted(f"{other} {second}", first, other, second, seen, letter)
                if count and (best is None or count > best[0]):
                    best = (count, other, second)
        if best is not None:
            out[i], out[i + 1] = best[1], best[2]
    return out
