"""How actions tag their replies: the gateway reads `custom.meta` to fill the reply's meta."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Text

FALLBACK = "fallback"
FAQ = "faq"
DIALOGUE = "dialogue"


def meta(source: Text, **extra: Any) -> Dict[Text, Any]:
    """The custom payload carrying a reply's source and any extra facts (faq_id, offer…)."""
    return {"meta": {"source": source, **extra}}


def bot_replies(events: Iterable[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The bot's own messages in a tracker's events, newest first."""
    return [e for e in reversed(list(events)) if e.get("event") == "bot"]


def reply_meta(bot_event: Dict[Text, Any]) -> Dict[Text, Any]:
    """The meta an earlier reply was tagged with ({} if none)."""
    custom = (bot_event.get("data") or {}).get("custom") or {}
    return custom.get("meta") or {}


def misunderstood_streak(events: Iterable[Dict[Text, Any]]) -> int:
    """How many of the bot's latest turns in a row could not help (fallback-tagged replies)."""
    streak = 0
    for event in bot_replies(events):
        if reply_meta(event).get("source") != FALLBACK:
            break
        streak += 1
    return streak


def last_offer(events: Iterable[Dict[Text, Any]]) -> Optional[Text]:
    """What the bot's latest reply offered the resident ("human"…), if anything."""
    replies = bot_replies(events)
    return reply_meta(replies[0]).get("offer") if replies else None
