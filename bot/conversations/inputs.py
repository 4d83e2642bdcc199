"""Checks on what residents send, with the Vietnamese answer for each kind of bad input."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass
class InputRejected(Exception):
    """A message we will not process, with the reason a resident can read."""

    code: str
    message: str
    http_status: int = 422


# A fresh exception for every refusal: raising one shared instance again and again chains each raise's
# traceback onto it (memory that grows with every bad request).
def not_text() -> InputRejected:
    return InputRejected("not_text", "Dạ, hiện con chỉ đọc được tin nhắn bằng chữ. Bác gõ câu hỏi giúp con nhé.")


def empty() -> InputRejected:
    return InputRejected(
        "empty",
        "Dạ, tin nhắn đang trống ạ. Bác nhập câu hỏi rồi bấm gửi giúp con nhé.",
    )


def too_long(length: int, limit: int) -> InputRejected:
    """The answer to a message over the length limit."""
    return InputRejected(
        "too_long",
        f"Dạ, tin nhắn dài quá ({length} ký tự) ạ. Bác gửi ngắn gọn dưới {limit} ký tự, "
        "hoặc chia thành vài tin nhỏ giúp con nhé.",
        413,
    )


# Spaces of every kind become plain spaces and digits of every script ASCII ones: a phone pastes
# «0912\u00a0345\u00a0678», a keyboard may type fullwidth «０９１２»; the masker and the bot read them as typed.
_PLAIN = {
    code: " " if unicodedata.category(chr(code)) == "Zs" else str(unicodedata.digit(chr(code)))
    for code in range(0x80, 0x10000)
    if unicodedata.category(chr(code)) == "Zs"
    or (unicodedata.category(chr(code)) == "Nd" and unicodedata.digit(chr(code), None) is not None)
}


def clean_text(raw: object, limit: int) -> str:
    """The message text made safe to store and process, or InputRejected."""
    if not isinstance(raw, str):
        raise not_text()
    # lone surrogates and control characters cannot be stored or shown; line breaks can
    text = raw.encode("utf-8", "replace").decode("utf-8")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    text = unicodedata.normalize("NFC", text).translate(_PLAIN).strip()
    if not text:
        raise empty()
    if len(text) > limit:
        raise too_long(len(text), limit)
    return text
