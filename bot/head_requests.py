"""HEAD allowed wherever GET is: answered as the GET would be, without the body.

FastAPI's routes list only the methods they name, so `HEAD /` answered 405; monitors and link checkers
ask HEAD first. The GET handlers are safe (no side effects), so running them for HEAD is harmless.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """Turns an HTTP HEAD into a GET and drops the body from the answer (keeping its headers, length included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
