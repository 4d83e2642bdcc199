"""Step-by-step guidance, as a "Bình dân học vụ số" volunteer teaches: one step per message, «Xong, bước tiếp»
or «Chưa làm được»; stuck again, a person who is told which step of which entry.

The step in progress travels in the button payloads and in the reply's meta (so it is in Rasa's tracker),
which is why it survives a reload or a restart; asking anything else simply leaves the guidance.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import handover
from actions.handover import GUIDE_STUCK_HANDOVER, Reason
from actions.presenting import HELP, PERSON_BUTTON, STUCK, guide_payload, help_payload, stuck_payload
from actions.replies import FALLBACK, FAQ, meta
from knowledge import live
from knowledge.entries import Faq

NEXT_BUTTON = "Xong, bước tiếp"
LAST_BUTTON = "Xong rồi"
STUCK_BUTTON = "Chưa làm được"
RETRY_BUTTON = "Làm được rồi, bước tiếp"
STEP_TEXT = "Bước {step}/{total} — «{title}»:\n{text}"
DONE_TEXT = (
    "Dạ, Bác đã làm xong cả {total} bước về «{title}» rồi, con mừng cho Bác ạ! Nếu còn điều gì chưa rõ, Bác cứ hỏi con nhé."
)
STUCK_TEXT = (
    "Dạ, không sao đâu ạ, mình làm chậm lại nhé. Bước {step} là:\n{pieces}\n"
    "Bác làm từng việc một, xong việc nào thì nhìn kỹ màn hình rồi mới làm việc sau. "
    "Nếu màn hình hiện khác với con tả, Bác bấm «Gặp người hỗ trợ», con nhờ người của phường chỉ trực tiếp bước này."
)
GONE_TEXT = (
    "Dạ, hướng dẫn này vừa được phường cập nhật nên con chưa mở lại được. Bác hỏi lại giúp con, hoặc bấm «Gặp người hỗ trợ» ạ."
)


def guide_meta(entry: Faq, step: int) -> dict[str, Any]:
    """What the gateway and the volunteer read about the guidance in progress."""
    return {"faq_id": entry.id, "step": step, "total": len(entry.steps), "title": entry.title}


def _requested(tracker: Tracker) -> tuple[Faq | None, int]:
    """The entry and step a guidance payload asks for (None when the entry or its steps are gone)."""
    entry_id = next(tracker.get_latest_entity_values("faq_id"), None)
    raw = next(tracker.get_latest_entity_values("step"), None)
    try:
        step = max(1, int(str(raw)))
    except ValueError:
        step = 1
    entry = live.default().find(str(entry_id)) if entry_id else None
    return (entry if entry is not None and entry.steps else None), step


def pieces(step_text: str) -> str:
    """A step said again in smaller pieces: its clauses one per line."""
    parts = [p.strip(" .") for p in re.split(r",\s+|;\s+|\s+rồi\s+|\.\s+", step_text) if p.strip(" .")]
    if len(parts) < 2:
        return f"• {step_text.strip()}"
    return "\n".join(f"• {part[:1].upper()}{part[1:]}" for part in parts)


def _gone(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(text=GONE_TEXT, buttons=[PERSON_BUTTON], json_message=meta(FALLBACK, offer="guide_gone"))


def show_step(dispatcher: CollectingDispatcher, entry: Faq, step: int) -> None:
    """One step with «Xong, bước tiếp» / «Chưa làm được», or the end of the guidance after the last one."""
    total = len(entry.steps)
    if step > total:
        dispatcher.utter_message(
            text=DONE_TEXT.format(total=total, title=entry.title),
            json_message=meta(FAQ, faq_id=entry.id, faq_score=1.0, offer="guide_done", guide=guide_meta(entry, total)),
        )
        return
    buttons = [
        {"title": NEXT_BUTTON if step < total else LAST_BUTTON, "payload": guide_payload(entry.id, step + 1)},
        {"title": STUCK_BUTTON, "payload": stuck_payload(entry.id, step)},
    ]
    dispatcher.utter_message(
        text=STEP_TEXT.format(step=step, total=total, title=entry.title, text=entry.steps[step - 1]),
        buttons=buttons,
        json_message=meta(FAQ, faq_id=entry.id, faq_score=1.0, offer="guide", guide=guide_meta(entry, step)),
    )


def show_stuck(dispatcher: CollectingDispatcher, entry: Faq, step: int) -> None:
    """«Chưa làm được»: the step again in smaller pieces, and a person who will know the step."""
    dispatcher.utter_message(
        text=STUCK_TEXT.format(step=step, pieces=pieces(entry.steps[step - 1])),
        buttons=[
            {"title": RETRY_BUTTON if step < len(entry.steps) else LAST_BUTTON, "payload": guide_payload(entry.id, step + 1)},
            {"title": PERSON_BUTTON["title"], "payload": help_payload(entry.id, step)},
        ],
        json_message=meta(FAQ, faq_id=entry.id, faq_score=1.0, offer="guide_stuck", guide=guide_meta(entry, step)),
    )


def hand_over(dispatcher: CollectingDispatcher, entry: Faq, step: int) -> None:
    """A person for the step the resident is stuck on: the ticket says which step of which entry."""
    handover.hand_over(
        dispatcher, Reason.GUIDE_STUCK, GUIDE_STUCK_HANDOVER.format(step=step, title=entry.title), guide=guide_meta(entry, step)
    )


def guide(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Handles a guidance button (a payload with a `step`); False when the message is not one."""
    if next(tracker.get_latest_entity_values("step"), None) is None:
        return False
    entry, step = _requested(tracker)
    if entry is None:
        _gone(dispatcher)
        return True
    kind = next(tracker.get_latest_entity_values("guide"), None)
    if kind == STUCK:
        show_stuck(dispatcher, entry, min(step, len(entry.steps)))
    elif kind == HELP:
        hand_over(dispatcher, entry, min(step, len(entry.steps)))
    else:
        show_step(dispatcher, entry, step)
    return True
