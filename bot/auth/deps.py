"""FastAPI dependencies for logged-in pages and APIs: who is it, may they, and is the form genuine.

Pages answer a redirect to /login (not logged in) or a Vietnamese 403 page (wrong role);
JSON routes (paths under /api/) answer 401/403 JSON. The handlers are in bot.auth.views.install.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from bot.auth import service
from bot.auth.models import LoginSession, User
from bot.deps.database import Sessions
from bot.deps.settings import AppSettings
from bot.settings import Settings

SESSION_COOKIE = "tlsp_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

NOT_LOGGED_IN = "Cần đăng nhập để tiếp tục."
WRONG_ROLE = "Tài khoản của bạn không có quyền mở trang này."
BAD_CSRF = "Biểu mẫu đã hết hạn hoặc không hợp lệ. Bạn tải lại trang rồi thử lại."


class AuthRequired(Exception):
    """Nobody (valid) is logged in."""


class AccessDenied(Exception):
    """Logged in, but not allowed (wrong role, or a form without a valid CSRF token)."""

    def __init__(self, message: str = WRONG_ROLE, code: str = "forbidden") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def get_db(sessions: Sessions) -> Iterator[Session]:
    """A database session for one request (the route commits what it changes)."""
    with sessions() as session:
        yield session


DbSession = Annotated[Session, Depends(get_db)]


def idle_limit(settings: Settings) -> timedelta:
    """How long a log-in may go without a request (SESSION_IDLE_MINUTES)."""
    return timedelta(minutes=settings.session_idle_minutes)


def current_login(request: Request, db: DbSession, settings: AppSettings) -> tuple[User, LoginSession] | None:
    """The user and log-in session of the request's cookie, or None."""
    found = service.resolve(db, request.cookies.get(SESSION_COOKIE), idle=idle_limit(settings))
    # End the transaction now (an expired session row may have been removed): the connection goes
    # back to the pool instead of being held while an async route awaits other database work.
    db.commit()
    if found is None:
        return None
    request.state.user, request.state.login = found
    return found


def current_user(login: Annotated[tuple[User, LoginSession] | None, Depends(current_login)]) -> User | None:
    """The logged-in user, or None."""
    return login[0] if login else None


def require_role(*roles: str) -> Callable[[User | None], User]:
    """A dependency giving the logged-in user if they have one of the roles (admin always may)."""
    allowed = frozenset(roles) | {"admin"}

    def dependency(user: Annotated[User | None, Depends(current_user)]) -> User:
        if user is None:
            raise AuthRequired()
        if user.role not in allowed:
            raise AccessDenied()
        return user

    dependency.__name__ = f"require_{'_'.join(roles) or 'admin'}"
    return dependency


async def verify_csrf(request: Request, login: Annotated[tuple[User, LoginSession] | None, Depends(current_login)]) -> None:
    """Every state-changing request carries the session's CSRF token (form field or header)."""
    if request.method in SAFE_METHODS:
        return
    if login is None:
        raise AuthRequired()
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent.encode(), login[1].csrf_token.encode()):
        raise AccessDenied(BAD_CSRF, "csrf_failed")


def csrf_token(request: Request) -> str:
    """The CSRF token to put in a page's forms (after current_login ran for the request)."""
    login = getattr(request.state, "login", None)
    return login.csrf_token if login else ""


require_admin = require_role("admin")
require_staff = require_role("staff")

CurrentUser = Annotated[User | None, Depends(current_user)]
AdminUser = Annotated[User, Depends(require_admin)]
StaffUser = Annotated[User, Depends(require_staff)]
CsrfChecked = Depends(verify_csrf)
