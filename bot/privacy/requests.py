"""A resident's typed request about their data: to see it ("xem dữ liệu của tôi") or erase it.

Read on the normalised, accent-folded text (nlu.normalize.match_key), so "xem du lieu cua toi",
"XOÁ dữ liệu của tui", "coi dữ liệu của bác đi" are heard too. Only a whole short message counts:
a question such as "làm sao xóa dữ liệu trên VNeID" is the knowledge base's, not a request.
"""

from __future__ import annotations

import re
from enum import StrEnum

from nlu.normalize import match_key


class DataRequest(StrEnum):
    SHOW = "show"
    ERASE = "erase"


MAX_CHARS = 80  # longer messages are questions, not this request (and the check stays cheap)
_PEOPLE = r"(?:toi|tui|minh|bac|con|chau|em|anh|chi|co|chu|ba|ong|tao|t)"
_POLITE = r"(?:\s+(?:di|nhe|nha|a|voi|giup|giup toi|giup con|giup bac|ngay|luon|het|duoc khong|dc khong|khong|duoc ko))*"
# data "of mine" (the owner is needed: "xóa dữ liệu" alone is as likely a question about a phone)
_MY_DATA = (
    rf"(?:toan bo\s+|tat ca\s+|het\s+)?(?:cac\s+)?(?:du lieu|dl|thong tin ca nhan|thong tin|tin nhan)\s+(?:cua|ve)\s+{_PEOPLE}"
)
# this conversation, whoever's it is
_THIS_CHAT = rf"(?:toan bo\s+|het\s+)?(?:cuoc tro chuyen|lich su tro chuyen|lich su chat|doan chat|cuoc chat)(?:\s+(?:nay|cua\s+{_PEOPLE}))?"
_TOPIC_WORDS = ("du lieu", "dl", "thong tin", "tin nhan", "chat", "tro chuyen")  # a quick "no" for most messages
_REQUEST = re.compile(
    rf"^(?:(?:cho|giup|nho)\s+{_PEOPLE}\s+)?(?:{_PEOPLE}\s+)?(?:muon\s+|can\s+|xin\s+)?"
    rf"(?P<verb>xem|coi|xoa|huy|kiem tra)?(?:\s+(?:lai|het|giup|ngay|di))*\s*"
    rf"(?:{_MY_DATA}|{_THIS_CHAT})(?:\s+(?:o day|tren nay|luu o day|ban dang luu))?{_POLITE}$"
)


def read_request(text: str) -> DataRequest | None:
    """The request a typed message makes about the resident's data, if it is one."""
    if len(text) > MAX_CHARS:
        return None
    key = match_key(text)
    if not any(word in key for word in _TOPIC_WORDS):
        return None
    found = _REQUEST.match(key)
    if found is None:
        return None
    verb = found.group("verb")
    if verb in ("xoa", "huy"):
        return DataRequest.ERASE
    if verb is None and ("tro chuyen" in key or "chat" in key):
        return None  # "cuộc trò chuyện này" alone asks nothing
    return DataRequest.SHOW
