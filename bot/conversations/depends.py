"""FastAPI dependencies for the core's objects built in the app's lifespan: the conversation service and
the Rasa client (inside the core, so that the core's own routes need no package above it; the app's
other shared objects are in bot/deps/)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from bot.conversations.rasa_client import RasaClient
from bot.conversations.service import ConversationService


async def get_service(connection: HTTPConnection) -> ConversationService:
    """The conversation service built in the app's lifespan."""
    service: ConversationService = connection.app.state.service  # app.state holds untyped attributes
    return service


async def get_rasa(connection: HTTPConnection) -> RasaClient:
    """The client of Rasa's HTTP API the service talks to."""
    rasa: RasaClient = connection.app.state.rasa
    return rasa


Service = Annotated[ConversationService, Depends(get_service)]
Rasa = Annotated[RasaClient, Depends(get_rasa)]
