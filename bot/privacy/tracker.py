"""Rasa's tracker, as the gateway erases from it: the rows of Rasa's SQL tracker store (table `events`).

The gateway deletes the rows itself rather than asking Rasa: Rasa 3.6 has no call that deletes a
conversation, and its SQL store only ever appends. A conversation the gateway erased is never sent to
Rasa again under the same id (a later message starts a new conversation, with a new id), so Rasa's
in-memory copy of a recent tracker (rasa_addons/tracker_store.py) is never read back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from bot.settings import Settings

logger = logging.getLogger(__name__)

_FORGET = text("DELETE FROM events WHERE sender_id = :sender_id")
# every event of the conversations whose newest event is older than the cut-off
_FORGET_IDLE = text(
    "DELETE FROM events WHERE sender_id IN (SELECT sender_id FROM events GROUP BY sender_id HAVING max(timestamp) < :cutoff)"
)


def tracker_url(settings: Settings) -> URL:
    """The tracker database's address, built as Rasa builds it from the same settings
    (rasa.core.tracker_store.SQLTrackerStore.get_db_url), with the gateway's PostgreSQL driver."""
    host = settings.rasa_tracker_host
    if "://" in host:
        url = make_url(host)
    elif settings.rasa_tracker_dialect == "sqlite":
        return URL.create("sqlite", database=settings.rasa_tracker_db)
    else:
        hostname, _, port = host.partition(":")
        url = URL.create(
            settings.rasa_tracker_dialect,
            username=settings.rasa_tracker_user or None,
            password=settings.rasa_tracker_password or None,
            host=hostname or None,
            port=int(port) if port.isdigit() else None,
            database=settings.rasa_tracker_db or None,
        )
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    return url


class RasaTracker:
    """Deletes conversations from Rasa's tracker database (shared with Rasa, read and written by it)."""

    def __init__(self, url: URL | str) -> None:
        url = make_url(url)
        self.sqlite_file: Path | None = None
        if url.get_backend_name() == "sqlite":
            # Rasa's file, not ours: no pragmas of ours (its journal mode stays Rasa's), and never created here
            self.sqlite_file = Path(url.database) if url.database and url.database != ":memory:" else None
            self.engine: Engine = create_engine(url, connect_args={"timeout": 30})
        else:
            self.engine = create_engine(url, pool_size=2, max_overflow=2, pool_pre_ping=True)

    @classmethod
    def from_settings(cls, settings: Settings) -> RasaTracker:
        return cls(tracker_url(settings))

    def _has_events(self) -> bool:
        """False until Rasa has created its store (the file or the table)."""
        if self.sqlite_file is not None and not self.sqlite_file.exists():
            return False
        return inspect(self.engine).has_table("events")

    def forget(self, sender_ids: Iterable[str]) -> int:
        """Deletes every event of these conversations (Rasa's sender ids); how many rows went."""
        senders = [{"sender_id": sender} for sender in sender_ids]
        if not senders or not self._has_events():
            return 0
        with self.engine.begin() as connection:
            return sum(connection.execute(_FORGET, sender).rowcount for sender in senders)

    def forget_idle(self, cutoff: datetime) -> int:
        """Deletes the conversations whose newest event is older than cutoff (also those the
        application database no longer knows); how many rows went."""
        if not self._has_events():
            return 0
        with self.engine.begin() as connection:
            return connection.execute(_FORGET_IDLE, {"cutoff": cutoff.timestamp()}).rowcount

    def dispose(self) -> None:
        self.engine.dispose()
