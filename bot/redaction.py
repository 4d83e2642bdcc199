"""Personal data kept out of logs: ID-card numbers, phone numbers, e-mail addresses."""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    (re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.-]?\d){9,10}(?!\d)"), "[SĐT]"),
    (re.compile(r"(?<!\d)\d{12}(?!\d)"), "[CCCD]"),
    (re.compile(r"(?<!\d)\d{9}(?!\d)"), "[CMND]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[EMAIL]"),
]


def redact(text: str) -> str:
    """The text with personal numbers and addresses replaced by labels."""
    for pattern, label in _PATTERNS:
        text = pattern.sub(label, text)
    return text


class RedactingFilter(logging.Filter):
    """Redacts every log record's final message, whoever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = redact(message), None
        return True


def install() -> None:
    """Puts the filter on every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
