"""What the resident reads, once per conversation, when numbers were hidden from their message."""

from __future__ import annotations

from collections.abc import Sequence

from bot.personal_numbers.kinds import Kind

MASKED_NOTICE = "masked"  # meta["notice"] of that reply: how the store knows it was said

NOTICE = (
    "Dạ, để giữ an toàn cho Bác, con đã che {what} trong tin nhắn, nên người hỗ trợ cũng không thấy. "
    "Bác đừng gửi mã OTP hay mật khẩu cho ai, kể cả người xưng là công an hay ngân hàng nhé."
)


def notice_text(kinds: Sequence[Kind]) -> str:
    """The notice naming what was hidden: «số CCCD», «số CCCD và số điện thoại», «a, b và c»."""
    names = [kind.spoken for kind in dict.fromkeys(kinds)]
    what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]
    return NOTICE.format(what=what)
