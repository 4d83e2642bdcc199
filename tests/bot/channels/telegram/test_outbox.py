"""The outbox on its own, with a stand-in bot: chats wait for nobody, a chat's order is kept."""

from __future__ import annotations

import asyncio

from telegram.error import TimedOut

from bot.channels.telegram import outbox as outbox_module
from bot.channels.telegram.outbox import Outbox, Outgoing


class StubBot:
    """Records send_message calls; a chat in `held` waits until released."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.held: dict[int, asyncio.Event] = {}
        self.failures: list[Exception] = []

    async def send_message(self, chat_id: int, text: str, reply_markup=None):
        if chat_id in self.held:
            await self.held[chat_id].wait()
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((chat_id, text))


async def until(condition, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.005)


async def test_a_slow_chat_does_not_hold_up_another():
    bot = StubBot()
    bot.held[1] = asyncio.Event()
    outbox = Outbox(bot, sessions=None)
    outbox.start()
    outbox.put(1, Outgoing("cho chat 1"))
    outbox.put(2, Outgoing("cho chat 2"))
    await until(lambda: bot.sent == [(2, "cho chat 2")])
    bot.held[1].set()
    await until(lambda: len(bot.sent) == 2)
    await outbox.stop()


async def test_order_within_a_chat_survives_a_retry(monkeypatch):
    monkeypatch.setattr(outbox_module, "BACKOFF_S", 0.01)
    bot = StubBot()
    bot.failures = [TimedOut()]
    outbox = Outbox(bot, sessions=None)
    outbox.start()
    for i in range(3):
        outbox.put(7, Outgoing(f"tin {i}"))
    await until(lambda: len(bot.sent) == 3)
    assert bot.sent == [(7, "tin 0"), (7, "tin 1"), (7, "tin 2")]
    await outbox.stop()


async def test_nothing_is_sent_before_start_and_a_stored_message_is_queued_once():
    bot = StubBot()
    outbox = Outbox(bot, sessions=None)
    outbox.put(5, Outgoing("tin", conversation_id=1, seq=2))
    outbox.put(5, Outgoing("tin", conversation_id=1, seq=2))  # the same stored message again
    await asyncio.sleep(0.01)
    assert bot.sent == []
    outbox._set_status = _no_database  # this test has no database
    outbox.start()
    await until(lambda: bot.sent == [(5, "tin")])
    await outbox.stop()
    assert bot.sent == [(5, "tin")]


async def _no_database(_item, _status):
    return None
