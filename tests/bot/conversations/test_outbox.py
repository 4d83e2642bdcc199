"""A socket's bounded outbox: a client too far behind is closed, never waited for, never silently skipped."""

from __future__ import annotations

import asyncio

from bot.conversations.hub import Hub
from bot.conversations.outbox import OUTBOX_FULL, OUTBOX_FULL_REASON, Outbox, close_when_overflowed


def frame(seq: int) -> dict:
    return {"type": "message", "seq": seq}


def drained(outbox: Outbox) -> list[int]:
    seqs = []
    while not outbox.empty():
        seqs.append(outbox.get_nowait()["seq"])
    return seqs


async def test_an_outbox_takes_its_limit_then_overflows_for_good():
    outbox = Outbox(3)
    for seq in range(1, 4):
        outbox.put(frame(seq))
    assert not outbox.overflowed.is_set()
    outbox.put(frame(4))  # one too many: never waits, marks the socket to be closed
    assert outbox.overflowed.is_set()
    assert drained(outbox) == [1, 2, 3]
    outbox.put(frame(5))  # nothing more after that, even with room again: the client reloads from seq 3
    assert outbox.empty()


async def test_a_replay_goes_whole_past_the_limit_but_not_into_a_full_outbox():
    outbox = Outbox(3)
    outbox.replay([frame(seq) for seq in range(1, 6)])  # asked for by the client: all of it, in order
    outbox.put(frame(6))  # and what follows it (the console's "watching") still has its room
    assert not outbox.overflowed.is_set() and drained(outbox) == [1, 2, 3, 4, 5, 6]
    outbox.replay([frame(seq) for seq in range(1, 6)])
    outbox.replay([frame(seq) for seq in range(1, 6)])  # asking again without reading: it overflows
    assert outbox.overflowed.is_set() and len(drained(outbox)) == 5


async def test_the_room_a_replay_took_is_given_back_as_it_is_sent():
    outbox = Outbox(3)
    outbox.replay([frame(seq) for seq in range(1, 6)])
    drained(outbox)
    for seq in range(6, 9):
        outbox.put(frame(seq))
    assert not outbox.overflowed.is_set()
    outbox.put(frame(9))  # the usual limit again
    assert outbox.overflowed.is_set()


async def test_a_stalled_watcher_is_closed_and_the_others_keep_receiving():
    hub = Hub(outbox_limit=4)
    stalled, reading = hub.subscribe(7), hub.subscribe(("web", "r" * 20))
    heard = []
    for seq in range(1, 11):  # the publisher never waits for the stalled one
        await asyncio.wait_for(hub.publish(7, "web", "r" * 20, frame(seq)), timeout=1)
        heard += drained(reading)
    assert heard == list(range(1, 11)) and not reading.overflowed.is_set()
    assert stalled.overflowed.is_set() and drained(stalled) == [1, 2, 3, 4]


class FakeSocket:
    def __init__(self) -> None:
        self.closed: tuple[int, str | None] | None = None

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.closed = (code, reason)


async def test_an_overflowed_socket_is_closed_with_a_code_its_client_reconnects_on():
    outbox, ws = Outbox(1), FakeSocket()
    writer = asyncio.create_task(asyncio.Event().wait())  # a writer stuck sending to a client that reads nothing
    closer = asyncio.create_task(close_when_overflowed(ws, outbox, writer))
    outbox.put(frame(1))
    await asyncio.sleep(0)
    assert ws.closed is None and not writer.done()
    outbox.put(frame(2))
    await asyncio.wait_for(closer, timeout=1)
    assert writer.cancelled() and ws.closed == (OUTBOX_FULL, OUTBOX_FULL_REASON) == (1013, "outbox full: reconnect and reload")
