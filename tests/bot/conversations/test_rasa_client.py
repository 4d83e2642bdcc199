"""The Rasa client keeps its connections (a busy gateway does not open one per turn) and sends at most
max_in_flight turns to Rasa at once; the others wait their turn."""

from __future__ import annotations

import asyncio
import json

from bot.conversations.rasa_client import RasaClient


async def _serve_counting(delay_s: float):
    """A keep-alive HTTP/1.1 server answering every request like Rasa's channel; counts connections."""
    connections = []
    in_flight = [0, 0]  # now, most

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
                )
                body = json.loads(await reader.readexactly(length))
                in_flight[0] += 1
                in_flight[1] = max(in_flight)
                await asyncio.sleep(delay_s)  # every request the client lets through is in flight at once
                in_flight[0] -= 1
                answer = json.dumps({"messages": [{"text": f"đáp {body['message']}"}], "intent": "x", "confidence": 1.0}).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(answer) + answer
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, connections, in_flight


async def test_concurrent_turns_reuse_their_connections_up_to_the_limit():
    server, connections, in_flight = await _serve_counting(0.05)
    port = server.sockets[0].getsockname()[1]
    client = RasaClient(f"http://127.0.0.1:{port}", 5.0, 1.0, max_in_flight=16)
    try:
        for wave in range(3):  # 60 residents waiting for the bot at once, three times
            turns = await asyncio.gather(*(client.send(f"conv-{i}", f"tin {wave}") for i in range(60)))
            assert [turn.replies[0]["text"] for turn in turns] == [f"đáp tin {wave}"] * 60
        assert in_flight[1] == 16  # never more than the limit at Rasa, and the limit was used
        assert len(connections) == 16  # every later turn went over a kept connection
    finally:
        await client.close()
        server.close()
