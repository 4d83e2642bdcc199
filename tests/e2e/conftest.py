"""The real three processes (Rasa, action server, gateway), started once for the e2e tests."""

from __future__ import annotations

import pytest

from devtools.stack import MODEL_DIR, Stack, free_port
from tests.bot.channels.telegram.factory import SECRET, TOKEN
from tests.support.fake_telegram import FakeTelegram


@pytest.fixture(scope="session")
def fake_telegram():
    """A Bot API stand-in on loopback: the gateway's python-telegram-bot talks real HTTP to it."""
    server = FakeTelegram(TOKEN).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, fake_telegram):
    model = MODEL_DIR / "current.tar.gz"
    assert model.exists(), "train first: `make model` (make test does it)"
    running = Stack(
        workdir=tmp_path_factory.mktemp("stack"),
        rasa_port=free_port(),
        action_port=free_port(),
        gateway_port=free_port(),
        model=model,
        extra_env={
            "CHAT_RATE_PER_MINUTE": "600",
            "TELEGRAM_MODE": "webhook",
            "TELEGRAM_TOKEN": TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_API_BASE_URL": f"{fake_telegram.url}/bot",
            "TELEGRAM_API_FILE_URL": f"{fake_telegram.url}/file/bot",
        },
    )
    running.migrate()
    running.start()
    try:
        running.wait_ready(timeout=240)
        yield running
    finally:
        running.stop()
