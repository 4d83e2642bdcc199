"""Ward facts (name, address, hours, hotline, classes) filled into bot text at send time."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings

logger = logging.getLogger(__name__)

FACT_KEYS = ("ward_name", "ward_address", "ward_hours", "ward_hotline", "class_schedule")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(FACT_KEYS) + r")\}")


def facts_from_settings(settings: Settings) -> dict[str, str]:
    """The ward facts as configured."""
    return {key: getattr(settings, key) for key in FACT_KEYS}


def fill(text: str, facts: dict[str, str]) -> str:
    """Replaces the known placeholders only; any other brace stays as written."""
    return _PLACEHOLDER.sub(lambda m: facts.get(m.group(1), m.group(0)), text)


def load_facts(session: Session, settings: Settings) -> dict[str, str]:
    """The ward facts staff have set (WardFact rows), the configured default for the others."""
    from bot.ward.models import WardFact

    stored = {row.key: row.value for row in session.scalars(select(WardFact).where(WardFact.key.in_(FACT_KEYS)))}
    return {key: stored.get(key, getattr(settings, key)) for key in FACT_KEYS}


class FactsProvider:
    """Current ward facts from the database, cached a couple of seconds; falls back to the last good read."""

    def __init__(
        self, sessions: sessionmaker, settings: Settings, ttl_s: float = 2.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._sessions = sessions
        self._settings = settings
        self._ttl = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._facts = facts_from_settings(settings)
        self._read_at: float | None = None

    def __call__(self) -> dict[str, str]:
        """The facts, read again when the cached copy is older than the TTL."""
        now = self._clock()
        with self._lock:
            if self._read_at is not None and now - self._read_at < self._ttl:
                return self._facts
            try:
                with self._sessions() as session:
                    self._facts = load_facts(session, self._settings)
            except SQLAlchemyError as error:  # keep answering with what we had
                logger.warning("Ward facts could not be read, using the last known ones: %s", error)
            self._read_at = now
            return self._facts

    def invalidate(self) -> None:
        """Forget the cached copy (after staff saved new facts in this process)."""
        with self._lock:
            self._read_at = None
