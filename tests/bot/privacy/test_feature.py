"""A resident asks what is kept about them, and erases it (with confirmation), on the chat API and the
widget's socket; the bot never sees these requests, and an erased conversation never comes back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from bot.conversations.models import Conversation, Message
from bot.privacy import texts
from bot.privacy.erasure import ERASED_CHANNEL
from tests.bot.privacy.tracker_rows import add_events, create_events, senders


@pytest.fixture
def tracker_url(settings) -> str:
    url = f"sqlite:///{settings.rasa_tracker_db}"
    create_events(url)
    return url


def say(client, sender: str, message: str) -> list[dict]:
    response = client.post("/api/chat", json={"sender": sender, "message": message})
    assert response.status_code == 200, response.text
    return response.json()


def conversation_of(database_url: str, channel: str, external_id: str) -> Conversation | None:
    with Session(create_engine(database_url)) as session:
        return session.scalar(
            select(Conversation).where(Conversation.channel == channel, Conversation.external_id == external_id)
        )


def message_count(database_url: str, conversation_id: int) -> int:
    with Session(create_engine(database_url)) as session:
        return session.scalar(select(func.count()).where(Message.conversation_id == conversation_id)) or 0


def to_bot(rasa) -> list[str]:
    return [body["message"] for body in rasa.received]


@pytest.mark.parametrize("request_text", ["xem dữ liệu của tôi", "xem du lieu cua toi", "Cho bác xem dữ liệu của bác"])
def test_the_data_summary_is_answered_by_the_gateway(client, rasa, request_text):
    say(client, "bac-tu", "xin chào")
    [reply] = say(client, "bac-tu", request_text)

    text = reply["text"]
    assert text.startswith(texts.SUMMARY_HEAD)
    assert "3 tin nhắn (Bác gửi 2, con và tình nguyện viên trả lời 1)" in text
    assert "Chưa lần nào chuyển cho tình nguyện viên" in text and "không lưu số nào" in text
    deleted_on = (datetime.now(timezone.utc) + timedelta(days=180)).astimezone(timezone(timedelta(hours=7)))
    assert deleted_on.strftime("%d/%m/%Y") in text and "180 ngày" in text
    assert reply["meta"]["source"] == "system"
    assert to_bot(rasa) == ["xin chào"]  # the request never reached the bot


def test_a_question_about_erasing_data_elsewhere_goes_to_the_bot(client, rasa):
    say(client, "bac-tu", "làm sao xóa dữ liệu trên VNeID")
    assert to_bot(rasa) == ["làm sao xóa dữ liệu trên VNeID"]


def test_erasure_asks_first_and_no_keeps_everything(client, rasa, database_url, tracker_url):
    say(client, "bac-tu", "xin chào")
    conversation = conversation_of(database_url, "api", "bac-tu")
    add_events(tracker_url, conversation.rasa_sender, datetime.now(timezone.utc))

    [ask] = say(client, "bac-tu", "xóa dữ liệu của tôi")
    assert ask["text"] == texts.CONFIRM_ERASE
    assert ask["buttons"] == [texts.ERASE_BUTTON, texts.KEEP_BUTTON]
    [kept] = say(client, "bac-tu", texts.KEEP_BUTTON["payload"])

    assert kept["text"] == texts.KEPT
    assert message_count(database_url, conversation.id) == 6
    assert senders(tracker_url) == {conversation.rasa_sender: 3}
    assert to_bot(rasa) == ["xin chào"]


def test_erasure_deletes_the_conversation_here_and_in_rasa_and_it_never_comes_back(client, rasa, database_url, tracker_url):
    say(client, "bac-tu", "CCCD của tôi là 079123456789")
    old = conversation_of(database_url, "api", "bac-tu")
    add_events(tracker_url, old.rasa_sender, datetime.now(timezone.utc))
    add_events(tracker_url, "conv-someone-else", datetime.now(timezone.utc))

    say(client, "bac-tu", "xoa du lieu cua toi")
    [erasing] = say(client, "bac-tu", texts.ERASE_BUTTON["payload"])

    assert erasing["text"] == texts.ERASING
    assert message_count(database_url, old.id) == 0  # the confirmation included
    assert conversation_of(database_url, ERASED_CHANNEL, str(old.id)) is not None
    assert conversation_of(database_url, "api", "bac-tu") is None
    assert senders(tracker_url) == {"conv-someone-else": 3}

    say(client, "bac-tu", "xin chào")
    new = conversation_of(database_url, "api", "bac-tu")
    assert new is not None and new.id != old.id
    assert message_count(database_url, new.id) == 2
    assert rasa.received[-1]["sender"] == new.rasa_sender != old.rasa_sender


def hello(ws, token=None) -> dict:
    ws.send_json({"type": "hello", "token": token, "last_seq": 0})
    welcome = ws.receive_json()
    assert welcome["type"] == "welcome"
    return welcome


def frames_until(ws, kind: str, limit: int = 30) -> list[dict]:
    frames = []
    for _ in range(limit):
        frames.append(ws.receive_json())
        if frames[-1]["type"] == kind:
            return frames
    raise AssertionError(f"no {kind} frame in {frames}")


def test_the_widget_erases_through_its_socket_and_every_tab_hears_it(client, rasa, database_url, tracker_url):
    with client.websocket_connect("/ws/chat") as tab, client.websocket_connect("/ws/chat") as other_tab:
        first = hello(tab)
        sender = first["sender"]
        hello(other_tab, first["token"])
        tab.send_json({"type": "message", "client_id": "c-1", "text": "xin chào"})
        frames_until(tab, "typing")
        conversation = conversation_of(database_url, "web", sender)
        add_events(tracker_url, conversation.rasa_sender, datetime.now(timezone.utc))

        tab.send_json({"type": "erase"})
        erased = frames_until(tab, "erased")[-1]
        assert erased == {"type": "erased", "text": texts.ERASED}
        assert frames_until(other_tab, "erased")[-1] == erased

    assert message_count(database_url, conversation.id) == 0
    assert senders(tracker_url) == {}
    with client.websocket_connect("/ws/chat") as again:  # the old token, kept by a browser that missed it
        assert hello(again, first["token"])["history"] == []


def test_erasing_from_the_chat_also_tells_the_widget(client, rasa, database_url):
    with client.websocket_connect("/ws/chat") as ws:
        sender = hello(ws)["sender"]
        ws.send_json({"type": "message", "client_id": "c-1", "text": "xóa dữ liệu của tôi"})
        ask = next(f for f in frames_until(ws, "typing", limit=5) + frames_until(ws, "typing") if f.get("direction") == "out")
        assert ask["buttons"] == [texts.ERASE_BUTTON, texts.KEEP_BUTTON]
        ws.send_json({"type": "message", "client_id": "c-2", "text": "Xóa", "payload": texts.ERASE_BUTTON["payload"]})
        assert frames_until(ws, "erased")[-1]["text"] == texts.ERASED
    assert conversation_of(database_url, "web", sender) is None
    assert to_bot(rasa) == []


def test_a_tracker_failure_erases_nothing_and_says_so(client, rasa, database_url, settings):
    # Rasa's "events" is there but cannot be deleted from (a view), so erasing in Rasa fails
    engine = create_engine(f"sqlite:///{settings.rasa_tracker_db}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE VIEW events AS SELECT 'conv-1' AS sender_id")
    engine.dispose()
    say(client, "bac-tu", "xin chào")
    old = conversation_of(database_url, "api", "bac-tu")
    say(client, "bac-tu", "xóa dữ liệu của tôi")
    replies = say(client, "bac-tu", texts.ERASE_BUTTON["payload"])

    assert [r["text"] for r in replies] == [texts.ERASING]
    with Session(create_engine(database_url)) as session:
        last = session.scalars(select(Message.text).where(Message.conversation_id == old.id).order_by(Message.seq.desc())).first()
    assert last == texts.ERASE_FAILED
    assert conversation_of(database_url, "api", "bac-tu").id == old.id


def test_the_gateway_runs_the_retention_job_by_itself(settings, rasa, database_url, tracker_url):
    import time

    from fastapi.testclient import TestClient

    from bot.app import create_app

    old = datetime.now(timezone.utc) - timedelta(days=181)
    engine = create_engine(database_url)
    with Session(engine) as session:
        conversation = Conversation(channel="api", external_id="bac-cu", mode="bot", last_seq=0, created_at=old, updated_at=old)
        session.add(conversation)
        session.commit()
        old_id = conversation.id
    engine.dispose()
    add_events(tracker_url, f"conv-{old_id}", old)

    with TestClient(create_app(settings.model_copy(update={"retention_check_interval_s": 0.1}))):
        deadline = time.monotonic() + 10
        while conversation_of(database_url, "api", "bac-cu") is not None and time.monotonic() < deadline:
            time.sleep(0.1)
    assert conversation_of(database_url, ERASED_CHANNEL, str(old_id)) is not None
    assert senders(tracker_url) == {}
