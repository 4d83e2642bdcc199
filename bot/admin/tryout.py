"""/admin/try («Thử hỏi bot»): what the live knowledge base finds for a question, with scores."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.admin.templating import render
from bot.auth.deps import StaffUser
from nlu.normalize import match_key

router = APIRouter()
MAX_QUESTION = 500
DECISIONS = {
    "answer": "Bot trả lời ngay bằng câu đứng đầu.",
    "clarify": "Bot hỏi lại «Ý Bác có phải là…» với các câu đứng đầu.",
    "unknown": "Bot chưa trả lời được (câu này sẽ hiện ở «Câu hỏi chưa trả lời được»).",
}


@router.get("/try")
def try_bot(request: Request, user: StaffUser, q: str = "") -> Response:
    """The top 5 published entries for the question and how the normaliser read it."""
    question = q.strip()[:MAX_QUESTION]
    index = request.app.state.kb_index.current()
    hits = index.search(question, k=5) if question else []
    calibration = getattr(index, "calibration", None)  # the action server decides with the same thresholds
    decision = DECISIONS.get(calibration.decide(hits[0].score) if calibration and hits else "unknown", "") if question else ""
    return render(
        request,
        "admin/try.html",
        {"active": "try", "q": question, "normalised": match_key(question) if question else "", "hits": hits, "decision": decision},
    )
