"""FastAPI dependency for the conversation service built in the app's lifespan (inside the core, so that
the core's own routes need no package above it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.conversations.service import ConversationService


def get_service(request: Request) -> ConversationService:
    """The conversation service built in the app's lifespan."""
    service: ConversationService = request.app.state.service  # app.state holds untyped attributes
    return service


Service = Annotated[ConversationService, Depends(get_service)]
