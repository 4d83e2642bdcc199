"""Fixtures: a fake Bot API on loopback and the gateway with its Telegram channel pointed at it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.channels.telegram import outbox
from bot.settings import Settings
from tests.bot.channels.telegram.factory import SECRET, TOKEN
from tests.support.fake_telegram import FakeTelegram


@pytest.fixture(scope="session")
def fake_telegram_server():
    server = FakeTelegram(TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def telegram(fake_telegram_server: FakeTelegram) -> FakeTelegram:
    fake_telegram_server.reset()
    return fake_telegram_server


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch):
    # Network retries wait 1 s, 2 s… in production; the tests only need the order of events.
    monkeypatch.setattr(outbox, "BACKOFF_S", 0.05)


@pytest.fixture
def tg_settings(settings: Settings, telegram: FakeTelegram) -> Settings:
    settings.telegram_mode = "webhook"
    settings.telegram_token = TOKEN
    settings.telegram_webhook_secret = SECRET
    settings.telegram_api_base_url = f"{telegram.url}/bot"
    settings.telegram_api_file_url = f"{telegram.url}/file/bot"
    return settings


@pytest.fixture
def tg(tg_settings: Settings):
    """The running gateway (webhook mode) as a test client."""
    with TestClient(create_app(tg_settings)) as client:
        yield client
