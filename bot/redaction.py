"""Personal data kept out of logs: every log record masked by bot/personal_numbers/masking.py, whoever logs it.

install() wraps the process's log record factory, so every record is masked when it is made: ours,
uvicorn's (uvicorn.error, uvicorn.access), any library's, whatever handler writes it, including
handlers added after install(). Its message, its arguments, its traceback (exc_info, formatted
once into exc_text) and its stack_info are masked. uvicorn's access formatter unpacks the record's
arguments, so a record keeps its arguments (each masked) whenever that gives the same masked text.
A filter on the handlers of the root and uvicorn loggers covers records made without the factory
(logging.makeLogRecord).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from bot.personal_numbers.masking import mask

# The loggers whose handlers get the filter too (uvicorn configures its own handlers at start-up).
LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access")
_MASKED = "_masks_personal_numbers"  # marks our record factory, so install() wraps it once


def redact(text: str) -> str:
    """The text with personal numbers and secrets replaced by labels (bot/personal_numbers/masking.py)."""
    return mask(text).text


def _masked_arg(arg: object) -> object:
    return redact(arg) if isinstance(arg, str) else arg


def redact_record(record: logging.LogRecord) -> None:
    """Masks a record's message, arguments, traceback and stack in place (again is cheap: the masker
    remembers the texts it saw, and a masked text masks to itself)."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: logging reports it when the record is written
        message = None
    if message is not None:
        masked = redact(message)
        if masked != message:
            _mask_message(record, masked)
    if record.exc_info and not record.exc_text:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = redact(text)
        if record.exc_text != text:  # formatters that format exc_info themselves must not see the original
            record.exc_info = None
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


def _mask_message(record: logging.LogRecord, masked: str) -> None:
    """Keeps the arguments (each masked) if the message is then masked; else the masked message alone."""
    args = record.args
    if isinstance(args, tuple) and args:
        record.msg, record.args = redact(str(record.msg)), tuple(_masked_arg(a) for a in args)
    elif isinstance(args, dict) and args:
        record.msg, record.args = redact(str(record.msg)), {k: _masked_arg(v) for k, v in args.items()}
    else:
        record.msg, record.args = masked, None
        return
    try:
        if record.getMessage() == masked:
            return
    except Exception:  # masking an argument broke the format (a %d given a label): use the text
        pass
    record.msg, record.args = masked, None


class RedactingFilter(logging.Filter):
    """Masks every record a handler writes (for records not made by the factory)."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def _masking_factory(make: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        redact_record(record)
        return record

    setattr(factory, _MASKED, True)
    return factory


def install() -> None:
    """Masks every log record from now on: the record factory, and a filter on the handlers of the
    root and uvicorn loggers. Safe to call again (nothing is installed twice)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, _MASKED, False):
        logging.setLogRecordFactory(_masking_factory(current))
    for name in LOGGERS:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())
