"""The gateway's one clock: timezone-aware UTC now, for every timestamp it stores or compares.

Imports nothing of bot, so every package may use it without depending on another.
"""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """Timezone-aware now (UTC)."""
    return datetime.now(timezone.utc)
