"""Real Chromium against the gateway alone (no Rasa: tests/support/fake_rasa.py), served in this process.

In this process, so a test may set the gateway's clock (tests/support/clock.py) or its database directly;
tests/e2e/ drives the real three processes instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.support.database import ROOT
from tests.support.loopback import LoopbackServer

SCREENSHOTS = ROOT / "var" / "screenshots"


class Gateway(LoopbackServer):
    """The gateway's app on a free loopback port, in a thread."""

    def __init__(self, app: Any) -> None:
        self.serve(app)


@contextmanager
def gateway(settings: Any) -> Iterator[Gateway]:
    from bot.app import create_app

    server = Gateway(create_app(settings)).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed (make test installs it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def log_in(browser: Any, url: str, username: str, password: str, next_path: str, **context: Any) -> Any:
    """A new browser context logged in as this user, on `next_path`."""
    page = browser.new_context(**context).new_page()
    page.goto(f"{url}/login?next={next_path}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"**{next_path}")
    return page
