"""/admin/try («Thử hỏi bot»): what the live knowledge base finds for a question, with scores."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.admin.templating import render
from bot.auth.deps import StaffUser
from bot.deps.kb import KbIndex
from knowledge.calibration import Decision
from nlu.normalize import match_key

router = APIRouter()
MAX_QUESTION = 500
DECISIONS = {
    Decision.ANSWER: "Bot trả lời ngay bằng câu đứng đầu.",
    Decision.ANSWER_WITH_ALTERNATIVES: "Bot trả lời bằng câu đứng đầu và gợi ý thêm «Có phải Bác muốn hỏi:» các câu kế tiếp.",
    Decision.CHOOSE: "Bot hỏi lại «Bác muốn hỏi việc nào» với các câu đứng đầu (gần như ngang nhau).",
    Decision.UNKNOWN: "Bot chưa trả lời được, mời gặp người hỗ trợ (câu này sẽ hiện ở «Câu hỏi chưa trả lời được»).",
}


@router.get("/try")
def try_bot(request: Request, user: StaffUser, live: KbIndex, q: str = "") -> Response:
    """The top 5 published entries for the question and how the normaliser read it."""
    from knowledge.deciding import decide  # here: the gateway loads the search only when staff use it
    from knowledge.reading import search_message

    question = q.strip()[:MAX_QUESTION]
    index = live.current()
    hits = search_message(index, question, k=5) if question else []
    # the action server decides with the same thresholds
    decision = DECISIONS[decide(index.calibration, hits)] if question else ""
    return render(
        request,
        "admin/try.html",
        {
            "active": "try",
            "q": question,
            "normalised": match_key(question) if question else "",
            "hits": hits,
            "decision": decision,
        },
    )
