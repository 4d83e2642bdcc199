"""FastAPI dependencies for the console's objects built in the app's lifespan: the desk (what volunteers
do with tickets) and the live hub of the console sockets."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from bot.console.desk import Desk
from bot.console.live import ConsoleLive


async def get_desk(connection: HTTPConnection) -> Desk:
    desk: Desk = connection.app.state.desk
    return desk


async def get_live(connection: HTTPConnection) -> ConsoleLive:
    live: ConsoleLive = connection.app.state.console
    return live


VolunteerDesk = Annotated[Desk, Depends(get_desk)]
LiveConsoles = Annotated[ConsoleLive, Depends(get_live)]
