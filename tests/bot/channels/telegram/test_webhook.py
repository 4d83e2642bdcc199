"""POST /telegram/webhook: secret, validation, store-before-answer, one handling per update."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.channels.telegram import runner
from bot.channels.telegram.models import TelegramUpdate
from bot.channels.telegram.runner import TelegramNotConfigured
from tests.bot.channels.telegram import factory
from tests.bot.channels.telegram.factory import eventually, post_update, rows


def test_missing_or_wrong_secret_is_refused_and_nothing_is_stored(tg, telegram, rasa, database_url):
    update = factory.text(1, 42, "xin chào")
    for secret in [None, "", "wrong", factory.SECRET + "x", factory.SECRET[:-1], "ờ".encode()]:
        assert post_update(tg, update, secret=secret).status_code == 403, secret
    assert rows(database_url, TelegramUpdate) == []
    assert rasa.received == [] and telegram.sent() == []


def test_text_update_is_stored_then_answered_in_its_chat(tg, telegram, rasa, database_url):
    response = post_update(tg, factory.text(10, 42, "làm căn cước ở đâu"))
    assert response.status_code == 200
    [stored] = rows(database_url, TelegramUpdate)  # stored before the 200
    assert stored.update_id == 10

    [reply] = eventually(lambda: telegram.sent(), what="the bot's reply")
    assert reply["chat_id"] == 42
    assert reply["text"] == "Dạ, bot nhận được: làm căn cước ở đâu"
    assert "parse_mode" not in reply  # chat text is never read as markup
    assert [m["message"] for m in rasa.received] == ["làm căn cước ở đâu"]
    assert rasa.received[0]["sender"].startswith("conv-")  # Rasa never sees the chat id
    # handled, the update keeps only its id (a redelivery is still recognised): not the text, not the name
    eventually(lambda: rows(database_url, TelegramUpdate)[0].payload == {"update_id": 10} or None, what="a bare update")
    processed = eventually(lambda: rows(database_url, TelegramUpdate, TelegramUpdate.status == "processed"))
    assert processed[0].processed_at is not None


def test_redelivered_update_is_handled_once(tg, telegram, rasa, database_url):
    update = factory.text(11, 42, "giờ làm việc")
    assert post_update(tg, update).status_code == 200
    assert post_update(tg, update).status_code == 200  # Telegram retried: still 200, nothing more
    eventually(lambda: telegram.sent(42), what="the first reply")
    assert post_update(tg, update).status_code == 200  # and again after it was handled
    # A later message in the same chat is handled after anything queued before it.
    post_update(tg, factory.text(12, 42, "cảm ơn"))
    eventually(lambda: len(telegram.sent(42)) == 2, what="the reply to the later message")
    assert [m["message"] for m in rasa.received] == ["giờ làm việc", "cảm ơn"]
    assert [m["text"] for m in telegram.sent(42)] == ["Dạ, bot nhận được: giờ làm việc", "Dạ, bot nhận được: cảm ơn"]
    assert len(rows(database_url, TelegramUpdate)) == 2


@pytest.mark.parametrize(
    "body",
    [
        b'{"update_id": 5, "message": ',
        b"\xff\xfe not utf-8",
        b"[1, 2]",
        b'"update"',
        b"{}",
        b'{"update_id": "5"}',
        b'{"update_id": 5.0}',
        b'{"update_id": true}',
        b'{"update_id": -1}',
        b'{"update_id": 99999999999999999999999}',
        b'{"update_id": 7, "message": 5}',
        b"[" * 20000 + b"]" * 20000,
    ],
)
def test_malformed_body_is_refused(tg, rasa, database_url, body):
    headers = {"X-Telegram-Bot-Api-Secret-Token": factory.SECRET, "content-type": "application/json"}
    response = tg.post("/telegram/webhook", content=body, headers=headers)
    assert response.status_code == 400
    assert rows(database_url, TelegramUpdate) == []


def test_update_that_cannot_be_stored_is_refused_so_telegram_retries(tg, telegram, rasa):
    async def database_down(_update_id, _payload):
        raise OSError("disk I/O error")

    tg.app.state.telegram.store.add = database_down
    assert post_update(tg, factory.text(15, 42, "alo")).status_code == 503
    assert rasa.received == []


def test_webhook_is_registered_with_the_secret(tg_settings, telegram):
    tg_settings.telegram_public_url = "https://phuong.example/"
    with TestClient(create_app(tg_settings)):
        [registered] = telegram.calls_to("setWebhook")
    assert registered["url"] == "https://phuong.example/telegram/webhook"
    assert registered["secret_token"] == factory.SECRET
    assert registered["allowed_updates"] == ["message", "callback_query"]


def test_webhook_mode_without_secret_refuses_to_start(tg_settings, telegram):
    tg_settings.telegram_webhook_secret = ""
    with pytest.raises(TelegramNotConfigured, match="TELEGRAM_WEBHOOK_SECRET"):
        with TestClient(create_app(tg_settings)):
            pass
    assert telegram.calls == []


def test_wrong_token_refuses_to_start(tg_settings, telegram):
    tg_settings.telegram_token = "999:WRONG"
    with pytest.raises(TelegramNotConfigured, match="refused"):
        with TestClient(create_app(tg_settings)):
            pass


def test_gateway_starts_while_telegram_is_unreachable(tg_settings, telegram, caplog):
    tg_settings.telegram_api_base_url = "http://127.0.0.1:9/bot"  # nothing listens there
    with TestClient(create_app(tg_settings)) as client:
        assert client.get("/healthz").status_code == 200
        # updates still come in and are kept for when Telegram is back
        assert post_update(client, factory.text(20, 42, "alo")).status_code == 200
    assert "Telegram unreachable at start" in caplog.text


def test_updates_taken_while_telegram_is_down_are_handled_once_it_is_back(tg_settings, telegram, rasa, monkeypatch):
    monkeypatch.setattr(runner, "RECONNECT_FIRST_S", 0.05)
    telegram.fail_next("getMe", times=10_000, status=502)  # down until told otherwise
    with TestClient(create_app(tg_settings)) as client:
        assert post_update(client, factory.text(21, 42, "alo")).status_code == 200
        assert client.app.state.telegram.ready is False  # stored, waiting for Telegram
        telegram.clear_failures()
        [reply] = eventually(lambda: telegram.sent(42), what="the reply once Telegram is back")
    assert reply["text"] == "Dạ, bot nhận được: alo"
    assert [m["message"] for m in rasa.received] == ["alo"]
