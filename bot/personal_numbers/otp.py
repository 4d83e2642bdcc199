"""How a one-time code is named around it: by its name earlier in the sentence («mã xác thực», «đọc mã 6
số»), in the sentence before and then told, by a text message, or right after it («… là mã OTP»)."""

from __future__ import annotations

import re

from bot.personal_numbers.vocabulary import IN_SENTENCE, LETTER

# How residents name a code (plain «mã» is too common: «mã đơn hàng», «mã bưu gửi»)
_CODE_NAME = (
    rf"(?<!{LETTER})(?:otp|code|(?:mã|ma) (?:xác|xac) (?:thực|thuc|nhận|nhan|minh)|(?:mã|ma) (?:kích|kich) (?:hoạt|hoat)"
    rf"|(?:mã|ma) (?:giao|gd) (?:dịch|dich)?|(?:mã|ma) (?:bảo|bao) (?:mật|mat)"
    # «mã 6 số», «đọc cái mã», «cái mã ngân hàng gửi»: how a scam names the code it asks for
    rf"|(?:mã|ma) (?:gồm |gom )?(?:\d|bốn|bon|sáu|sau|tám|tam) (?:chữ |chu )?(?:số|so)"
    rf"|(?:đọc|doc|đưa|dua|xin|hỏi|hoi|cung cấp|cung cap)(?: cái| cai| cho nó| cho no| giùm| dùm| lại| lai)? (?:mã|ma)"
    # the code sent or received: «nó gửi mã tui đọc tiếp 604041», «vừa nhận mã là 482913»
    rf"|(?:gửi|gui|nhắn|nhận|nhan)(?: cái| cai| cho tui| cho toi| về| ve| lại| lai)? (?:mã|ma)"
    # «đọc 4 số gửi về máy», «đưa dãy số trong tin nhắn»: the code named by its digits (not «4 số cuối»)
    rf"|(?:đọc|doc|đưa|dua|xin|hỏi|hoi|cung cấp|cung cap)(?: cái| cai| giùm| dùm| lại| lai| mấy| may)?"
    rf" (?:\d|bốn|bon|sáu|sau|tám|tam|dãy|day) (?:chữ |chu |con )?(?:số|so)(?! (?:cuối|cuoi|đầu|dau))"
    rf"|(?:mã|cái ma|cai ma)(?: {LETTER}+){{0,3}} (?:gửi|gui))(?!{LETTER})"
)
# A code's own name earlier in the same sentence, whatever words come between; a year is not taken for a
# code that far from its name.
OTP_NEAR = re.compile(rf"{_CODE_NAME}{IN_SENTENCE}*$", re.IGNORECASE)
# A code named in the sentence before, then read out: «… đọc mã xác thực gửi về điện thoại. Tôi đã đọc 906152»
CODE_NAMED = re.compile(_CODE_NAME, re.IGNORECASE)
TOLD = re.compile(
    rf"(?<!{LETTER})(?:đọc|doc|đưa|dua|gửi|gui|nhắn|báo|cho (?:nó|no|họ|ho|hắn|han))"
    rf"(?:\s+(?:lại|lai|luôn|luon|rồi|roi|tiếp|tiep|là|la|cho (?:nó|no|họ|ho|hắn|han)))*[\s:]*$",
    re.IGNORECASE,
)
# six digits in a text message are its code: «tui nhận tin nhắn có mấy số 418 625 là cái gì»
SMS_NEAR = re.compile(rf"(?<!{LETTER})(?:tin nhắn|tin nhan|nhắn tin|nhan tin|sms)(?!{LETTER}){IN_SENTENCE}*$", re.IGNORECASE)
SMS_CODE_DIGITS = 6
OTP_MAX_DIGITS = 8
# A number named after it: «<#> 310956 là mã xác thực OTP…», «FB-48291035 là mã xác nhận Facebook»
OTP_AFTER = re.compile(
    rf"^[\s,]*(?:là|la|is)\s+(?:(?:mã|ma)\s+(?:otp|xác|xac|kích|kich|bảo|bao|giao|gd|pin|code)|otp|your)(?!{LETTER})",
    re.IGNORECASE,
)
