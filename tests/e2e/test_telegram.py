"""Telegram through the real stack: webhook in, real Rasa and actions, replies out to the Bot API."""

from __future__ import annotations

import json

import httpx

from tests.bot.channels.telegram import factory
from tests.bot.channels.telegram.factory import SECRET, eventually


def post(stack, update: dict, secret: str = SECRET) -> httpx.Response:
    return httpx.post(f"{stack.gateway_url}/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret})


def test_greeting_and_faq_answer_on_telegram(stack, fake_telegram):
    chat_id = 900001
    assert post(stack, factory.text(5001, chat_id, "xin chao")).status_code == 200
    [greeting] = eventually(lambda: fake_telegram.sent(chat_id), timeout=30, what="the greeting")
    assert greeting["text"].startswith("Dạ, con chào")
    keyboard = greeting["reply_markup"]["inline_keyboard"]
    assert len(keyboard) == 3 and all(len(row[0]["callback_data"].encode()) <= 64 for row in keyboard)

    # press "Cài và kích hoạt VNeID": the stored payload goes to Rasa, the FAQ answer comes back
    assert post(stack, factory.callback(5002, chat_id, keyboard[0][0]["callback_data"], "q-1")).status_code == 200
    answers = eventually(
        lambda: len(fake_telegram.sent(chat_id)) == 2 and fake_telegram.sent(chat_id), timeout=30, what="the answer"
    )
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


def test_handoff_round_trip_on_telegram(stack, fake_telegram):
    """A resident on Telegram asks for a person; a volunteer answers from the console; back to the bot."""
    import asyncio

    from tests.e2e.console_client import Console, create_user, next_frame

    chat_id = 900010
    create_user(stack, "tg_vol", display_name="Hà")
    volunteer = Console(stack, "tg_vol")

    def sent():
        return fake_telegram.sent(chat_id)

    assert post(stack, factory.text(5101, chat_id, "cho toi gap nguoi that")).status_code == 200
    queued = eventually(lambda: len(sent()) >= 2 and sent(), timeout=30, what="the queue notice")
    assert "vị trí số" in queued[-1]["text"]

    async def converse():
        async with volunteer.socket() as ws:
            waiting = await next_frame(ws, "queue", match=lambda f: any(t["channel"] == "telegram" for t in f["waiting"]))
            ticket = next(t for t in waiting["waiting"] if t["channel"] == "telegram")
            claimed = volunteer.claim(ticket["ticket_id"])
            await ws.send(json.dumps({"type": "watch", "ticket_id": claimed["ticket_id"], "after_seq": 10_000}))
            volunteer.reply(claimed["ticket_id"], "Chào Bác, cháu là Hà, Bác cần giúp gì ạ?")
            assert post(stack, factory.text(5102, chat_id, "bac muon hoi ve luong huu")).status_code == 200
            arrived = await next_frame(ws, "message", match=lambda f: f["message"]["direction"] == "in")
            assert arrived["message"]["text"] == "bac muon hoi ve luong huu"
            return claimed["ticket_id"]

    ticket_id = asyncio.run(converse())
    texts = [m["text"] for m in eventually(lambda: len(sent()) >= 4 and sent(), timeout=30, what="the volunteer's words")]
    assert "Hà" in texts[2] and texts[3] == "👤 Tình nguyện viên Hà:\nChào Bác, cháu là Hà, Bác cần giúp gì ạ?"
    assert len(sent()) == 4  # the bot said nothing about the resident's question

    volunteer.resolve(ticket_id)
    rating = eventually(lambda: len(sent()) >= 5 and sent()[4], timeout=30, what="the rating question")
    stars = rating["reply_markup"]["inline_keyboard"]
    assert len(stars) == 5
    assert post(stack, factory.callback(5103, chat_id, stars[4][0]["callback_data"], "q-9")).status_code == 200
    thanks = eventually(lambda: len(sent()) >= 6 and sent()[5], timeout=30, what="the thanks")
    assert "5 sao" in thanks["text"]
    volunteer.close()
