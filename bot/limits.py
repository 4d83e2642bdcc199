"""Request body size limits, enforced before any handler reads the body."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Reject = Callable[[Send], Awaitable[None]]

TOO_LARGE = {
    "error": "too_large",
    "message": "Dạ, dữ liệu gửi lên quá lớn ạ. Bác gửi tin ngắn hơn giúp con nhé.",
}


async def reject_json(send: Send) -> None:
    """413 as JSON, in Vietnamese."""
    await respond_413(send, json.dumps(TOO_LARGE, ensure_ascii=False).encode(), b"application/json; charset=utf-8")


async def respond_413(send: Send, body: bytes, content_type: bytes) -> None:
    """A complete 413 response."""
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """Answers 413 to HTTP requests whose body exceeds the limit, declared or streamed.

    `paths` gives some paths (the import upload) their own limit and rejection page.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, paths: Mapping[str, tuple[int, Reject]] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.paths = dict(paths or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes, reject = self.paths.get(scope.get("path", ""), (self.max_bytes, reject_json))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await reject(send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await reject(send)
