"""Words that say someone is in danger now: the emergency's safety net around the intent classifier.

Two lists, both matched on the folded, teencode-expanded text (nlu.normalize.match_key):
  - `present_danger`: phrases that say a life is at risk right now ("cầm dao", "bất tỉnh", "rò rỉ gas").
    A long story hides them from a bag-of-words classifier ("…say rượu, giờ đang cầm dao đuổi vợ con…"
    was read as not understood): where the classifier was not sure of a service question, they make
    the message an emergency.
  - `any_danger`: a broad list of words an emergency can hardly be told without. A message the
    classifier calls an emergency with none of them, sent in the middle of a topic ("Mẹ tôi 80 tuổi ở nhà
    thì sao?" after the pension's answer), may be read as a follow-up instead. Broad on purpose: a word
    too many only keeps the emergency numbers, which cost nothing when not needed.
A third reading, `nlu.situations`, tells a danger by signs that are harmless alone (water rising, a
grandmother bedridden); the phrases themselves are in `nlu.danger_phrases`. No Rasa import: the gateway's
tests and the Rasa component (rasa_addons.nlu.emergency) read the same lists.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlu.danger_phrases import ACCENTED_ONLY, ANY_DANGER, HARMLESS_FORMS, PRESENT_DANGER
from nlu.normalize import fold, has_diacritics, match_key, nfc, normalize
from nlu.phrases import phrase_pattern
from nlu.situations import situation_in

_PRESENT = phrase_pattern(PRESENT_DANGER)
_ANY = phrase_pattern(ANY_DANGER)


# "Cứu" is also the second syllable of "tra cứu" (look up) and "nghiên cứu" (study), and "cứu xét" is to
# consider a request: words of service questions ("tra cứu giúp tôi hồ sơ"), blanked (same length) before
# either list is matched.
_NOT_RESCUE = re.compile(r"\b(?:tra|nghien) cuu\b|\bcuu xet\b")


def _readings(text: str) -> tuple[str, str]:
    """The text folded as typed, and as the normaliser reads it: its teencode and Southern readings also
    rewrite some unaccented words ("hem" is "hẻm" as often as "hổng"), so both are searched."""
    return _blank_not_rescue(fold(nfc(text or "").lower())), _blank_not_rescue(match_key(text or ""))


def _blank_not_rescue(reading: str) -> str:
    return _NOT_RESCUE.sub(lambda found: "_" * len(found.group(0)), reading)


def _as_typed(text: str) -> tuple[str, str]:
    """The two readings of `_readings` before folding, character for character (folding keeps lengths)."""
    return nfc(text or "").lower(), normalize(text or "")


def _meant(phrase: str, typed: str, accented: bool = False) -> bool:
    """False if a phrase was typed with accents that make it another, harmless word (ACCENTED_ONLY, HARMLESS_FORMS);
    `accented`: the message carries accents elsewhere, so one of the broad list's single syllables typed bare is
    that bare syllable ("định danh", not "đánh")."""
    if normalize(typed) in {normalize(form) for form in HARMLESS_FORMS.get(phrase, ())}:
        return False
    forms = ACCENTED_ONLY.get(phrase)
    if forms is None:
        return True
    if fold(typed) == typed:
        return not (accented and " " not in phrase)
    return normalize(typed) in {normalize(form) for form in forms}


def _found(pattern: re.Pattern[str], reading: str) -> list[re.Match[str]]:
    """Every phrase of a list at every word of a reading, overlapping ones too: "đang danh nhau" (a slip of
    "đánh") holds the harmless "đang danh" and the dangerous "danh nhau"."""
    starts = [0] + [m.end() for m in re.finditer(r"\W+", reading)]
    found = (pattern.match(reading, start) for start in starts)
    return [m for m in found if m is not None]


@lru_cache(maxsize=4096)
def present_danger(text: str) -> str | None:
    """The phrase that says someone is in danger now, or None."""
    readings = _readings(text)
    for reading, typed in zip(readings, _as_typed(text)):
        for found in _found(_PRESENT, reading):
            if len(reading) != len(typed) or _meant(found.group(0), typed[found.start() : found.end()]):
                return found.group(0)
    situation = situation_in(readings[1])
    return situation.value if situation else None


@lru_cache(maxsize=4096)
def any_danger(text: str) -> bool:
    """True if the message says anything an emergency could be about."""
    readings = _readings(text)
    if situation_in(readings[1]):
        return True
    accented = has_diacritics(text or "")
    return any(
        len(reading) != len(typed) or _meant(found.group(0), typed[found.start() : found.end()], accented)
        for reading, typed in zip(readings, _as_typed(text))
        for found in _found(_ANY, reading)
    )
