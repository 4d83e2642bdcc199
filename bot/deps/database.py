"""The database: the engine, and the factory of sessions every request or job opens its own from."""

from __future__ import annotations

from typing import Annotated

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.deps.state import from_state

# opens sessions on the app's database (`with sessions() as session:`)
Sessions = Annotated[sessionmaker[Session], from_state("sessions")]
DbEngine = Annotated[Engine, from_state("engine")]
