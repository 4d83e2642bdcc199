"""What a resident reads about their data (written with «Bác» and «con»; the gateway adapts the address)."""

from __future__ import annotations

PREFIX = "#privacy:"
ERASE_BUTTON = {"title": "Xóa", "payload": "#privacy:erase"}
KEEP_BUTTON = {"title": "Không", "payload": "#privacy:keep"}

CONFIRM_ERASE = (
    "Dạ, Bác muốn xóa toàn bộ cuộc trò chuyện này phải không ạ? Con sẽ xóa hết tin nhắn, số điện thoại "
    "để gọi lại (nếu có) và những gì con ghi nhớ về cuộc trò chuyện. Đã xóa thì không lấy lại được ạ."
)
KEPT = "Dạ, con giữ nguyên cuộc trò chuyện ạ. Bác cần hỏi gì cứ nhắn cho con nhé."
ERASING = (
    "Dạ, con xóa ngay toàn bộ cuộc trò chuyện này ạ. "
    "Tin nhắn sau của Bác sẽ bắt đầu một cuộc trò chuyện mới, con không còn nhớ gì của cuộc trước."
)
# the widget shows it after clearing what the browser kept (not stored: nothing of the old conversation is)
ERASED = "Dạ, cuộc trò chuyện đã được xóa. Tin nhắn sau của Bác sẽ bắt đầu một cuộc trò chuyện mới ạ."
ERASE_FAILED = "Dạ, con chưa xóa được cuộc trò chuyện vì hệ thống đang bận. Bác thử lại sau ít phút giúp con nhé."

SUMMARY_HEAD = "Dạ, đây là những gì con đang lưu về Bác trong cuộc trò chuyện này:"
SUMMARY_MESSAGES = "• {total} tin nhắn (Bác gửi {inbound}, con và tình nguyện viên trả lời {outbound}), từ ngày {since}."
SUMMARY_NO_HANDOFF = "• Chưa lần nào chuyển cho tình nguyện viên."
SUMMARY_HANDOFFS = "• {tickets} lần chuyển cho tình nguyện viên của phường."
SUMMARY_RATINGS = "• {ratings} lần Bác chấm sao cho tình nguyện viên."
SUMMARY_VOTES = "• {votes} lần Bác bấm 👍 hoặc 👎 cho câu trả lời."
SUMMARY_PHONE_KEPT = "• Số điện thoại Bác để lại cho phường gọi lại: con đang lưu."
SUMMARY_NO_PHONE = "• Số điện thoại để gọi lại: con không lưu số nào của Bác."
SUMMARY_WHEN = (
    "Nếu Bác không nhắn thêm, tất cả sẽ tự động được xóa vào ngày {deleted_on} ({days} ngày sau tin nhắn cuối). "
    "Phường chỉ giữ lại số liệu thống kê không gắn với ai."
)
SUMMARY_ERASE_HINT = "Bác muốn xóa ngay thì nhắn «xóa dữ liệu của tôi» ạ."
