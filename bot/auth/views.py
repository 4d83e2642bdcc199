"""GET/POST /login and POST /logout, plus the pieces every logged-in page shares (install)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.auth import service
from bot.auth.deps import (
    NOT_LOGGED_IN,
    SESSION_COOKIE,
    AccessDenied,
    AuthRequired,
    CurrentUser,
    DbSession,
    verify_csrf,
)
from bot.auth.lockout import LockoutPolicy
from bot.client_address import client_address
from bot.deps.limiters import LoginLimiter
from bot.deps.network import AddressKeys
from bot.deps.settings import AppSettings
from bot.headers import PAGES_CSP
from bot.ratelimit import RateLimiter
from bot.settings import Settings

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)

LOGIN_CSRF_COOKIE = "tlsp_login_csrf"
HOME_BY_ROLE = {"admin": "/admin", "staff": "/admin", "volunteer": "/console"}
LOGIN_EXPIRED = "Trang đăng nhập đã hết hạn. Bạn vui lòng nhập lại."
TOO_FAST = "Bạn thử đăng nhập quá nhiều lần. Vui lòng chờ một phút rồi thử lại."
LOGGED_OUT = "Bạn đã đăng xuất."
SECURED_PREFIXES = ("/admin", "/console", "/login", "/logout")
SECURITY_HEADERS = [
    (b"content-security-policy", PAGES_CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]

router = APIRouter(tags=["auth"], include_in_schema=False)


def safe_next(target: str | None, default: str) -> str:
    """A redirect target only if it is a path on this site (no //host, no scheme, no backslash)."""
    if not target or len(target) > 2000:
        return default
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def _render_login(
    request: Request,
    settings: Settings,
    csrf: str,
    next_path: str,
    *,
    error: str = "",
    notice: str = "",
    username: str = "",
    status: int = 200,
) -> HTMLResponse:
    response = templates.TemplateResponse(
        request,
        "login.html",
        {"csrf_token": csrf, "next": next_path, "error": error, "notice": notice, "username": username},
        status_code=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        csrf,
        max_age=2 * 3600,
        path="/login",
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
    )
    return response


def lockout_policy(settings: Settings) -> LockoutPolicy:
    """The waits after wrong passwords, as configured."""
    return LockoutPolicy(free_failures=settings.login_max_failures, max_delay=timedelta(seconds=settings.login_max_delay_s))


def _login_csrf(request: Request) -> str:
    existing = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    return (
        existing
        if 30 <= len(existing) <= 64 and existing.replace("-", "").replace("_", "").isalnum()
        else secrets.token_urlsafe(32)
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: CurrentUser, settings: AppSettings, next: str = "", bye: str = "") -> Response:
    """The log-in form (or straight on, when already logged in)."""
    if user is not None:
        return RedirectResponse(safe_next(next, HOME_BY_ROLE.get(user.role, "/")), status_code=303)
    return _render_login(request, settings, _login_csrf(request), safe_next(next, ""), notice=LOGGED_OUT if bye else "")


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    limiter: LoginLimiter,
    keys: AddressKeys,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """Checks the password; on success starts a session and goes back where the user was heading."""
    next_path = safe_next(next, "")
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    fresh = secrets.token_urlsafe(32)
    if not cookie or not csrf_token or not secrets.compare_digest(cookie.encode(), csrf_token.encode()):
        return _render_login(request, settings, fresh, next_path, error=LOGIN_EXPIRED, username=username, status=403)
    client = client_address(request) or "?"
    if not limiter.allow(f"login:{client}"):
        return _render_login(request, settings, cookie, next_path, error=TOO_FAST, username=username, status=429)
    username = username.strip()[:200]
    if len(password) > 1024:  # argon2 would take it, but nobody's password is that long
        password = ""
    # the failures are kept under a keyed hash of the address, never the address (bot/client_address.py)
    network = keys.of(client) or "?"
    result = service.authenticate(db, username, password, network, policy=lockout_policy(settings))
    if isinstance(result, service.LoginRefused):
        db.commit()  # keep the failure count
        return _render_login(request, settings, cookie, next_path, error=result.message, username=username, status=401)
    service.end_session(db, request.cookies.get(SESSION_COOKIE))  # never reuse a session across log-ins
    raw_token, _csrf = service.start_session(db, result, hours=settings.session_hours)
    db.commit()
    response = RedirectResponse(safe_next(next, HOME_BY_ROLE.get(result.role, "/")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        raw_token,
        max_age=int(settings.session_hours * 3600),
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout(request: Request, db: DbSession, settings: AppSettings) -> Response:
    """Ends this browser's session."""
    service.end_session(db, request.cookies.get(SESSION_COOKIE))
    db.commit()
    response = RedirectResponse("/login?bye=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.cookie_secure)
    return response


# -- what every logged-in area shares ---------------------------------------------------------


class SecurityHeaders:
    """Adds CSP, nosniff, same-origin referrers and no-store to responses under the given paths."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...] = SECURED_PREFIXES) -> None:
        self.app = app
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(self.prefixes):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name, value) for name, value in SECURITY_HEADERS if name not in names
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/console/api/"))


async def _auth_required(request: Request, _error: AuthRequired) -> Response:
    if _is_api(request):
        return JSONResponse({"error": "not_authenticated", "message": NOT_LOGGED_IN}, status_code=401)
    target = "/login"
    if request.method == "GET":
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target += "?next=" + quote(path, safe="/")
    return RedirectResponse(target, status_code=303)


async def _access_denied(request: Request, error: AccessDenied) -> Response:
    if _is_api(request):
        return JSONResponse({"error": error.code, "message": error.message}, status_code=403)
    user = getattr(request.state, "user", None)
    return templates.TemplateResponse(
        request,
        "admin/forbidden.html",
        {"message": error.message, "user": user, "csrf_token": getattr(getattr(request.state, "login", None), "csrf_token", "")},
        status_code=403,
    )


def install(app: FastAPI, prefixes: tuple[str, ...] = SECURED_PREFIXES) -> None:
    """Log-in routes, the 401/403 handlers and the security headers (call once in create_app)."""
    app.state.login_limiter = new_login_limiter()
    app.include_router(router)
    # Starlette types every handler as taking any Exception; it only calls each with its own exception class
    app.add_exception_handler(AuthRequired, _auth_required)  # type: ignore[arg-type]
    app.add_exception_handler(AccessDenied, _access_denied)  # type: ignore[arg-type]
    app.add_middleware(SecurityHeaders, prefixes=prefixes)


def new_login_limiter() -> RateLimiter:
    """Log-in attempts per client address: enough for typos, too few for guessing across accounts."""
    return RateLimiter(30, burst=10)
