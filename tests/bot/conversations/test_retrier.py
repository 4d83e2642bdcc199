"""An outage is not a flood: held messages, one notice, answers after recovery, a person only when needed.

The fake Rasa is a real HTTP server; `rasa.down` makes its health check and its turns fail.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.app import build_service
from bot.clock import utcnow
from bot.conversations.holds import BotHold
from bot.conversations.hub import Hub
from bot.conversations.models import Conversation, Message
from bot.conversations.rasa_client import RasaClient
from bot.conversations.retrier import Retrier, RetryTiming
from bot.conversations.service import ConversationService
from bot.db import make_engine, make_sessionmaker
from bot.handoff.feature import HandoffOptions
from bot.handoff.models import Holiday, Ticket
from bot.handoff.schedule import VIETNAM
from tests.support.database import migrate
from tests.support.postgres import postgres_schema

HOLD = timedelta(seconds=60)


def make_service(database_url: str, rasa, always_open: bool = True) -> ConversationService:
    service, _handoff = build_service(
        make_sessionmaker(make_engine(database_url)),
        RasaClient(rasa.url, 3.0, 1.0),
        Hub(),
        2000,
        lambda: {"ward_hotline": "028 3822 0000"},
        HandoffOptions(always_open=always_open),
    )
    return service


def retrier(service: ConversationService, hold: timedelta = HOLD) -> Retrier:
    return Retrier(service, RetryTiming(hold=hold, first_backoff_s=0.0, max_backoff_s=0.0))


def messages(service: ConversationService) -> list[Message]:
    with service.sessions() as session:
        return list(session.scalars(select(Message).order_by(Message.conversation_id, Message.seq)))


def tickets(service: ConversationService) -> list[Ticket]:
    with service.sessions() as session:
        return list(session.scalars(select(Ticket)))


def answers_to(service: ConversationService, external_id: str) -> dict[str, list[str]]:
    """Each inbound text of a conversation → the texts that reply to it."""
    with service.sessions() as session:
        conversation = session.scalars(select(Conversation).where(Conversation.external_id == external_id)).one()
        rows = list(session.scalars(select(Message).where(Message.conversation_id == conversation.id).order_by(Message.seq)))
    return {m.text: [r.text for r in rows if r.direction == "out" and r.reply_to == m.seq] for m in rows if m.direction == "in"}


def age_holds(service: ConversationService, by: timedelta) -> None:
    """As if the holds had started `by` earlier."""
    with service.sessions() as session:  # in Python: SQLite has no date arithmetic
        for hold in session.scalars(select(BotHold)):
            hold.since -= by
        session.commit()


async def test_an_outage_is_told_once_and_its_messages_are_answered_in_order_when_the_bot_is_back(database_url, rasa):
    service = make_service(database_url, rasa)
    rasa.down = True
    first = await service.receive("api", "bac-an", "làm căn cước")
    second = await service.receive("api", "bac-an", "lệ phí bao nhiêu")
    third = await service.receive("api", "bac-an", "ở đâu")
    [notice] = first.replies
    assert notice.meta["source"] == "system" and notice.meta["bot_busy"] is True
    assert "đang bận một chút" in notice.text and "Bác" in notice.text and "028 3822 0000" in notice.text
    assert notice.buttons == [{"title": "Gặp người hỗ trợ", "payload": "#handoff:person"}]
    assert second.replies == [] and third.replies == []  # once per outage, not once per message
    assert [m.status for m in messages(service) if m.direction == "in"] == ["deferred"] * 3

    assert await retrier(service).tick() == (0, 0)  # still down: nothing sent again, nobody escalated
    rasa.received.clear()
    rasa.down = False
    assert await retrier(service).tick() == (3, 0)

    assert [r["message"] for r in rasa.received] == ["làm căn cước", "lệ phí bao nhiêu", "ở đâu"]
    assert answers_to(service, "bac-an") == {
        "làm căn cước": [notice.text, "Dạ, bot nhận được: làm căn cước"],
        "lệ phí bao nhiêu": ["Dạ, bot nhận được: lệ phí bao nhiêu"],
        "ở đâu": ["Dạ, bot nhận được: ở đâu"],
    }
    assert [m.status for m in messages(service) if m.direction == "in"] == ["answered"] * 3
    assert tickets(service) == []
    assert await retrier(service).tick() == (0, 0)  # answered once, never twice
    assert len(rasa.received) == 3

    # the next outage is told again
    rasa.down = True
    [again] = (await service.receive("api", "bac-an", "còn gì nữa")).replies
    assert again.meta["bot_busy"] is True
    await service.rasa.close()


async def test_a_message_while_others_are_held_waits_behind_them_even_with_the_bot_back(database_url, rasa):
    service = make_service(database_url, rasa)
    rasa.down = True
    await service.receive("api", "bac-ba", "một")
    rasa.received.clear()
    rasa.down = False
    later = await service.receive("api", "bac-ba", "hai")  # the retrier has not run yet
    assert later.replies == [] and rasa.received == []
    await retrier(service).tick()
    assert [r["message"] for r in rasa.received] == ["một", "hai"]
    await service.rasa.close()


async def test_published_replies_reach_the_resident_after_recovery(database_url, rasa):
    service = make_service(database_url, rasa)
    rasa.down = True
    turn = await service.receive("web", "w" * 20, "xin chào")
    watcher = service.hub.subscribe(turn.conversation.id)
    rasa.down = False
    await retrier(service).tick()
    frame = watcher.get_nowait()
    assert frame["direction"] == "out" and frame["text"] == "Dạ, bot nhận được: xin chào"
    assert watcher.empty()
    await service.rasa.close()


async def test_no_ticket_within_the_hold_time_one_ticket_per_conversation_after_it(database_url, rasa):
    service = make_service(database_url, rasa)
    rasa.down = True
    for text in ("một", "hai", "ba"):
        await service.receive("api", "bac-tu", text)
    await service.receive("api", "bac-nam", "bốn")
    age_holds(service, timedelta(seconds=59))
    assert await retrier(service).tick() == (0, 0)
    assert tickets(service) == []

    age_holds(service, timedelta(seconds=2))
    assert await retrier(service).tick() == (0, 2)
    assert sorted((t.reason, t.status) for t in tickets(service)) == [("bot_unavailable", "waiting")] * 2
    held = [m for m in messages(service) if m.direction == "in"]
    assert [m.status for m in held] == ["held"] * 4  # kept for the volunteer
    # the escalation is said once per conversation: the outage notice, then the place in the queue
    escalations = [m.text for m in messages(service) if m.meta.get("handoff_reason") == "bot_unavailable"]
    assert [("gián đoạn" in text, "vị trí số" in text) for text in escalations] == [(True, False), (False, True)] * 2

    assert await retrier(service).tick() == (0, 0)  # escalated once
    assert len(tickets(service)) == 2
    rasa.received.clear()
    rasa.down = False
    await retrier(service).tick()
    assert rasa.received == []  # a person has them now: the bot stays silent
    await service.rasa.close()


async def test_out_of_hours_the_escalation_offers_a_call_back_and_the_bot_still_answers_when_back(database_url, rasa):
    service = make_service(database_url, rasa, always_open=False)
    with service.sessions() as session:  # a holiday: nobody on duty today
        session.add_all([Holiday(day=utcnow().astimezone(VIETNAM).date() + timedelta(days=d), label="Nghỉ") for d in (-1, 0, 1)])
        session.commit()
    rasa.down = True
    await service.receive("api", "bac-dem", "làm căn cước")
    age_holds(service, timedelta(seconds=61))
    assert await retrier(service).tick() == (0, 1)
    offers = [m for m in messages(service) if m.meta.get("offer") == "callback"]
    assert len(offers) == 1 and [t.status for t in tickets(service)] == ["expired"]
    assert await retrier(service).tick() == (0, 0)  # escalated once
    rasa.received.clear()
    rasa.down = False
    assert await retrier(service).tick() == (1, 0)
    assert answers_to(service, "bac-dem")["làm căn cước"][-1] == "Dạ, bot nhận được: làm căn cước"
    await service.rasa.close()


async def test_the_person_button_and_a_typed_request_work_during_the_outage(database_url, rasa):
    service = make_service(database_url, rasa)
    rasa.down = True
    [notice] = (await service.receive("api", "bac-sau", "đổi căn cước")).replies
    pressed = await service.receive("api", "bac-sau", "#handoff:person", payload=notice.buttons[0]["payload"])
    [queued] = pressed.replies
    assert queued.meta["mode"] == "waiting" and "vị trí số 1" in queued.text
    [ticket] = tickets(service)
    assert ticket.reason == "request_human"
    await retrier(service).tick()  # the held message goes to that person, no second ticket
    assert [m.status for m in messages(service) if m.direction == "in"][0] == "held"
    assert len(tickets(service)) == 1

    [typed] = (await service.receive("api", "bac-bay", "cho tôi gặp người thật")).replies
    assert typed.meta["mode"] == "waiting" and typed.meta["handoff_reason"] == "request_human"
    await service.rasa.close()


async def test_a_present_danger_gets_the_numbers_and_a_person_at_once_during_the_outage(database_url, rasa):
    service = make_service(database_url, rasa)
    rasa.down = True
    numbers, queued = (await service.receive("api", "bac-tam", "hàng xóm đang cầm dao đuổi đánh vợ")).replies
    assert "113" in numbers.text and "115" in numbers.text
    assert queued.meta["mode"] == "waiting"
    [ticket] = tickets(service)
    assert ticket.reason == "emergency"
    await service.rasa.close()


async def test_held_messages_survive_a_restart(database_url, rasa):
    service = make_service(database_url, rasa)
    rasa.down = True
    await service.receive("api", "bac-chin", "quên mật khẩu")
    await service.rasa.close()
    rasa.down = False
    restarted = make_service(database_url, rasa)  # a new process: only the database is shared
    assert await retrier(restarted).tick() == (1, 0)
    assert answers_to(restarted, "bac-chin")["quên mật khẩu"][-1] == "Dạ, bot nhận được: quên mật khẩu"
    await restarted.rasa.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'shared.db'}"
        migrate(url)
        yield url
        return
    with postgres_schema() as url:
        migrate(url)
        yield url


async def test_two_instances_never_answer_a_held_message_twice(shared_url, rasa):
    one, two = make_service(shared_url, rasa), make_service(shared_url, rasa)
    rasa.down = True
    residents = [f"bac-{i:02d}" for i in range(12)]
    for i, resident in enumerate(residents):
        for n in range(3):
            await (one if i % 2 else two).receive("api", resident, f"{resident} câu {n}")
    rasa.received.clear()
    rasa.down = False
    rasa.delay_s = 0.01  # turns overlap between the instances
    await asyncio.gather(retrier(one).tick(), retrier(two).tick(), retrier(one).tick(), retrier(two).tick())

    sent = [r["message"] for r in rasa.received]
    assert sorted(sent) == sorted(f"{r} câu {n}" for r in residents for n in range(3))  # each once
    for resident in residents:  # and in order within each conversation
        assert [s for s in sent if s.startswith(resident + " ")] == [f"{resident} câu {n}" for n in range(3)]
        for text, replies in answers_to(one, resident).items():
            assert replies[-1] == f"Dạ, bot nhận được: {text}" and replies.count(replies[-1]) == 1
    with one.sessions() as session:
        assert session.scalar(select(func.count()).select_from(BotHold)) == 0
    await one.rasa.close()
    await two.rasa.close()


async def test_two_instances_escalate_a_conversation_once(shared_url, rasa):
    one, two = make_service(shared_url, rasa), make_service(shared_url, rasa)
    rasa.down = True
    for n in range(3):
        await one.receive("api", "bac-muoi", f"câu {n}")
    age_holds(one, timedelta(seconds=61))
    results = await asyncio.gather(retrier(one).tick(), retrier(two).tick())
    assert sorted(escalated for _answered, escalated in results) == [0, 1]
    assert [t.reason for t in tickets(one)] == ["bot_unavailable"]
    await one.rasa.close()
    await two.rasa.close()


def test_the_app_retries_in_the_background(settings, rasa):
    from fastapi.testclient import TestClient

    from bot.app import create_app

    rasa.down = True
    with TestClient(create_app(settings)) as client:
        with client.websocket_connect("/ws/chat") as ws:
            ws.send_json({"type": "hello", "token": None, "last_seq": 0})
            ws.receive_json()
            ws.send_json({"type": "message", "client_id": "c-1", "text": "alo"})
            frames = [ws.receive_json() for _ in range(5)]  # ack, typing, the message, the notice, typing off
            assert [f.get("meta", {}).get("bot_busy") for f in frames if f.get("direction") == "out"] == [True]
            rasa.down = False
            while True:  # nothing sent: the retrier answers by itself
                frame = ws.receive_json()
                if frame.get("direction") == "out":
                    break
    assert frame["text"] == "Dạ, bot nhận được: alo"
