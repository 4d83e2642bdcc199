"""What the conversation is about: the entry the bot last answered or the resident last chose (or, after
"which one of these?", the first of the choices, until the resident says otherwise; after the entry of an
aspect asked within a topic, such as the passport's fee, still the topic).

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


def current_topic(events: Iterable[dict[str, Any]], now: float | None = None, subject: bool = True) -> str | None:
    """The id of the entry the conversation is about, or None (no answer yet, faded, or restarted);
    `subject=False`: the entry last answered itself, even where it only answered an aspect of the subject.

    The newest user event is the message being answered, so it does not fade its own topic.
    """
    now = time.time() if now is None else now
    latest_user_seen = False
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if latest_user_seen and intent in FADING_INTENTS:
                return None
            latest_user_seen = True
        elif kind == "bot":
            said = reply_meta(event)
            # an aspect's own entry (the fee's) answered within a subject leaves the conversation about the subject
            faq_id = (said.get("subject") if subject else None) or said.get("faq_id") or said.get("topic")
            if faq_id:
                stamp = event.get("timestamp")
                if stamp is not None and now - float(stamp) > TOPIC_MINUTES * 60:
                    return None
                return str(faq_id)
        elif kind == "restart":
            return None
    return None
