"""FastAPI dependencies for the widget's objects built in the app's lifespan: who may open its socket, and
the signer of residents' tokens."""

from __future__ import annotations

from typing import Annotated

from bot.channels.web.tokens import ResidentTokens
from bot.deps.state import from_state

# the pages allowed to open the socket (WIDGET_ORIGINS; empty: the gateway's own host only)
WidgetOrigins = Annotated[frozenset[str], from_state("widget_origins")]
Tokens = Annotated[ResidentTokens, from_state("resident_tokens")]
