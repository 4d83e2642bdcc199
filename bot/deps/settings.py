"""The gateway's settings, as the app was built with them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from bot.settings import Settings


async def app_settings(connection: HTTPConnection) -> Settings:
    """The settings create_app() was given (or read from the environment)."""
    settings: Settings = connection.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(app_settings)]
