"""A socket's outbox: the frames on their way to one client (a widget tab, a console tab), bounded.

A slow or stalled client must neither grow the gateway's memory nor hold up whoever publishes (a
turn, the console's fan-out). So putting never waits; when the outbox is full it is marked
`overflowed` and takes nothing more, and its socket closes it with OUTBOX_FULL: the client reconnects
and reloads what it missed from the database (the widget by last_seq, the console by its queue
snapshot and after_seq), so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Protocol

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 256
# RFC 6455 1013 "Try Again Later": a temporary condition; both clients reconnect on any close
OUTBOX_FULL = 1013
OUTBOX_FULL_REASON = "outbox full: reconnect and reload"

Frame = dict[str, Any]


class Outbox:
    """At most `limit` frames waiting for the socket's writer (beyond it, once, a replay the client asked for)."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = max(1, limit)
        self._queue: asyncio.Queue[Frame] = asyncio.Queue()  # bounded by put and replay, not by the queue
        self._replayed = 0  # room a replay took past the limit, given back as the writer takes frames
        self.overflowed = asyncio.Event()  # set once: the socket is to be closed

    def put(self, frame: Frame) -> None:
        """Queues a frame without waiting; a full outbox overflows (and drops this frame and later ones:
        its socket closes, and the client reloads them)."""
        if self._overflows(self.limit + self._replayed):
            return
        self._queue.put_nowait(frame)

    def replay(self, frames: list[Frame]) -> None:
        """Queues, together and in order, the frames a client asked for (the console's missed messages),
        even past the limit: a long replay must not close the socket by itself, to be asked for again on
        reconnect, forever. An outbox already at its limit overflows instead, so asking again and again
        without reading still closes the socket."""
        if self._overflows(self.limit):
            return
        for frame in frames:
            self._queue.put_nowait(frame)
        self._replayed += len(frames)

    def _overflows(self, room: int) -> bool:
        if self.overflowed.is_set():
            return True
        if self._queue.qsize() < room:
            return False
        logger.warning("A client fell %d frames behind: closing its socket, it reloads on reconnect", self._queue.qsize())
        self.overflowed.set()
        return True

    def _taken(self, frame: Frame) -> Frame:
        self._replayed = max(0, self._replayed - 1)
        return frame

    async def get(self) -> Frame:
        return self._taken(await self._queue.get())

    def get_nowait(self) -> Frame:
        return self._taken(self._queue.get_nowait())

    def empty(self) -> bool:
        return self._queue.empty()


class Closable(Protocol):
    """What close_when_overflowed needs of a WebSocket."""

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


async def close_when_overflowed(ws: Closable, outbox: Outbox, writer: asyncio.Task[None]) -> None:
    """Runs beside a socket: once its outbox overflows, stops its writer and closes it with OUTBOX_FULL
    (the socket's reader then ends as the client goes)."""
    await outbox.overflowed.wait()
    writer.cancel()
    await asyncio.wait([writer])  # no frame half-sent when the close frame goes
    with contextlib.suppress(Exception):  # the client may be gone already
        await ws.close(code=OUTBOX_FULL, reason=OUTBOX_FULL_REASON)
