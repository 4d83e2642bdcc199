"""Rasa's SQL tracker store, with four costs measured by `make bench` taken out (Rasa process only).

1. On a SQLite file, SQLAlchemy 1.4 (Rasa's) opens a new connection for every session and closes it
   afterwards: each turn paid for two connects, their pragmas and two closes — closing the last
   connection of a WAL database checkpoints it. Here SQLite connections are pooled and kept open.
   PostgreSQL keeps Rasa's own pool settings.
2. Before saving, Rasa counts the conversation's stored events with a query, to know which of the
   tracker's events are new. A tracker this store has read or written already knows that number,
   so it is remembered on the tracker object (which lives for one turn, under the conversation's
   lock); a tracker Rasa built from scratch still gets Rasa's count.
3. Every turn began by reading the conversation's events back and rebuilding the tracker from them.
   The tracker saved at the end of the last turn is kept (for the most recent conversations) and
   handed back when the conversation's newest stored event is still the one it ended with, so
   another Rasa instance's turn, or a restart, always means a fresh read. A kept tracker is handed
   out once (the turn owns it until it saves it again), only if nothing was added unsaved, and only
   while it holds a single conversation session (Rasa reads back the latest session alone).
   With the in-memory lock store there is one Rasa process (Rasa runs one Sanic worker then, and
   another instance could not share its locks), so nobody else writes the conversations: the check
   is skipped (`lock_store: in_memory`, passed from endpoints.yml).
4. The new events of a turn are inserted with one statement instead of the ORM's unit of work, and a
   new conversation is known to have nothing stored (Rasa counted its events first). Rasa wraps the
   store (FailSafeTrackerStore) and creates new trackers in the wrapper, so "new" is learnt from the
   retrieve that found nothing, just before, under the conversation's lock; that retrieve is one
   indexed look-up rather than Rasa's query for the latest session's events.

Together: about a third of Rasa's CPU per turn (see README, «Load, measured»).
"""

from __future__ import annotations

import itertools
import json
import os
from collections import OrderedDict
from typing import Any, Iterator, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

# How many of the tracker's leading events are already in the database.
_STORED = "_tlsp_stored_events"
# The id of the conversation's newest event row, the check that a kept tracker is still current.
_LAST_ID = sa.text("SELECT max(id) FROM events WHERE sender_id = :sender_id")
# Whether the conversation has any event: most retrieves that reach the database are a new
# resident's first message, and Rasa's own query (the latest session's events, through the ORM)
# costs several times this indexed look-up to find nothing.
_ANY = sa.text("SELECT 1 FROM events WHERE sender_id = :sender_id LIMIT 1")


def _one_session(tracker: DialogueStateTracker) -> bool:
    """True if the tracker holds one conversation session (a new one started after the first makes a
    fresh read give only the latest session, as Rasa's own store does)."""
    return sum(isinstance(event, SessionStarted) for event in tracker.events) <= 1


class PooledSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore with kept-open SQLite connections, no count query before a save, and the
    latest trackers kept between turns."""

    # About 50 KB each for a conversation of a dozen turns.
    kept_trackers = 1000

    def __init__(self, *args: Any, lock_store: Optional[Text] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only an explicit in-memory lock store means one process; anything else may be shared.
        self.alone = lock_store == "in_memory"
        self._kept: OrderedDict[Text, tuple[Optional[int], DialogueStateTracker]] = OrderedDict()
        # Conversations a retrieve found no event of; their first save has nothing stored before it.
        self._absent: OrderedDict[Text, None] = OrderedDict()
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            url = self.engine.url
            # residents' messages: owner only (as knowledge.database.private_file does for the gateway's
            # file; not imported, it needs SQLAlchemy 2). Rasa has just created it: its tables, no conversation yet.
            os.chmod(url.database, 0o600)
            self.engine.dispose()
            # Rasa uses the store from its event loop's thread; the pool hands each connection to one
            # user at a time, so sharing it across threads is safe.
            self.engine = sa.create_engine(
                url,
                poolclass=sa.pool.QueuePool,
                pool_size=2,
                max_overflow=4,
                connect_args={"check_same_thread": False},
            )
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _ask(self, statement: Any, sender_id: Text) -> Any:
        """The first value of a one-conversation query (_LAST_ID, _ANY), or None."""
        with self.engine.connect() as connection:
            return connection.execute(statement, {"sender_id": sender_id}).scalar()

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        self._absent.pop(sender_id, None)
        if not fetch_events_from_all_sessions:
            kept = self._kept.pop(sender_id, None)
            if kept is not None:
                last_id, tracker = kept
                if (
                    getattr(tracker, _STORED, None) == len(tracker.events)
                    and _one_session(tracker)
                    and (self.alone or last_id == self._ask(_LAST_ID, sender_id))
                ):
                    return tracker
        tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions) if self._ask(_ANY, sender_id) else None
        if tracker is None:
            self._absent[sender_id] = None
            while len(self._absent) > self.kept_trackers:
                self._absent.popitem(last=False)
        # Only the latest session's events are what save() would count; a full history is not.
        if tracker is not None and not fetch_events_from_all_sessions:
            setattr(tracker, _STORED, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save, with the new events inserted in one statement rather than through the ORM's
        unit of work (flushing four or five event objects was most of what a save cost)."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                rows.append(
                    {
                        "sender_id": tracker.sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            if rows:
                session.execute(sa.insert(self.SQLEvent.__table__), rows)
            last_id = None if self.alone else session.execute(_LAST_ID, {"sender_id": tracker.sender_id}).scalar()
            session.commit()
        setattr(tracker, _STORED, len(tracker.events))
        self._kept.pop(tracker.sender_id, None)
        self._kept[tracker.sender_id] = (last_id, tracker)
        while len(self._kept) > self.kept_trackers:
            self._kept.popitem(last=False)

    async def create_tracker(self, sender_id: Text, append_action_listen: bool = True) -> DialogueStateTracker:
        """Rasa's create_tracker; it is called when retrieve found no event of the conversation, so
        the new tracker has nothing stored (Rasa's save would count the rows to learn that)."""
        tracker = self.init_tracker(sender_id)
        setattr(tracker, _STORED, 0)
        if append_action_listen:
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        await self.save(tracker)
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = getattr(tracker, _STORED, None)
        if tracker.sender_id in self._absent:
            del self._absent[tracker.sender_id]
            stored = 0 if stored is None else stored
        if stored is None or stored > len(tracker.events):
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))
