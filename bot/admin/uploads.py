"""The import upload's own body limit (larger than the app's) and its Vietnamese 413 page."""

from __future__ import annotations

from starlette.types import Send

from bot.limits import respond_413

UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_PATH = "/admin/import"
TOO_LARGE_HTML = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tệp quá lớn</title>'
    '<link rel="stylesheet" href="/static/admin.css"></head><body><main class="narrow">'
    "<h1>Tệp quá lớn</h1><p>Tệp tải lên tối đa 5 MB. Bạn chia nhỏ tệp rồi thử lại.</p>"
    '<p><a href="/admin/import-export">← Quay lại trang Nhập/Xuất</a></p></main></body></html>'
)


async def too_large(send: Send) -> None:
    """413 with a Vietnamese page."""
    await respond_413(send, TOO_LARGE_HTML.encode(), b"text/html; charset=utf-8")
