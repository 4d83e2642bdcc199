"""FastAPI dependencies for the widget's objects built in the app's lifespan: who may open its socket, and
the signer of residents' tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from bot.channels.web.tokens import ResidentTokens


async def widget_origins(connection: HTTPConnection) -> frozenset[str]:
    """The pages allowed to open the socket (WIDGET_ORIGINS; empty: the gateway's own host only)."""
    origins: frozenset[str] = connection.app.state.widget_origins
    return origins


async def resident_tokens(connection: HTTPConnection) -> ResidentTokens:
    tokens: ResidentTokens = connection.app.state.resident_tokens
    return tokens


WidgetOrigins = Annotated[frozenset[str], Depends(widget_origins)]
Tokens = Annotated[ResidentTokens, Depends(resident_tokens)]
