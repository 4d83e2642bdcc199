"""FastAPI dependencies for the core's objects built in the app's lifespan: the conversation service and
the Rasa client (inside the core, so that the core's own routes need no package above it; the app's
other shared objects are in bot/deps/)."""

from __future__ import annotations

from typing import Annotated

from bot.conversations.rasa_client import RasaClient
from bot.conversations.service import ConversationService
from bot.deps.state import from_state

Service = Annotated[ConversationService, from_state("service")]
Rasa = Annotated[RasaClient, from_state("rasa")]  # the client of Rasa's HTTP API the service talks to
