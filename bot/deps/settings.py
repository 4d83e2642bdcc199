"""The gateway's settings, as the app was built with them."""

from __future__ import annotations

from typing import Annotated

from bot.deps.state import from_state
from bot.settings import Settings

# the settings create_app() was given (or read from the environment)
AppSettings = Annotated[Settings, from_state("settings")]
