"""What the conversation is about: the entry the bot last answered or the resident last chose (or, after
"which one of these?", the first of the choices, until the resident says otherwise), and the one before it.

Read from Rasa's tracker (the `faq_id` each answer is tagged with), so it survives a restart of any
process and is the same on every channel. It fades after TOPIC_MINUTES or a greeting.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from actions.replies import reply_meta

TOPIC_MINUTES = 30
# after these the resident starts afresh
FADING_INTENTS = frozenset({"greet", "goodbye"})


def recent_topics(events: Iterable[dict[str, Any]], now: float | None = None, limit: int = 2) -> list[str]:
    """The ids of the entries the conversation has been about, newest first and each once (up to `limit`):
    the bot's answers and choices back to the last greeting, restart or TOPIC_MINUTES of silence.

    The newest user event is the message being answered, so it does not fade its own topic.
    """
    now = time.time() if now is None else now
    found: list[str] = []
    latest_user_seen = False
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if latest_user_seen and intent in FADING_INTENTS:
                break
            latest_user_seen = True
        elif kind == "bot":
            faq_id = reply_meta(event).get("faq_id") or reply_meta(event).get("topic")
            if faq_id:
                stamp = event.get("timestamp")
                if stamp is not None and now - float(stamp) > TOPIC_MINUTES * 60:
                    break
                if str(faq_id) not in found:
                    found.append(str(faq_id))
                    if len(found) == limit:
                        break
        elif kind == "restart":
            break
    return found


def current_topic(events: Iterable[dict[str, Any]], now: float | None = None) -> str | None:
    """The id of the entry the conversation is about, or None (no answer yet, faded, or restarted)."""
    topics = recent_topics(events, now, limit=1)
    return topics[0] if topics else None


def earlier_topic(events: Iterable[dict[str, Any]], now: float | None = None) -> str | None:
    """The entry the conversation was about before its current topic ("làm hộ chiếu online", then its fee: the
    passport online), or None."""
    topics = recent_topics(events, now, limit=2)
    return topics[1] if len(topics) == 2 else None
