"""What the resident reads about the handoff: the queue, the volunteer, call-backs and the rating."""

from __future__ import annotations

from bot.conversations.features import STALE_BUTTON as STALE_BUTTON  # a button nobody handles any more
from bot.conversations.outage import PERSON_BUTTON as PERSON_BUTTON  # «Gặp người hỗ trợ» that needs no bot

CANCEL_BUTTON = {"title": "Thôi, không cần nữa", "payload": "#handoff:cancel"}

QUEUED = (
    "Dạ, con đã chuyển cuộc trò chuyện cho tình nguyện viên của phường. "
    "Bác đang ở vị trí số {position} trong hàng chờ, thời gian chờ dự kiến khoảng {eta} phút.\n"
    "Trong lúc chờ, Bác cứ nhắn thêm chuyện cần hỏi, người hỗ trợ sẽ đọc được hết ạ."
)
QUEUED_NOBODY_ONLINE = (
    "Dạ, con đã chuyển cuộc trò chuyện cho tình nguyện viên của phường. "
    "Bác đang ở vị trí số {position} trong hàng chờ. Lúc này chưa có tình nguyện viên nào đang trực "
    "trên máy, con sẽ báo ngay khi có người nhận. Nếu chờ lâu quá, con sẽ xin số điện thoại để phường gọi lại ạ."
)
# The estimate is beyond the longest wait the ward allows: no queue place is promised, the call-back is offered.
QUEUE_TOO_LONG = (
    "Dạ, lúc này các tình nguyện viên của phường đang bận hỗ trợ nhiều người, Bác sẽ phải chờ khá lâu ạ. "
    "Để Bác khỏi phải ngồi chờ, Bác để lại số điện thoại và câu hỏi ngắn, phường sẽ gọi lại cho Bác nhé. "
    "Bác có muốn để lại số điện thoại không ạ?"
)
# More open tickets from one network than the cap: a flood from one place must not push real residents back.
NETWORK_BUSY = (
    "Dạ, từ cùng mạng Internet với Bác đang có nhiều yêu cầu chờ tình nguyện viên rồi ạ. "
    "Khi các yêu cầu đó xong, Bác bấm «Gặp người hỗ trợ» lại giúp con nhé. "
    "Nếu cần gấp, Bác gọi đường dây nóng của phường {ward_hotline} ạ."
)
POSITION = "Dạ, Bác hiện ở vị trí số {position} trong hàng chờ, dự kiến chờ thêm khoảng {eta} phút ạ."
POSITION_NO_PROMISE = (
    "Dạ, Bác hiện ở vị trí số {position} trong hàng chờ. Nếu chưa có tình nguyện viên nhận kịp, "
    "con sẽ xin số điện thoại để phường gọi lại cho Bác ạ."
)
CLAIMED = "Dạ, tình nguyện viên {name} đã nhận hỗ trợ Bác. Từ giờ Bác trò chuyện trực tiếp với người hỗ trợ ở đây nhé."
RELEASED = (
    "Dạ, tình nguyện viên vừa chuyển Bác lại hàng chờ để người khác hỗ trợ tiếp. "
    "Bác chờ thêm một chút nhé, con vẫn giữ nguyên thứ tự của Bác ạ."
)
TRANSFERRED = "Dạ, cuộc trò chuyện được chuyển sang tình nguyện viên {name} hỗ trợ tiếp ạ."
CANCELLED = "Dạ vâng, con đã hủy yêu cầu gặp người hỗ trợ. Bác cần hỏi gì cứ nhắn cho con nhé."
CANNOT_CANCEL = "Dạ, tình nguyện viên đang hỗ trợ Bác rồi ạ. Khi xong việc, người hỗ trợ sẽ kết thúc cuộc trò chuyện."
NOTHING_TO_CANCEL = "Dạ, hiện không có yêu cầu gặp người hỗ trợ nào đang chờ ạ."

OFF_HOURS = (
    "Dạ, hiện đang ngoài giờ trực của tình nguyện viên (lịch trực: {hours}). {next_opening}"
    "Bác có muốn để lại số điện thoại và câu hỏi ngắn để phường gọi lại không ạ?"
)
NEXT_OPENING = "Ca trực gần nhất bắt đầu lúc {when}. "
NOBODY_CAME = (
    "Dạ, con xin lỗi, các tình nguyện viên đều đang bận nên chưa ai nhận được cuộc trò chuyện của "
    "Bác. Bác có muốn để lại số điện thoại và câu hỏi ngắn để phường gọi lại không ạ?"
)
ASK_PHONE = "Dạ, Bác nhắn số điện thoại để phường gọi lại giúp con (ví dụ 0901234567) ạ."
SKIP_BUTTON = {"title": "Bỏ qua", "payload": "#callback:no"}
SKIP_QUESTION_BUTTON = {"title": "Bỏ qua", "payload": "#callback:skip"}
BAD_PHONE = (
    "Dạ, số này chưa đúng ạ. Số điện thoại có 10 chữ số và bắt đầu bằng số 0 (ví dụ 0901234567). "
    "Bác nhắn lại giúp con, hoặc bấm «Bỏ qua» ạ."
)
ASK_QUESTION = "Dạ, con đã ghi số điện thoại. Bác nhắn ngắn gọn việc cần hỗ trợ để người gọi lại chuẩn bị trước ạ."
CALLBACK_SAVED = (
    "Dạ, con đã ghi nhận. Tình nguyện viên của phường sẽ gọi lại cho Bác trong giờ trực "
    "({hours}). Bác cần hỏi gì thêm cứ nhắn cho con nhé."
)
CALLBACK_DECLINED = "Dạ vâng ạ. Bác cần hỏi gì cứ nhắn cho con.\nNếu cần gấp, Bác gọi đường dây nóng của phường {ward_hotline} ạ."

RESOLVED = (
    "Dạ, tình nguyện viên đã kết thúc cuộc trò chuyện. Từ giờ con (trợ lý tự động) tiếp tục hỗ trợ Bác ạ.\n"
    "Bác chấm điểm giúp con sự hỗ trợ vừa rồi nhé (1 sao là chưa tốt, 5 sao là rất tốt):"
)
ASK_COMMENT = "Dạ, con cảm ơn Bác đã chấm {stars} sao ạ. Nếu muốn góp ý thêm cho phường, Bác bấm «Viết góp ý» nhé."
WRITE_COMMENT = "Dạ, Bác nhắn góp ý ngay dưới đây giúp con ạ."
THANKS_COMMENT = "Dạ, con cảm ơn góp ý của Bác, phường sẽ đọc để hỗ trợ tốt hơn ạ. Bác cần hỏi gì thêm cứ nhắn cho con nhé."
THANKS_RATING = "Dạ, con cảm ơn Bác ạ. Bác cần hỏi gì thêm cứ nhắn cho con nhé."


def rating_buttons(ticket_id: int) -> list[dict[str, str]]:
    """1–5 stars for a resolved ticket."""
    return [{"title": "⭐" * n, "payload": f"#rate:{ticket_id}:{n}"} for n in range(1, 6)]


def comment_button(ticket_id: int) -> dict[str, str]:
    """Asks to write a comment: only then is the next typed message taken as one (not as a question)."""
    return {"title": "Viết góp ý", "payload": f"#rate:{ticket_id}:comment"}


def skip_comment_button(ticket_id: int) -> dict[str, str]:
    """Ends the rating without a comment."""
    return {"title": "Thôi, không góp ý", "payload": f"#rate:{ticket_id}:skip"}
