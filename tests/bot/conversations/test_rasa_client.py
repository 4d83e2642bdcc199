"""The Rasa client keeps its connections: a busy gateway does not open one per turn."""

from __future__ import annotations

import asyncio
import json

from bot.conversations.rasa_client import RasaClient


async def _serve_counting(delay_s: float):
    """A keep-alive HTTP/1.1 server answering every request like Rasa's channel; counts connections."""
    connections = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
                body = json.loads(await reader.readexactly(length))
                await asyncio.sleep(delay_s)  # every request of a wave is in flight at once
                answer = json.dumps({"messages": [{"text": f"đáp {body['message']}"}], "intent": "x", "confidence": 1.0}).encode()
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(answer) + answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, connections


async def test_concurrent_turns_reuse_their_connections():
    server, connections = await _serve_counting(0.2)
    port = server.sockets[0].getsockname()[1]
    client = RasaClient(f"http://127.0.0.1:{port}", 5.0, 1.0)
    try:
        for wave in range(3):  # 60 residents waiting for the bot at once, three times
            turns = await asyncio.gather(*(client.send(f"conv-{i}", f"tin {wave}") for i in range(60)))
            assert all(turn.replies[0]["text"] == f"đáp tin {wave}" for turn in turns)
        assert len(connections) == 60  # the later waves went over the first wave's connections
    finally:
        await client.close()
        server.close()
