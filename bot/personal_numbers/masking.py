"""The masker: personal numbers in a resident's text replaced by labels, before anything keeps the text.

What it hides (bot/personal_numbers/kinds.py): CCCD (12 digits) and CMND (9) numbers, phone numbers (0…/+84…,
mobile and landline), bank cards (13–19 digits, Luhn), account numbers next to «STK / số tài khoản» or a
bank's name, OTP codes next to «mã / OTP» (or named by their sender, their length, or a sentence before),
passwords and PINs next to «mật khẩu / pass / mk / mã pin» (and the other guess after «hay»), and e-mail
addresses. Numbers may be typed whole, spaced, dotted or dashed, or spoken by a phone's speech-to-text, digit
by digit or in groups, in words or in numerals and words mixed ("không chín không một…", "không chín lẻ tám,
mười hai, năm mươi tư…", "0 tám 3 không…", "9704 1826 chín chín…"). What it leaves: dates, amounts (balances too),
times, years, ages, article numbers, house numbers, batteries, the codes of files, receipts, contracts,
orders, parcels and transactions, products' barcodes, serials, banks' own codes (BIN), and the public numbers
residents and our answers use (113, 1022, 1900 xxxx…).

Why hand-written patterns rather than a library: the PII tools we know (Presidio, scrubadub) need an
English NLP model and know neither Vietnamese keywords nor Vietnamese documents; phonenumbers'
validity check would leave a mistyped or not-yet-allocated number readable, the wrong way round for
privacy, and Vietnamese phone numbers have a simple shape. The Luhn check is six lines.
`make eval-masking` (devtools/eval_masking.py) measures this module on a written set of positives and
look-alikes.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.personal_numbers.emails import email_hits
from bot.personal_numbers.hits import Hit
from bot.personal_numbers.kinds import Kind
from bot.personal_numbers.numbers import number_hits
from bot.personal_numbers.passwords import password_hits
from bot.personal_numbers.spoken import spoken_hits

__all__ = ["Kind", "Masked", "mask"]


@dataclass(frozen=True)
class Masked:
    """A text with its personal numbers replaced by labels, and the kinds found (in order, each once)."""

    text: str
    kinds: tuple[Kind, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


CACHE_SIZE = 4096
# Texts found clean, remembered: the same text is often masked twice (stored, then logged), and most
# texts are clean. A text with a number in it is never remembered, so no secret outlives its request.
_clean: dict[str, Masked] = {}


def mask(text: str) -> Masked:
    """The text with every personal number replaced by its kind's label, and the kinds found."""
    found = _clean.get(text)
    if found is not None:
        return found
    masked = _mask(text)
    if not masked.changed:
        if len(_clean) >= CACHE_SIZE:
            _clean.clear()
        _clean[text] = masked
    return masked


def _mask(text: str) -> Masked:
    hits = [*email_hits(text), *number_hits(text), *spoken_hits(text), *password_hits(text)]
    if not hits:
        return Masked(text)
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    merged: list[Hit] = []
    for hit in hits:
        if merged and hit.start < merged[-1].end:  # overlapping: one label covers both, nothing leaks
            last = merged[-1]
            merged[-1] = Hit(last.start, max(last.end, hit.end), last.kind)
        else:
            merged.append(hit)
    parts, kinds, at = [], [], 0
    for hit in merged:
        parts += [text[at : hit.start], hit.kind.label]
        at = hit.end
        if hit.kind not in kinds:
            kinds.append(hit.kind)
    parts.append(text[at:])
    return Masked("".join(parts), tuple(kinds))
