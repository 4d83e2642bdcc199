"""What each kind of update becomes: bot turns for text, /start and buttons; notices for the rest."""

from __future__ import annotations

from bot.channels.telegram.texts import STALE_BUTTON, TEXT_ONLY
from bot.conversations.models import Message
from tests.bot.channels.telegram import factory
from tests.bot.channels.telegram.factory import eventually, post_update, rows

LONG_PAYLOAD = '/ask_faq{"faq_id": "cu-tru-dang-ky-tam-tru-truc-tuyen-tren-cong-dich-vu-cong-quoc-gia"}'


def test_start_is_a_greeting(tg, telegram, rasa, database_url):
    post_update(tg, factory.command(30, 42, "/start"))
    eventually(lambda: telegram.sent(42), what="the greeting")
    assert [m["message"] for m in rasa.received] == ["/greet"]
    inbound = rows(database_url, Message, Message.direction == "in")
    assert [(m.text, m.meta) for m in inbound] == [("/start", {"payload": "/greet"})]


def test_photo_gets_a_text_only_notice_without_asking_the_bot(tg, telegram, rasa):
    post_update(tg, factory.photo(31, 42))
    [notice] = eventually(lambda: telegram.sent(42), what="the notice")
    assert notice["text"] == TEXT_ONLY
    assert rasa.received == []


def test_sticker_voice_and_location_get_the_same_notice(tg, telegram, rasa):
    sticker = {
        "file_id": "CAAD",
        "file_unique_id": "s1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    post_update(tg, factory.message(32, 42, sticker=sticker))
    post_update(tg, factory.message(33, 42, voice={"file_id": "AwAD", "file_unique_id": "v1", "duration": 3}))
    post_update(tg, factory.message(34, 42, location={"latitude": 10.77, "longitude": 106.70}))
    notices = eventually(lambda: len(telegram.sent(42)) == 3 and telegram.sent(42), what="three notices")
    assert {n["text"] for n in notices} == {TEXT_ONLY}
    assert rasa.received == []


def test_too_long_text_is_answered_with_the_reason(tg, telegram, rasa, settings):
    post_update(tg, factory.text(35, 42, "a" * (settings.max_message_chars + 1)))
    [notice] = eventually(lambda: telegram.sent(42), what="the rejection")
    assert notice["text"].startswith("Dạ, tin nhắn dài quá")
    assert rasa.received == []


def test_buttons_become_an_inline_keyboard_and_a_press_reaches_the_bot(tg, telegram, rasa, database_url):
    rasa.script["tạm trú"] = {
        "messages": [
            {
                "recipient_id": "x",
                "text": "Dạ, Bác hỏi về việc nào ạ?",
                "buttons": [
                    {"title": "Đăng ký tạm trú trực tuyến", "payload": LONG_PAYLOAD},
                    {"title": "Gặp cán bộ phường", "payload": "/human"},
                ],
            }
        ],
        "intent": "ask_question",
        "confidence": 0.9,
    }
    post_update(tg, factory.text(40, 42, "tạm trú"))
    [question] = eventually(lambda: telegram.sent(42), what="the reply with buttons")
    rows_ = question["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows_] == [["Đăng ký tạm trú trực tuyến"], ["Gặp cán bộ phường"]]
    data = [row[0]["callback_data"] for row in rows_]
    assert all(len(d.encode()) <= 64 for d in data)

    post_update(tg, factory.callback(41, 42, data[0], query_id="777"))
    eventually(lambda: len(telegram.sent(42)) == 2, what="the answer to the press")
    [answered] = telegram.calls_to("answerCallbackQuery")
    assert answered["callback_query_id"] == "777"
    assert [m["message"] for m in rasa.received] == ["tạm trú", LONG_PAYLOAD]
    pressed = rows(database_url, Message, Message.direction == "in", Message.client_id == "cb:777")
    assert [(m.text, m.meta["payload"]) for m in pressed] == [("Đăng ký tạm trú trực tuyến", LONG_PAYLOAD)]


def test_unknown_or_foreign_button_is_answered_with_a_notice(tg, telegram, rasa):
    rasa.script["hỏi"] = {
        "messages": [{"recipient_id": "x", "text": "Chọn ạ", "buttons": [{"title": "A", "payload": "/a"}]}],
        "intent": "greet",
        "confidence": 1,
    }
    post_update(tg, factory.text(50, 42, "hỏi"))
    [question] = eventually(lambda: telegram.sent(42), what="the reply with buttons")
    data = question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    presses = [("51", 42, "not-ours"), ("52", 42, "2:9"), ("53", 42, "999:0"), ("54", 43, data)]  # 43: another chat
    for number, (query_id, chat_id, callback_data) in enumerate(presses):
        post_update(tg, factory.callback(51 + number, chat_id, callback_data, query_id=query_id))
    answers = eventually(
        lambda: len(telegram.calls_to("answerCallbackQuery")) == 4 and telegram.calls_to("answerCallbackQuery"),
        what="four answers",
    )
    assert sorted(a["callback_query_id"] for a in answers) == ["51", "52", "53", "54"]
    assert {a["text"] for a in answers} == {STALE_BUTTON}
    assert [m["message"] for m in rasa.received] == ["hỏi"]


def test_a_flood_from_one_chat_is_slowed_down_in_vietnamese(tg_settings, telegram, rasa):
    from fastapi.testclient import TestClient

    from bot.app import create_app
    from bot.ratelimit import RATE_LIMITED_TEXT

    tg_settings.chat_rate_per_minute = 6  # a burst of 2
    with TestClient(create_app(tg_settings)) as client:
        for update_id in range(60, 64):
            post_update(client, factory.text(update_id, 77, f"tin {update_id}"))
        eventually(lambda: len(telegram.sent(77)) >= 4, what="two replies and two notices")
    assert len(rasa.received) == 2
    assert sum(m["text"] == RATE_LIMITED_TEXT for m in telegram.sent(77)) == 2


def test_thumbs_down_under_an_faq_answer_is_stored_not_sent_to_the_bot(tg, telegram, rasa, database_url):
    from bot.feedback.models import Feedback
    from bot.feedback.service import SORRY

    rasa.script["lệ phí hộ chiếu"] = {
        "messages": [
            {
                "recipient_id": "x",
                "text": "Dạ, lệ phí…",
                "custom": {"meta": {"source": "faq", "faq_id": "ho-chieu-le-phi", "faq_score": 0.9}},
            }
        ],
        "intent": "ask_question",
        "confidence": 0.9,
    }
    post_update(tg, factory.text(80, 55, "lệ phí hộ chiếu"))
    [answer] = eventually(lambda: telegram.sent(55), what="the FAQ answer")
    keyboard = answer["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard] == ["👍 Hữu ích", "👎 Chưa đúng"]
    post_update(tg, factory.callback(81, 55, keyboard[1][0]["callback_data"], query_id="fb-1"))
    sorry = eventually(lambda: len(telegram.sent(55)) == 2 and telegram.sent(55)[1], what="the apology")
    assert sorry["text"] == SORRY
    # a person one tap away: the button asks the bot for one (out of hours it offers a call-back)
    assert [row[0]["text"] for row in sorry["reply_markup"]["inline_keyboard"]] == ["Gặp người hỗ trợ"]
    assert [(f.value, f.faq_id) for f in rows(database_url, Feedback)] == [(-1, "ho-chieu-le-phi")]
    assert [m["message"] for m in rasa.received] == ["lệ phí hộ chiếu"]
