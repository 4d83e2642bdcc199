"""A place in a text the masker hides, and the kind of what stands there."""

from __future__ import annotations

from dataclasses import dataclass

from bot.personal_numbers.kinds import Kind


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    kind: Kind
