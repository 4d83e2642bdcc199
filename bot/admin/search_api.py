"""GET /api/kb/search: ranked FAQ entries from the live knowledge base (public, rate-limited)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from bot.deps.kb import KbIndex
from bot.deps.limiters import KbSearchLimiter
from bot.error_answers import documented
from bot.ratelimit import RATE_LIMITED_TEXT, RateLimiter
from bot.strict_numbers import parse_int

router = APIRouter(tags=["knowledge"])

MAX_QUERY = 500
MAX_K = 20
RATE_PER_MINUTE = 60
MISSING_Q = "Dạ, cần gửi câu hỏi trong tham số q (ví dụ ?q=đăng ký tạm trú)."
LONG_Q = f"Dạ, câu hỏi dài quá {MAX_QUERY} ký tự ạ."
BAD_K = f"Dạ, k phải là số nguyên từ 1 đến {MAX_K} ạ."


def new_limiter() -> RateLimiter:
    """60 searches a minute per client address."""
    return RateLimiter(RATE_PER_MINUTE)


def _invalid(message: str) -> JSONResponse:
    return JSONResponse({"error": "invalid_request", "message": message}, status_code=422)


@router.get("/api/kb/search", responses=documented(422, 429))
async def search(request: Request, limiter: KbSearchLimiter, index: KbIndex, q: str | None = None, k: str = "5") -> JSONResponse:
    """[{"id", "title", "score", "category"}], best first."""
    client = request.client.host if request.client else "?"
    if not limiter.allow(f"kb:{client}"):
        return JSONResponse({"error": "rate_limited", "message": RATE_LIMITED_TEXT}, status_code=429)
    if q is None or not q.strip():
        return _invalid(MISSING_Q)
    if len(q) > MAX_QUERY:
        return _invalid(LONG_Q)
    count = parse_int(k.strip(), 1, MAX_K)
    if count is None:
        return _invalid(BAD_K)
    hits = await run_in_threadpool(lambda: index.current().search(q, k=count))  # may rebuild: off the event loop
    return JSONResponse(
        [
            {"id": hit.entry.id, "title": hit.entry.title, "score": round(hit.score, 4), "category": hit.entry.category}
            for hit in hits
        ]
    )
