"""Vietnamese names for what the console shows: reasons, channels, outcomes."""

from __future__ import annotations

REASONS = {
    "emergency": "Khẩn cấp",
    "bot_unavailable": "Bot gián đoạn",
    "complaint": "Phàn nàn",
    "request_human": "Muốn gặp người",
    "guide_stuck": "Kẹt ở một bước hướng dẫn",
    "misunderstood": "Bot không hiểu",
    "thumbs_down": "Bấm 👎 hai lần",
}
CHANNELS = {"web": "Trang web", "telegram": "Telegram", "api": "API"}
# What a volunteer picks when closing a conversation (stored as the code).
OUTCOMES = {
    "guided": "Đã hướng dẫn xong",
    "appointment": "Hẹn lên phường",
    "referred": "Chuyển cơ quan khác",
    "call_back": "Hẹn gọi lại",
    "no_reply": "Người dân không phản hồi",
    "other": "Khác",
}
STATUSES = {
    "waiting": "Đang chờ",
    "assigned": "Đang hỗ trợ",
    "resolved": "Đã xong",
    "abandoned": "Người dân đã hủy",
    "expired": "Không ai nhận kịp",
}
CALLBACK_STATUSES = {"open": "Chờ gọi lại", "done": "Đã gọi", "unreachable": "Không liên lạc được"}
