"""Polling mode (development): updates come from getUpdates instead of the webhook."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.app import create_app
from tests.bot.channels.telegram import factory
from tests.bot.channels.telegram.factory import eventually


def test_polling_receives_an_update_and_replies(tg_settings, telegram, rasa):
    tg_settings.telegram_mode = "polling"
    tg_settings.telegram_webhook_secret = ""  # not needed without a webhook
    telegram.push_update(factory.text(500, 42, "đăng ký khai sinh"))
    with TestClient(create_app(tg_settings)) as client:
        [reply] = eventually(lambda: telegram.sent(42), what="the reply")
        assert client.post("/telegram/webhook", json=factory.text(501, 42, "x")).status_code == 404
    assert reply["text"] == "Dạ, bot nhận được: đăng ký khai sinh"
    assert [m["message"] for m in rasa.received] == ["đăng ký khai sinh"]
    assert telegram.calls_to("deleteWebhook")  # polling and a webhook cannot coexist
    polls = telegram.calls_to("getUpdates")
    assert polls[0]["allowed_updates"] == ["message", "callback_query"]
    assert polls[-1]["offset"] == 501  # the update was confirmed on the way out
