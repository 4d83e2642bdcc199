"""devtools/console_client.py, the console client `make eval-handoff`, `make attacks` and the end-to-end tests
share, against the gateway served on a loopback port (the fake Rasa behind it)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from devtools.console_client import (
    CSRF_HEADER,
    ME_PATH,
    log_in,
    log_in_async,
    next_frame,
    open_socket,
    open_socket_sync,
    session_of,
    socket_url,
)
from tests.bot.auth.helpers import PASSWORD, add_user
from tests.support.browser import gateway
from tests.support.database import migrate
from tests.support.fake_rasa import FakeRasa


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from bot.settings import Settings

    folder = tmp_path_factory.mktemp("console-client")
    url = f"sqlite:///{folder / 'app.db'}"
    migrate(url)
    add_user(url, "lan", "volunteer")
    rasa = FakeRasa().start()
    settings = Settings(
        _env_file=None,
        database_url=url,
        rasa_url=rasa.url,
        action_server_url=rasa.url,
        rasa_tracker_db=str(folder / "rasa_tracker.db"),
        widget_token_secrets="console-client-secret-0123456789",
    )
    try:
        with gateway(settings) as server:
            yield server.url
    finally:
        rasa.stop()


def test_socket_url():
    assert socket_url("http://127.0.0.1:8000") == "ws://127.0.0.1:8000/console/ws"
    assert socket_url("https://phuong.example") == "wss://phuong.example/console/ws"


def test_a_volunteer_logs_in_and_hears_the_queue_blocking(served):
    with httpx.Client(base_url=served, timeout=30) as http:
        assert log_in(http, "lan", PASSWORD).status_code == 303
        assert http.get(ME_PATH).json()["username"] == "lan"
        with open_socket_sync(served, session_of(http), open_timeout=10) as ws:
            assert json.loads(ws.recv(timeout=10))["type"] == "queue"
            ws.send(json.dumps({"type": "ping"}))
            assert json.loads(ws.recv(timeout=10)) == {"type": "pong"}


def test_a_volunteer_logs_in_and_hears_the_queue_async(served):
    async def run() -> tuple[str, dict]:
        async with httpx.AsyncClient(base_url=served, timeout=30) as http:
            assert (await log_in_async(http, "lan", PASSWORD)).status_code == 303
            csrf = (await http.get(ME_PATH)).json()["csrf_token"]
            async with open_socket(served, session_of(http)) as ws:
                queue = await next_frame(ws, "queue")
            claimed = await http.post("/console/api/tickets/claim", json={}, headers={CSRF_HEADER: csrf})
            return claimed.json()["error"], queue

    error, queue = asyncio.run(run())
    assert error == "nothing_to_claim" and queue["waiting"] == []


def test_a_wrong_password_gets_no_session(served):
    with httpx.Client(base_url=served, timeout=30) as http:
        assert log_in(http, "lan", "sai-mat-khau").status_code == 401
        assert session_of(http) == ""
