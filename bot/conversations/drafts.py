"""A reply before it is stored: what every producer of outbound messages hands the router."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.conversations.models import Mode


@dataclass
class Draft:
    """Text, optional quick replies, and the meta the channels and the console read."""

    text: str
    buttons: list[dict[str, str]] | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def system_meta(mode: Mode, **extra: Any) -> dict[str, Any]:
    """Meta of a notice the gateway itself writes (queue, call-back, rating)."""
    return {"source": "system", "intent": None, "confidence": None, "handoff": False, "mode": mode, **extra}
