"""Request body limits: the app-wide small limit, and a larger one for the import upload."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.limits import BodySizeLimit

UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_PATH = "/admin/import"
TOO_LARGE_HTML = (
    "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Tệp quá lớn</title>"
    "<link rel=\"stylesheet\" href=\"/static/admin.css\"></head><body><main class=\"narrow\">"
    "<h1>Tệp quá lớn</h1><p>Tệp tải lên tối đa 5 MB. Anh/Chị chia nhỏ tệp rồi thử lại.</p>"
    "<p><a href=\"/admin/import-export\">← Quay lại trang Nhập/Xuất</a></p></main></body></html>"
)


class _TooLarge(Exception):
    pass


class BodyLimits:
    """BodySizeLimit for every path, except upload paths which get their own (larger) limit."""

    def __init__(self, app: ASGIApp, max_bytes: int, uploads: dict[str, int] | None = None) -> None:
        self.app = app
        self.default = BodySizeLimit(app, max_bytes)
        self.uploads = dict(uploads or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") in self.uploads:
            await self._limited(self.uploads[scope["path"]], scope, receive, send)
        else:
            await self.default(scope, receive, send)

    async def _limited(self, max_bytes: int, scope: Scope, receive: Receive, send: Send) -> None:
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await too_large(send)
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
                await too_large(send)


async def too_large(send: Send) -> None:
    """413 with a Vietnamese page."""
    body = TOO_LARGE_HTML.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
