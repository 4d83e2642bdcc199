"""The real three processes (Rasa, action server, gateway), started once for the e2e tests."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from devtools.stack import MANY_RESIDENTS_ONE_ADDRESS, MODEL_DIR, Stack, free_port
from tests.bot.channels.telegram.factory import SECRET, TOKEN
from tests.support.fake_telegram import FakeTelegram


@pytest.fixture(scope="session")
def fake_telegram():
    """A Bot API stand-in on loopback: the gateway's python-telegram-bot talks real HTTP to it."""
    server = FakeTelegram(TOKEN).start()
    yield server
    server.stop()


@contextmanager
def started_stack(workdir: Path, fake_telegram, **extra_env: str):
    """The three processes with Telegram in webhook mode against the fake Bot API, ready, then stopped."""
    model = MODEL_DIR / "current.tar.gz"
    assert model.exists(), "train first: `make model` (make test does it)"
    running = Stack(
        workdir=workdir,
        rasa_port=free_port(),
        action_port=free_port(),
        gateway_port=free_port(),
        model=model,
        extra_env={
            "HANDOFF_ALWAYS_OPEN": "true",  # CI runs at any hour; the duty schedule has its own tests
            "TELEGRAM_MODE": "webhook",
            "TELEGRAM_TOKEN": TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_API_BASE_URL": f"{fake_telegram.url}/bot",
            "TELEGRAM_API_FILE_URL": f"{fake_telegram.url}/file/bot",
            **MANY_RESIDENTS_ONE_ADDRESS,
            **extra_env,
        },
    )
    running.migrate()
    running.start()
    try:
        running.wait_ready(timeout=240)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, fake_telegram):
    # The session's tests share one queue: what earlier tests left in it must not turn a later one's
    # wait estimate into a call-back offer (tests/e2e/test_console_browser.py tests that, on its own stack).
    with started_stack(
        tmp_path_factory.mktemp("stack"), fake_telegram, CHAT_RATE_PER_MINUTE="600", HANDOFF_MAX_WAIT_MINUTES="600"
    ) as running:
        yield running


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Debian's chromium, as root, on a machine without outside network (no background connections)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def browser():
    """Real headless Chromium driven by Playwright (no browser download: Debian's package).

    Per module: Playwright's sync API keeps an event loop running in this thread while it is
    open, and other e2e modules run their own loops with asyncio.run().
    """
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed (make test installs it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()
