"""How actions tag their replies: the gateway reads `custom.meta` to fill the reply's meta."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FALLBACK = "fallback"
FAQ = "faq"
DIALOGUE = "dialogue"


def meta(source: str, **extra: Any) -> dict[str, Any]:
    """The custom payload carrying a reply's source and any extra facts (faq_id, handoff…)."""
    return {"meta": {"source": source, **extra}}


def bot_replies(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bot's own messages in a tracker's events, newest first."""
    return [e for e in reversed(list(events)) if e.get("event") == "bot"]


def reply_meta(bot_event: dict[str, Any]) -> dict[str, Any]:
    """The meta an earlier reply was tagged with ({} if none)."""
    custom = (bot_event.get("data") or {}).get("custom") or {}
    return custom.get("meta") or {}


def misunderstood_streak(events: Iterable[dict[str, Any]]) -> int:
    """How many of the bot's latest turns in a row could not help (fallback-tagged replies).

    A reply that handed the conversation to a person ends the streak: after the volunteer,
    the count starts again.
    """
    streak = 0
    for event in bot_replies(events):
        tagged = reply_meta(event)
        if tagged.get("source") != FALLBACK or tagged.get("handoff"):
            break
        streak += 1
    return streak
