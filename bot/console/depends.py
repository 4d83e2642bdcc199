"""FastAPI dependencies for the console's objects built in the app's lifespan: the desk (what volunteers
do with tickets) and the live hub of the console sockets."""

from __future__ import annotations

from typing import Annotated

from bot.console.desk import Desk
from bot.console.live import ConsoleLive
from bot.deps.state import from_state

VolunteerDesk = Annotated[Desk, from_state("desk")]
LiveConsoles = Annotated[ConsoleLive, from_state("console")]
