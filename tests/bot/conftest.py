"""Gateway fixtures: a migrated SQLite database per test and the app around it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings
from tests.support.database import migrate
from tests.support.fake_rasa import FakeRasa
from tests.support.loopback import LOCAL_CALLER
from tests.support.postgres import postgres_schema


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    migrate(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database(request, database_url):
    """The test's migrated database: SQLite, then a fresh PostgreSQL schema (the production path)."""
    if request.param == "sqlite":
        yield database_url
        return

    with postgres_schema() as url:
        migrate(url)
        yield url


@pytest.fixture(scope="session")
def fake_rasa():
    server = FakeRasa().start()
    yield server
    server.stop()


@pytest.fixture
def rasa(fake_rasa):
    fake_rasa.received.clear()
    fake_rasa.parsed.clear()
    fake_rasa.script.clear()
    fake_rasa.down = False
    fake_rasa.delay_s = 0.0
    return fake_rasa


@pytest.fixture
def settings(database_url: str, rasa, tmp_path: Path):
    return Settings(
        _env_file=None,
        database_url=database_url,
        rasa_tracker_db=str(tmp_path / "rasa_tracker.db"),  # never the developer's var/ file
        rasa_url=rasa.url,
        action_server_url=rasa.url,
        rasa_timeout_s=3.0,
        chat_rate_per_minute=600,
        widget_token_secrets="tests-widget-secret-0123456789",
        # the tests' residents all come from one address (the limits per address have their own tests)
        max_open_tickets_per_ip=0,
        new_conversations_per_ip_per_hour=100_000,
        ip_rate_per_minute=100_000,
        handoff_always_open=True,  # tests of the duty schedule turn it off
        # ward facts as a ward that has set them up (unset facts are tested in tests/bot/ward)
        ward_name="Phường Thử Nghiệm",
        ward_address="số 1 Đường Thử Nghiệm",
        ward_hours="Thứ Hai đến Thứ Sáu 7:30–11:30 và 13:00–17:00",
        ward_hotline="028 3822 0000",
        class_schedule="Sáng Chủ nhật hằng tuần tại hội trường phường",
    )


@pytest.fixture
def client(settings):
    # a caller on this machine, as `make run`'s: /api/chat is open to loopback when no API key is set
    with TestClient(create_app(settings), client=LOCAL_CALLER) as test_client:
        yield test_client
