"""E-mail addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.personal_numbers.hits import Hit
from bot.personal_numbers.kinds import Kind

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def email_hits(text: str) -> Iterator[Hit]:
    if "@" in text:
        for found in _EMAIL.finditer(text):
            yield Hit(found.start(), found.end(), Kind.EMAIL)
