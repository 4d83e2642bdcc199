"""FastAPI dependencies of the console: who may use it (volunteers and admins, CSRF on every POST), and
its objects built in the app's lifespan: the desk (what volunteers do with tickets) and the live hub of the
console sockets."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from bot.auth.deps import require_role, verify_csrf
from bot.auth.models import User
from bot.console.desk import Desk
from bot.console.live import ConsoleLive
from bot.deps.state import from_state

VolunteerDesk = Annotated[Desk, from_state("desk")]
LiveConsoles = Annotated[ConsoleLive, from_state("console")]
VolunteerUser = Annotated[User, Depends(require_role("volunteer"))]
ON_EVERY_ROUTE = [Depends(require_role("volunteer")), Depends(verify_csrf)]
