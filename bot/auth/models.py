"""Staff, admin and volunteer accounts, their log-in sessions, and failed log-ins per (account, address)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.clock import utcnow
from bot.db import Base

ROLES = ("admin", "staff", "volunteer")


class User(Base):
    """Someone who logs in. Passwords are argon2id hashes."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))  # admin | staff | volunteer
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LoginSession(Base):
    """A logged-in browser: the cookie holds a random token, the database only its SHA-256.

    It ends at expires_at (absolute) or after a spell without requests since last_seen_at (idle)."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """Wrong passwords for one typed user name from one client address, and the wait they imposed.

    Kept in the database so the wait holds across restarts and gateway instances. The name is kept
    only as a SHA-256 (people type passwords into the name box); unknown names are counted like
    known ones, so the waits tell nobody which accounts exist. Keyed by address too, so a guesser
    elsewhere never locks the real owner out."""

    __tablename__ = "login_failures"

    account_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
