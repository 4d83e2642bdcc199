"""Logging in and out: checking passwords, locking out guessers, and log-in sessions.

Functions change rows but never commit: the caller owns the transaction (and must commit
after `authenticate` whatever it returns, so that failure counters are kept).
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import overload

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.auth.models import ROLES, LoginSession, User
from bot.auth.passwords import dummy_hash, hash_password, needs_rehash, verify_password
from bot.clock import utcnow

MIN_PASSWORD_LENGTH = 10
BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "Tài khoản tạm khóa do nhập sai nhiều lần, thử lại sau {minutes} phút."
INACTIVE = "Tài khoản này đã ngừng hoạt động. Vui lòng liên hệ quản trị viên."


@dataclass(frozen=True)
class LoginRefused:
    """Why a log-in failed: a code for programs, a Vietnamese sentence for people."""

    reason: str  # bad_credentials | locked | inactive
    message: str


@overload
def aware(moment: datetime) -> datetime: ...
@overload
def aware(moment: datetime | None) -> datetime | None: ...
def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives timestamps back without their zone; they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def token_digest(raw_token: str) -> str:
    """What the database keeps of a session token: its SHA-256, so a leaked table opens nothing."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def find_user(session: Session, username: str) -> User | None:
    """A user by name (names are compared as typed, minus surrounding spaces)."""
    return session.scalar(select(User).where(User.username == username.strip()))


def _locked_message(locked_until: datetime, now: datetime) -> LoginRefused:
    minutes = max(1, math.ceil((locked_until - now).total_seconds() / 60))
    return LoginRefused("locked", LOCKED.format(minutes=minutes))


def authenticate(
    session: Session,
    username: str,
    password: str,
    *,
    max_failures: int = 5,
    lockout_minutes: int = 15,
    now: datetime | None = None,
) -> User | LoginRefused:
    """The user if the password is right; otherwise why not. Failures in a row lock the account a while."""
    now = now or utcnow()
    user = find_user(session, username) if username else None
    if user is None:
        verify_password(dummy_hash(), password)  # about as slow as a real check
        return LoginRefused("bad_credentials", BAD_CREDENTIALS)
    locked_until = aware(user.locked_until)
    if locked_until is not None and locked_until > now:
        verify_password(dummy_hash(), password)
        return _locked_message(locked_until, now)
    if not verify_password(user.password_hash, password):
        if locked_until is not None:  # an expired lock: a fresh run of attempts
            user.locked_until = None
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= max_failures:
            user.failed_logins = 0
            user.locked_until = now + timedelta(minutes=lockout_minutes)
            session.flush()
            return _locked_message(user.locked_until, now)
        session.flush()
        return LoginRefused("bad_credentials", BAD_CREDENTIALS)
    if not user.is_active:
        return LoginRefused("inactive", INACTIVE)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    return user


def start_session(session: Session, user: User, *, hours: float = 12, now: datetime | None = None) -> tuple[str, str]:
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
        )
    )
    session.flush()
    return raw_token, csrf_token


def resolve(session: Session, raw_token: str | None, *, now: datetime | None = None) -> tuple[User, LoginSession] | None:
    """The user and session behind a cookie's token, or None (unknown, expired, or user inactive)."""
    if not raw_token or len(raw_token) > 256:
        return None
    login = session.get(LoginSession, token_digest(raw_token))
    if login is None:
        return None
    if aware(login.expires_at) <= (now or utcnow()):
        session.delete(login)
        session.flush()
        return None
    user = session.get(User, login.user_id)
    if user is None or not user.is_active:
        return None
    return user, login


def end_session(session: Session, raw_token: str | None) -> None:
    """Logs a browser out: its session row is deleted."""
    if raw_token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == token_digest(raw_token)))


def end_all_sessions(session: Session, user: User) -> None:
    """Logs a user out everywhere (after a password change)."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, in Vietnamese; None if it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if len(password) > 1024:
        return "Mật khẩu quá dài (tối đa 1024 ký tự)."
    return None


def create_user(session: Session, username: str, password: str, role: str, display_name: str = "") -> User:
    """A new account; raises ValueError (Vietnamese message) on a bad role, name or password."""
    if role not in ROLES:
        raise ValueError(f"Vai trò không hợp lệ: {role} (chọn {', '.join(ROLES)}).")
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise ValueError("Tên đăng nhập phải có 1–64 ký tự, không có khoảng trắng.")
    problem = password_problem(password)
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
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Changes a password, unlocks the account and ends its sessions; ValueError on a weak password."""
    problem = password_problem(password)
    if problem:
        raise ValueError(problem)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    end_all_sessions(session, user)
    session.flush()
