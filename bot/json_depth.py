"""How deep JSON may nest, checked on the raw text before any parser sees it.

Python's json module recurses once per level: 5,000 nested brackets raised RecursionError in json.loads
(and json.dumps), which dropped the chat and console sockets without a close frame. No protocol of ours
nests more than a few levels (a Telegram update about eight), so anything deeper is refused unread.
The standard library has no depth option and orjson's fixed limit (1,024) is still deeper than what
json.dumps can write back, hence this small scanner: one regular expression skips strings (brackets inside
them do not count), and only brackets are counted.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_DEPTH = 32
# A JSON string (closed or not: an unclosed one runs to the end) or one bracket.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)

TOO_DEEP = {
    "error": "too_deep",
    "message": "Dạ, dữ liệu gửi lên lồng nhau quá nhiều tầng nên con không đọc được ạ.",
}


def too_deep(document: str | bytes, limit: int = MAX_DEPTH) -> bool:
    """True if arrays and objects in `document` nest deeper than `limit` (valid JSON or not)."""
    text = document if isinstance(document, str) else document.decode("utf-8", "replace")
    if text.count("[") + text.count("{") <= limit:  # the common case, at C speed: no deeper than it opens
        return False
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)
    return False


def _is_json(scope: Scope) -> bool:
    """As FastAPI decides to read a body as JSON: no content type, application/json or any +json type."""
    headers: dict[bytes, bytes] = dict(scope.get("headers") or [])
    content_type = headers.get(b"content-type")
    if not content_type:
        return True
    mime = content_type.split(b";", 1)[0].strip().lower()
    return mime == b"application/json" or (mime.startswith(b"application/") and mime.endswith(b"+json"))


class JsonDepthLimit:
    """Answers 400 (Vietnamese JSON) to an HTTP request whose JSON body nests deeper than MAX_DEPTH.

    The body is read whole here (BodySizeLimit, outside this middleware, bounds it) and handed on unchanged.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_DEPTH) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS") or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away: let the app see it
                await self.app(scope, _replay([], message, receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if too_deep(body, self.limit):
            await _reject(send)
            return
        await self.app(scope, _replay([body], None, receive), send)


def _replay(bodies: list[bytes], last: Message | None, receive: Receive) -> Receive:
    """A receive that gives the body already read, then whatever the client sends next."""
    pending: list[Message] = [{"type": "http.request", "body": b, "more_body": False} for b in bodies]
    if last is not None:
        pending.append(last)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


async def _reject(send: Send) -> None:
    body = json.dumps(TOO_DEEP, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def loads(text: str | bytes, limit: int = MAX_DEPTH) -> Any:
    """json.loads for one socket frame; ValueError if it is not JSON or nests deeper than `limit`."""
    if too_deep(text, limit):
        raise ValueError("too deep")
    return json.loads(text)  # a JSONDecodeError, or ValueError for an integer of more than 4,300 digits
