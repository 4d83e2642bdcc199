"""Logging in and out: checking passwords, slowing guessers down, and log-in sessions.

Functions change rows but never commit: the caller owns the transaction (and must commit
after `authenticate` whatever it returns, so that failure counts are kept).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.auth import lockout
from bot.auth.lockout import LockoutPolicy
from bot.auth.models import ROLES, LoginSession, User
from bot.auth.passwords import dummy_hash, hash_password, needs_rehash, verify_password
from bot.auth.strength import weakness
from bot.auth.timestamps import aware
from bot.clock import utcnow

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
# the same sentence for an unknown name and a wrong password: it must not tell which names exist
BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."
INACTIVE = "Tài khoản này đã ngừng hoạt động. Vui lòng liên hệ quản trị viên."
# a session's last request is written at most this often (not on every page and API call)
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class LoginRefused:
    """Why a log-in failed: a code for programs, a Vietnamese sentence for people."""

    reason: str  # bad_credentials | wait | inactive
    message: str


def token_digest(raw_token: str) -> str:
    """What the database keeps of a session token: its SHA-256, so a leaked table opens nothing."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def find_user(session: Session, username: str) -> User | None:
    """A user by name (names are compared as typed, minus surrounding spaces)."""
    return session.scalar(select(User).where(User.username == username.strip()))


def authenticate(
    session: Session,
    username: str,
    password: str,
    client: str = "?",
    *,
    policy: LockoutPolicy | None = None,
    now: datetime | None = None,
) -> User | LoginRefused:
    """The user if the password is right; otherwise why not.

    Wrong passwords from one client address for one typed name make that address wait, growing
    each time (bot/auth/lockout.py); other addresses, the real owner's among them, are not held up."""
    now = now or utcnow()
    policy = policy or LockoutPolicy()
    wait = lockout.waiting(session, username, client, now)
    if wait is not None:  # no password check at all while waiting: that is what slows a guesser
        return LoginRefused("wait", lockout.wait_message(wait))
    user = find_user(session, username) if username else None
    if user is None:
        verify_password(dummy_hash(), password)  # about as slow as a real check
    if user is None or not verify_password(user.password_hash, password):
        lockout.record_failure(session, username, client, policy, now)
        return LoginRefused("bad_credentials", BAD_CREDENTIALS)
    if not user.is_active:
        return LoginRefused("inactive", INACTIVE)
    lockout.forget(session, username, client)
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    return user


def start_session(session: Session, user: User, *, hours: float = 8, now: datetime | None = None) -> tuple[str, str]:
    """A new log-in session: (raw token for the cookie, CSRF token for the forms)."""
    now = now or utcnow()
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at < now))
    raw_token = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=token_digest(raw_token),
            user_id=user.id,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
            last_seen_at=now,
        )
    )
    session.flush()
    return raw_token, csrf_token


def resolve(
    session: Session, raw_token: str | None, *, idle: timedelta | None = None, now: datetime | None = None
) -> tuple[User, LoginSession] | None:
    """The user and session behind a cookie's token, or None (unknown, expired, idle longer than
    `idle`, or user inactive). A live session's last activity moves on (at most once a minute)."""
    if not raw_token or len(raw_token) > 256:
        return None
    now = now or utcnow()
    login = session.get(LoginSession, token_digest(raw_token))
    if login is None:
        return None
    last_seen = aware(login.last_seen_at)
    if aware(login.expires_at) <= now or (idle is not None and last_seen + idle <= now):
        session.delete(login)
        session.flush()
        return None
    user = session.get(User, login.user_id)
    if user is None or not user.is_active:
        return None
    if now - last_seen >= TOUCH_EVERY:
        login.last_seen_at = now
        session.flush()
    return user, login


def end_session(session: Session, raw_token: str | None) -> None:
    """Logs a browser out: its session row is deleted."""
    if raw_token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == token_digest(raw_token)))


def end_all_sessions(session: Session, user: User) -> None:
    """Logs a user out everywhere (after a password change)."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def password_problem(password: str, *, username: str = "", ward_name: str = "") -> str | None:
    """Why a new password is not acceptable, in Vietnamese; None if it is. Too short, too long, or too
    easy to guess: a common password, the user name, the ward's name (bot/auth/strength.py)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Mật khẩu quá dài (tối đa {MAX_PASSWORD_LENGTH} ký tự)."
    weak = weakness(password, username=username, ward_name=ward_name)
    return weak.message if weak else None


def create_user(
    session: Session, username: str, password: str, role: str, display_name: str = "", *, ward_name: str = ""
) -> User:
    """A new account; raises ValueError (Vietnamese message) on a bad role, name or password."""
    if role not in ROLES:
        raise ValueError(f"Vai trò không hợp lệ: {role} (chọn {', '.join(ROLES)}).")
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise ValueError("Tên đăng nhập phải có 1–64 ký tự, không có khoảng trắng.")
    problem = password_problem(password, username=username, ward_name=ward_name)
    if problem:
        raise ValueError(problem)
    if find_user(session, username) is not None:
        raise ValueError(f"Tên đăng nhập «{username}» đã tồn tại.")
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=hash_password(password),
        role=role,
        is_active=True,
    )
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str, *, ward_name: str = "") -> None:
    """Changes a password, clears the name's failed log-ins and ends its sessions; ValueError on a
    weak password."""
    problem = password_problem(password, username=user.username, ward_name=ward_name)
    if problem:
        raise ValueError(problem)
    user.password_hash = hash_password(password)
    lockout.forget(session, user.username)
    end_all_sessions(session, user)
    session.flush()
