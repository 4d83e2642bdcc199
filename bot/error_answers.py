"""The JSON error answer every route gives, and its entry in the OpenAPI document.

Every refusal the gateway sends as JSON has one shape: a code for programs, a Vietnamese sentence for
people (and, for a 422, which field was wrong). Routes list the refusals they can give with `documented`,
so the OpenAPI document (and the Schemathesis run in tests/bot/test_openapi.py) knows every answer.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

# What each status means on our routes; the middleware's 400 and 413 can answer any request with a body.
MEANINGS = {
    400: "Không đọc được dữ liệu JSON gửi lên (sai định dạng, hoặc lồng nhau quá nhiều tầng).",
    401: "Thiếu khóa API (X-Api-Key) hoặc khóa không đúng; không có khóa thì chỉ máy chủ này được gọi.",
    413: "Dữ liệu gửi lên quá lớn.",
    422: "Thiếu thông tin, hoặc một giá trị sai kiểu hay ngoài giới hạn.",
    429: "Gửi quá nhiều yêu cầu trong một phút.",
}


class Problem(BaseModel):
    """One wrong field of a 422."""

    field: str
    problem: str


class ErrorAnswer(BaseModel):
    """A refused request: `error` is a code for programs, `message` a Vietnamese sentence for people."""

    error: str
    message: str
    details: list[Problem] | None = None


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` of a route that can refuse with these statuses."""
    return {status: {"model": ErrorAnswer, "description": MEANINGS[status]} for status in statuses}
