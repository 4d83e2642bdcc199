"""Delivery between gateway instances over Redis pub/sub, including a Redis restart (a private
redis-server of the machine's, on a port of its own, so the shared one is never stopped)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
import uuid

import pytest

from bot.conversations.relay import LocalRelay, RedisRelay, make_relay


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server():
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


async def wait_for(condition, timeout: float = 15.0, poke=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if poke:
            await poke()
        await asyncio.sleep(0.2)
    return condition()


async def noop() -> None:
    return None


async def test_one_instance_relays_nothing():
    assert isinstance(make_relay(""), LocalRelay)


async def test_messages_reach_the_other_instance_and_survive_a_redis_restart(redis_server):
    channel = f"tlsp:test:{uuid.uuid4().hex[:8]}"
    here, there = RedisRelay(redis_server.url, channel), RedisRelay(redis_server.url, channel)
    heard_there: list[str] = []
    heard_here: list[str] = []

    async def on_there(conversation_id, channel_name, external_id, wire):
        heard_there.append(wire["text"])

    async def on_here(conversation_id, channel_name, external_id, wire):
        heard_here.append(wire["text"])

    await here.start(on_here, noop)
    await there.start(on_there, noop)
    try:
        await here.message(1, "web", "abc", {"text": "một"})
        assert await wait_for(lambda: "một" in heard_there)
        assert heard_here == []  # an instance does not hear its own events

        redis_server.stop()
        await here.message(1, "web", "abc", {"text": "hai"})  # logged, not raised: the message is stored anyway

        redis_server.start()
        # the listener reconnects by itself (0.5–5 s back-off); until then publishes go nowhere
        assert await wait_for(lambda: "ba" in heard_there, poke=lambda: here.message(1, "web", "abc", {"text": "ba"}))
        assert "hai" not in heard_there
    finally:
        await here.close()
        await there.close()
