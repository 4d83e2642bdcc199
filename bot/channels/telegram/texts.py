"""What the Telegram channel itself says to residents, in Vietnamese."""

from __future__ import annotations

from typing import Any

TEXT_ONLY = (
    "Dạ, hiện con mới đọc được tin nhắn bằng chữ, chưa xem được hình ảnh, tin nhắn thoại hay tệp đính kèm ạ. "
    "Bác gõ câu hỏi bằng chữ giúp con nhé."
)
# Shown by Telegram as a short notice on the button (callback answers allow 200 characters).
STALE_BUTTON = "Dạ, nút này không còn dùng được nữa ạ. Bác gõ câu hỏi giúp con nhé."
BUTTON_FAILED = "Dạ, con chưa xử lý được lựa chọn này. Bác thử lại sau ít phút giúp con ạ."
# Telegram refuses an empty message, but a reply may be buttons only.
CHOOSE_BELOW = "Dạ, Bác chọn một mục bên dưới ạ:"


def shown_text(text: str, meta: dict[str, Any] | None) -> str:
    """A stored message as Telegram shows it: a volunteer's words carry their name (the chat is the bot's), and
    an answer from the knowledge base ends with the month its facts were last checked (the widget shows it
    quietly under the bubble; Telegram has only the text)."""
    meta = meta or {}
    if meta.get("source") == "volunteer":
        label = f"Tình nguyện viên {meta.get('volunteer') or ''}".strip()
        return f"👤 {label}:\n{text}"
    reviewed = reviewed_line(meta.get("reviewed"))
    return f"{text}\n\n{reviewed}" if reviewed else text


def reviewed_line(day: object) -> str:
    """2026-12-04 → "Cập nhật: 12/2026" ("" for anything else)."""
    if isinstance(day, str) and len(day) == 10 and day[4] == "-" and day[7] == "-" and day.replace("-", "").isdigit():
        return f"Cập nhật: {day[5:7]}/{day[:4]}"
    return ""
