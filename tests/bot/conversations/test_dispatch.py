"""Before the bot, in one session: the features' handlers and the holds a message waits behind."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import build_service
from bot.clock import utcnow
from bot.conversations import holds
from bot.conversations.holds import BotHold
from bot.conversations.hub import Hub
from bot.conversations.models import InboundStatus, Message
from bot.conversations.rasa_client import RasaClient
from bot.conversations.service import ConversationService
from bot.db import make_engine


class CountingSessions(sessionmaker[Session]):
    """The app's sessionmaker, counting the sessions it opens."""

    opened = 0

    def __call__(self, **local_kw: Any) -> Session:
        self.opened += 1
        return super().__call__(**local_kw)


def make_service(database_url: str, rasa) -> tuple[ConversationService, CountingSessions]:
    sessions = CountingSessions(make_engine(database_url), expire_on_commit=False)
    service, _handoff = build_service(sessions, RasaClient(rasa.url, 3.0, 1.0), Hub(), 2000, lambda: {})
    return service, sessions


def status_of(service: ConversationService, message_id: int) -> str:
    with service.sessions() as session:
        return session.get_one(Message, message_id).status


def hold_version(service: ConversationService, conversation_id: int) -> int | None:
    with service.sessions() as session:
        return session.scalar(select(BotHold.version).where(BotHold.conversation_id == conversation_id))


def start_hold(service: ConversationService, conversation_id: int, message_id: int) -> None:
    with service.sessions() as session:
        assert holds.hold(session, conversation_id, message_id, utcnow())
        session.commit()


def test_the_check_before_the_bot_opens_one_session(database_url, rasa):
    service, sessions = make_service(database_url, rasa)
    conversation, inbound, _ = service._store_inbound("web", "a" * 20, "thủ tục tạm trú", None, {})
    sessions.opened = 0
    handled = service._handle_here(conversation.id, inbound, None)
    assert handled.for_the_bot
    assert sessions.opened == 1  # it was two: the hold check had a session of its own
    asyncio.run(service.rasa.close())


async def test_a_plain_turn_opens_three_sessions_store_check_and_replies(database_url, rasa):
    service, sessions = make_service(database_url, rasa)
    await service.receive("api", "bac-mot", "xin chào")  # the first message creates the conversation
    sessions.opened = 0
    replies = (await service.receive("api", "bac-mot", "thủ tục tạm trú")).replies
    assert replies and replies[0].meta["source"] == "dialogue"
    assert sessions.opened == 3  # store the message · check before the bot · store the replies
    await service.rasa.close()


def test_a_message_waits_behind_held_ones_within_the_same_session(database_url, rasa):
    service, sessions = make_service(database_url, rasa)
    conversation, first, _ = service._store_inbound("web", "b" * 20, "một", None, {})
    start_hold(service, conversation.id, first.id)
    _, second, _ = service._store_inbound("web", "b" * 20, "hai", None, {})
    sessions.opened = 0
    handled = service._handle_here(conversation.id, second, None)
    assert sessions.opened == 1
    assert handled.replies == [] and not handled.for_the_bot  # the bot does not hear it now
    assert status_of(service, second.id) == InboundStatus.DEFERRED
    assert hold_version(service, conversation.id) == 2  # bumped: the retrier reads it again before letting go
    asyncio.run(service.rasa.close())


def test_a_held_message_being_retried_goes_to_the_bot(database_url, rasa):
    service, _sessions = make_service(database_url, rasa)
    conversation, first, _ = service._store_inbound("web", "c" * 20, "một", None, {})
    start_hold(service, conversation.id, first.id)
    assert service._handle_here(conversation.id, first, None, retrying=True).for_the_bot
    assert hold_version(service, conversation.id) == 1
    asyncio.run(service.rasa.close())


def test_a_button_for_the_bot_also_waits_behind_held_messages(database_url, rasa):
    # a payload takes the ORM path (not the one-query path): the hold is checked there too
    service, sessions = make_service(database_url, rasa)
    conversation, first, _ = service._store_inbound("web", "d" * 20, "một", None, {})
    start_hold(service, conversation.id, first.id)
    _, pressed, _ = service._store_inbound("web", "d" * 20, "Tạm trú", None, {"payload": "/ask_question"})
    sessions.opened = 0
    handled = service._handle_here(conversation.id, pressed, "/ask_question")
    assert sessions.opened == 1 and handled.replies == []
    assert status_of(service, pressed.id) == InboundStatus.DEFERRED
    asyncio.run(service.rasa.close())


def test_without_a_hold_nothing_is_written(database_url, rasa):
    service, _sessions = make_service(database_url, rasa)
    conversation, inbound, _ = service._store_inbound("web", "e" * 20, "một", None, {})
    assert service._handle_here(conversation.id, inbound, None).for_the_bot
    assert status_of(service, inbound.id) == InboundStatus.RECEIVED
    assert hold_version(service, conversation.id) is None
    asyncio.run(service.rasa.close())
