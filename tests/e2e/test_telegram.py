"""Telegram through the real stack: webhook in, real Rasa and actions, replies out to the Bot API."""

from __future__ import annotations

import httpx

from tests.bot.channels.telegram import factory
from tests.bot.channels.telegram.factory import SECRET, eventually


def post(stack, update: dict, secret: str = SECRET) -> httpx.Response:
    return httpx.post(
        f"{stack.gateway_url}/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
    )


def test_greeting_and_faq_answer_on_telegram(stack, fake_telegram):
    chat_id = 900001
    assert post(stack, factory.text(5001, chat_id, "xin chao")).status_code == 200
    [greeting] = eventually(lambda: fake_telegram.sent(chat_id), timeout=30, what="the greeting")
    assert greeting["text"].startswith("Dạ, con chào")
    keyboard = greeting["reply_markup"]["inline_keyboard"]
    assert len(keyboard) == 3 and all(len(row[0]["callback_data"].encode()) <= 64 for row in keyboard)

    # press "Cài và kích hoạt VNeID": the stored payload goes to Rasa, the FAQ answer comes back
    assert post(stack, factory.callback(5002, chat_id, keyboard[0][0]["callback_data"], "q-1")).status_code == 200
    answers = eventually(lambda: len(fake_telegram.sent(chat_id)) == 2 and fake_telegram.sent(chat_id), timeout=30, what="the answer")
    assert "VNeID" in answers[1]["text"]
    assert fake_telegram.calls_to("answerCallbackQuery")


def test_retried_update_is_answered_once(stack, fake_telegram):
    chat_id = 900002
    update = factory.text(5003, chat_id, "ban la ai")
    assert post(stack, update).status_code == 200
    assert post(stack, update).status_code == 200
    eventually(lambda: fake_telegram.sent(chat_id), timeout=30, what="the reply")
    assert len(fake_telegram.sent(chat_id)) == 1


def test_wrong_secret_is_refused(stack):
    assert post(stack, factory.text(5004, 900003, "alo"), secret="wrong").status_code == 403
