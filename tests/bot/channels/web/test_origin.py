"""Which pages may open the widget's socket."""

from __future__ import annotations

import pytest

from bot.channels.web.origin import origin_allowed, parse_origins


@pytest.mark.parametrize(
    "origin, host, configured, allowed",
    [
        ("https://phuong.example", "phuong.example", "", True),  # the gateway's own page
        ("https://evil.example", "phuong.example", "", False),
        ("https://phuong.example.evil.example", "phuong.example", "", False),
        ("http://127.0.0.1:8000", "127.0.0.1:8000", "", True),
        ("https://ward.example", "gw.example", "https://ward.example/, https://www.ward.example", True),
        ("https://WARD.example", "gw.example", "https://ward.example", True),
        ("https://gw.example", "gw.example", "https://ward.example", False),  # configured: only those
        ("null", "gw.example", "", False),  # a sandboxed frame or a file
        ("https://x.example", None, "", False),
        (None, "gw.example", "https://ward.example", True),  # not a browser: nothing to protect
    ],
)
def test_origins(origin, host, configured, allowed):
    assert origin_allowed(origin, host, parse_origins(configured)) is allowed
