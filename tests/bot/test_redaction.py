"""Logs: every record masked, whoever logs it — uvicorn's loggers, tracebacks, stacks, late handlers."""

from __future__ import annotations

import io
import logging

import pytest
from uvicorn.logging import AccessFormatter, DefaultFormatter

from bot import redaction

CCCD = "079160001234"


@pytest.fixture
def installed():
    """redaction.install() with the process's record factory and handlers put back afterwards."""
    factory = logging.getLogRecordFactory()
    redaction.install()
    yield
    logging.setLogRecordFactory(factory)


def capture(name: str, formatter: logging.Formatter | None = None) -> tuple[logging.Logger, io.StringIO]:
    """A logger with a handler added now (after install) writing to a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(formatter or logging.Formatter("%(message)s"))
    logger = logging.getLogger(name)
    logger.handlers = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger, buffer


def test_redact_masks_spaced_cccd_cards_otps_and_accounts():
    text = redaction.redact("cccd 079 160 001 234, the 4111 1111 1111 1111, ma otp 482913, stk 1012345678")
    assert "079 160" not in text and "4111" not in text and "482913" not in text and "1012345678" not in text


def test_a_handler_added_after_install_writes_masked_text(installed):
    logger, buffer = capture("tests.redaction.late")
    logger.info("resident said %s", f"cccd {CCCD}")
    assert CCCD not in buffer.getvalue() and "[số CCCD đã che]" in buffer.getvalue()


def test_uvicorn_error_traceback_is_masked(installed):
    logger, buffer = capture("uvicorn.error", DefaultFormatter("%(levelprefix)s %(message)s", use_colors=False))
    try:
        raise ValueError(f"bad phone 0901234567 for {CCCD}")
    except ValueError:
        logger.exception("Exception in ASGI application")
    written = buffer.getvalue()
    assert "Traceback" in written and "ValueError" in written
    assert "0901234567" not in written and CCCD not in written


def test_uvicorn_access_line_keeps_its_format_and_masks_the_path(installed):
    logger, buffer = capture(
        "uvicorn.access", AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False)
    )
    logger.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", f"/api/kb/search?q=cccd+{CCCD}", "1.1", 200)
    written = buffer.getvalue()
    assert CCCD not in written
    assert written.startswith('127.0.0.1:5000 - "GET /api/kb/search?q=cccd+[số CCCD đã che] HTTP/1.1" 200')


def test_stack_info_and_preformatted_exc_text_are_masked(installed):
    logger, buffer = capture("tests.redaction.stack")
    logger.info("here", stack_info=True, extra={"note": "x"})
    record = logging.makeLogRecord({"msg": "ok", "exc_text": f"Traceback ...\nKeyError: {CCCD}", "name": "x"})
    redaction.RedactingFilter().filter(record)
    assert CCCD not in record.exc_text
    record = logging.getLogRecordFactory()("x", logging.INFO, __file__, 1, "ok", None, None, sinfo=f"Stack: {CCCD}")
    assert record.stack_info == "Stack: [số CCCD đã che]"


def test_a_format_broken_by_a_masked_argument_falls_back_to_the_masked_text(installed):
    logger, buffer = capture("tests.redaction.int")
    logger.info("card %s%d", "4111 1111 1111 ", 1111)
    assert "4111" not in buffer.getvalue()


def test_install_twice_wraps_the_factory_once(installed):
    factory = logging.getLogRecordFactory()
    redaction.install()
    assert logging.getLogRecordFactory() is factory
