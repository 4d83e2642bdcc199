"""Vietnamese names for what the console shows: reasons, channels, outcomes."""

from __future__ import annotations

from bot.handoff.models import HandoffReason, TicketStatus

REASONS = {
    HandoffReason.EMERGENCY: "Khẩn cấp",
    HandoffReason.BOT_UNAVAILABLE: "Bot gián đoạn",
    HandoffReason.COMPLAINT: "Phàn nàn",
    HandoffReason.REQUEST_HUMAN: "Muốn gặp người",
    HandoffReason.GUIDE_STUCK: "Kẹt ở một bước hướng dẫn",
    HandoffReason.MISUNDERSTOOD: "Bot không hiểu",
    HandoffReason.THUMBS_DOWN: "Bấm 👎 hai lần",
}
# "api" is a ward's own app or kiosk calling /api/chat: volunteers know it as an app, not as "API".
CHANNELS = {"web": "Trang web", "telegram": "Telegram", "api": "Ứng dụng của phường"}
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
    TicketStatus.WAITING: "Đang chờ",
    TicketStatus.ASSIGNED: "Đang hỗ trợ",
    TicketStatus.RESOLVED: "Đã xong",
    TicketStatus.ABANDONED: "Người dân đã hủy",
    TicketStatus.EXPIRED: "Không ai nhận kịp",
}
CALLBACK_STATUSES = {"open": "Chờ gọi lại", "done": "Đã gọi", "unreachable": "Không liên lạc được"}
