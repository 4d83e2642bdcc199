"""The bot's line as it hands a conversation to a person, and its tag: one short line per reason.

The gateway opens the ticket from the reply's meta (`handoff`, `handoff_reason`) and adds what happens next:
the queue place and wait, or, out of hours, the call-back offer. So each line here only says that someone
is coming, in the words of why.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.replies import DIALOGUE, FALLBACK, meta


class Reason(str, Enum):
    """Why the bot hands over: the gateway's handoff reasons that an action gives (bot.handoff.models.HandoffReason;
    the actions import no gateway code, dependencies point one way, so they name the values they send and a test
    checks them against the gateway's)."""

    REQUEST_HUMAN = "request_human"
    COMPLAINT = "complaint"
    EMERGENCY = "emergency"
    MISUNDERSTOOD = "misunderstood"
    GUIDE_STUCK = "guide_stuck"


TO_A_PERSON = "Dạ vâng, con chuyển Bác sang người hỗ trợ trực tiếp ngay ạ."
# asked for a person in the same message as a question that was answered ("có bạn nào qua nhà chỉ bác … không")
ALSO_HANDING_OVER = "Con cũng đã nhờ người hỗ trợ trực tiếp của phường giúp Bác, trong lúc chờ Bác xem hướng dẫn trên nhé."
COMPLAINT_HANDOVER = (
    "Dạ, con thành thật xin lỗi vì đã làm Bác phiền lòng ạ. "
    "Con nhờ người hỗ trợ trực tiếp giúp Bác ngay, ý kiến này cũng được ghi lại để phường cải thiện."
)
# after the emergency numbers, which come first
EMERGENCY_HANDOVER = "Con cũng đã báo ngay cho tình nguyện viên của phường để hỗ trợ thêm cho Bác ạ."
MISUNDERSTOOD_HANDOVER = "Dạ, con xin lỗi vì vẫn chưa hiểu được ý Bác. Con nhờ người hỗ trợ trực tiếp giúp Bác nhé."
# the volunteer's ticket says which step of which entry (the meta's `guide`)
GUIDE_STUCK_HANDOVER = "Dạ, con nhờ người hỗ trợ của phường chỉ Bác bước {step} của «{title}» ngay ạ."

LINES: dict[Reason, str] = {
    Reason.REQUEST_HUMAN: TO_A_PERSON,
    Reason.COMPLAINT: COMPLAINT_HANDOVER,
    Reason.EMERGENCY: EMERGENCY_HANDOVER,
    Reason.MISUNDERSTOOD: MISUNDERSTOOD_HANDOVER,
}  # a resident stuck on a step gets GUIDE_STUCK_HANDOVER, filled with the step


def hand_over(dispatcher: CollectingDispatcher, reason: Reason, line: str | None = None, **extra: Any) -> None:
    """Says the reason's line (or `line`: the guide's, filled with the step) and tags it for the gateway to queue
    the conversation; `extra` goes into the meta (the guide's step). Not understood twice stays a fallback reply:
    it ends the streak."""
    source = FALLBACK if reason is Reason.MISUNDERSTOOD else DIALOGUE
    dispatcher.utter_message(
        text=line if line is not None else LINES[reason],
        json_message=meta(source, handoff=True, handoff_reason=reason.value, **extra),
    )
