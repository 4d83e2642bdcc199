"""The knowledge base a running process searches: the published entries, rebuilt when they change."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from knowledge import turn
from knowledge.database import make_engine, make_sessionmaker
from knowledge.entries import Faq
from knowledge.store import published_faqs

if TYPE_CHECKING:  # imported when first built: the gateway holds a LiveIndex for staff's searches only, and
    # the index's scikit-learn and SciPy (about 70 MB) stay out of it until one is made
    from knowledge.index import SearchIndex

# Read before every search (in the action server once per action run: knowledge/turn.py): plain SQL on a
# pooled connection (an ORM session and statement for one integer was a seventh of the action server's CPU
# per question in `make bench`, py-spy).
_REVISION = text("SELECT revision FROM kb_revision WHERE id = 1")


class LiveIndex:
    """A search index kept in step with the database's revision counter.

    Each search (in the action server: each action run) reads the counter (one indexed row); when staff
    have changed something the index is rebuilt from the published entries before answering, so an edit is
    live for the very next question in every process, without any message between processes.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._engine: Engine = sessions.kw["bind"]  # make_sessionmaker binds its sessions to one engine
        self._lock = threading.Lock()
        self._index: SearchIndex | None = None  # built by the first current()
        self._revision = -1

    def current(self) -> SearchIndex:
        """The index for the newest revision (within an action run: the one its first read found)."""
        return turn.kept(("live index", id(self)), self._newest)

    def _newest(self) -> SearchIndex:
        with self._engine.connect() as connection:
            revision = connection.execute(_REVISION).scalar() or 0
        if revision != self._revision:
            with self._lock, self._sessions() as session:
                # an edit between the two reads only means one more rebuild at the next search
                if revision != self._revision:
                    from knowledge.index import SearchIndex

                    self._index = SearchIndex(published_faqs(session))
                    self._revision = revision
        assert self._index is not None  # a revision is never -1
        return self._index

    def find(self, entry_id: str) -> Faq | None:
        """A published entry by id."""
        return self.current().by_id.get(entry_id)


_default: LiveIndex | None = None
_default_lock = threading.Lock()


def default() -> LiveIndex:
    """The process's live index on DATABASE_URL (built lazily: importing costs nothing)."""
    global _default
    with _default_lock:
        if _default is None:
            url = os.environ.get("DATABASE_URL", "sqlite:///var/app.db")
            _default = LiveIndex(make_sessionmaker(make_engine(url)))
        return _default


def use(index: LiveIndex | None) -> None:
    """Replaces the process's live index (tests, or an app that built its own)."""
    global _default
    with _default_lock:
        _default = index
