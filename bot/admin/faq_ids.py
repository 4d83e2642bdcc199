"""A new FAQ's id from its title: Vietnamese folded to an ASCII slug (knowledge.rules.ID_RE), unique in the store.

Staff used to type the id by hand; now it follows the title (admin.js does the same fold live) and stays
editable until the entry is saved.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy.orm import Session

from knowledge.models import Entry

MAX_LENGTH = 60  # well inside ID_RE's 120: ids appear in addresses and in the history
MIN_LENGTH = 3  # ID_RE's minimum
LONGEST = 120  # ID_RE's maximum
FALLBACK = "cau-hoi"  # for a title with no letters or digits


def slugify(title: str) -> str:
    """«Quên mật khẩu VNeID?» → "quen-mat-khau-vneid": no diacritics, đ as d, words joined by hyphens."""
    text = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_LENGTH:  # cut at a word boundary when there is one
        cut = slug[: MAX_LENGTH + 1].rsplit("-", 1)[0]
        slug = (cut if len(cut) >= MIN_LENGTH else slug[:MAX_LENGTH]).strip("-")
    if not slug:
        return FALLBACK
    return slug if len(slug) >= MIN_LENGTH else f"{FALLBACK}-{slug}"


def unique_id(session: Session, base: str) -> str:
    """`base`, or `base-2`, `base-3`… the first one no entry has."""
    if session.get(Entry, base) is None:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: max(MAX_LENGTH, min(len(base), LONGEST)) - len(suffix)].rstrip("-") + suffix
        if session.get(Entry, candidate) is None:
            return candidate
        number += 1


def settle(session: Session, typed: str, title: str) -> str:
    """The id a new entry gets: staff's own if they typed one; else (or when the title's suggestion is
    already taken, e.g. by a second «Quên mật khẩu VNeID») the title's slug made unique."""
    typed = typed.strip()
    if not " ".join(title.split()):
        return typed  # nothing to go by: the form asks for a title
    base = slugify(title)
    suggested = typed == base or re.fullmatch(re.escape(base) + r"-\d+", typed) is not None
    if not typed or (suggested and session.get(Entry, typed) is not None):
        return unique_id(session, base)
    return typed
