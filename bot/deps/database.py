"""The database: the engine, and the factory of sessions every request or job opens its own from."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import HTTPConnection


async def session_factory(connection: HTTPConnection) -> sessionmaker[Session]:
    """Opens sessions on the app's database (`with sessions() as session:`)."""
    sessions: sessionmaker[Session] = connection.app.state.sessions
    return sessions


async def database_engine(connection: HTTPConnection) -> Engine:
    engine: Engine = connection.app.state.engine
    return engine


Sessions = Annotated[sessionmaker[Session], Depends(session_factory)]
DbEngine = Annotated[Engine, Depends(database_engine)]
