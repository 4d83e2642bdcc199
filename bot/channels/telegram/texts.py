"""What the Telegram channel itself says to residents, in Vietnamese."""

from __future__ import annotations

TEXT_ONLY = (
    "Dạ, hiện con mới đọc được tin nhắn bằng chữ, chưa xem được hình ảnh, tin nhắn thoại hay tệp đính kèm ạ. "
    "Bác gõ câu hỏi bằng chữ giúp con nhé."
)
# Shown by Telegram as a short notice on the button (callback answers allow 200 characters).
STALE_BUTTON = "Dạ, nút này không còn dùng được nữa ạ. Bác gõ câu hỏi giúp con nhé."
BUTTON_FAILED = "Dạ, con chưa xử lý được lựa chọn này. Bác thử lại sau ít phút giúp con ạ."
# Telegram refuses an empty message, but a reply may be buttons only.
CHOOSE_BELOW = "Dạ, Bác chọn một mục bên dưới ạ:"


def shown_text(text: str, meta: dict | None) -> str:
    """A stored message as Telegram shows it: a volunteer's words carry their name (the chat is the bot's)."""
    meta = meta or {}
    if meta.get("source") == "volunteer":
        label = f"Tình nguyện viên {meta.get('volunteer') or ''}".strip()
        return f"👤 {label}:\n{text}"
    return text
