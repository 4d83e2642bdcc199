"""A reply before it is stored: what every producer of outbound messages hands the router."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.conversations.models import Awaiting, Mode


@dataclass
class Draft:
    """Text, optional quick replies, and the meta the channels and the console read."""

    text: str
    buttons: list[dict[str, str]] | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def awaits(draft: Draft) -> tuple[Awaiting | None, int | None]:
    """What a conversation waits for once this draft is its latest message: meta["await"], and the row it
    is about (meta["callback_id"] for a call-back's question, else meta["ticket_id"]); (None, None) if nothing."""
    kind = draft.meta.get("await")
    if kind is None:
        return None, None
    ref = draft.meta.get("callback_id") or draft.meta.get("ticket_id")
    return Awaiting(kind), int(ref) if ref is not None else None


def system_meta(mode: Mode, **extra: Any) -> dict[str, Any]:
    """Meta of a notice the gateway itself writes (queue, call-back, rating)."""
    return {"source": "system", "intent": None, "confidence": None, "handoff": False, "mode": mode, **extra}
