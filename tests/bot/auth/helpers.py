"""Accounts and log-ins for gateway tests (shared by the auth and admin tests)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from bot.auth import service
from bot.auth.models import LoginSession, User
from knowledge.database import make_engine, make_sessionmaker

PASSWORD = "mat-khau-that-dai-42"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def sessions(database_url: str):
    return make_sessionmaker(make_engine(database_url))


def add_user(database_url: str, username: str, role: str = "staff", password: str = PASSWORD, **fields) -> int:
    """A user straight in the database; extra fields (is_active, last_login_at…) set as given."""
    with sessions(database_url)() as session:
        user = service.create_user(session, username, password, role, display_name=fields.pop("display_name", ""))
        for name, value in fields.items():
            setattr(user, name, value)
        session.commit()
        return user.id


def get_user(database_url: str, username: str) -> User:
    with sessions(database_url)() as session:
        return session.scalar(select(User).where(User.username == username))


def update_user(database_url: str, username: str, **fields) -> None:
    with sessions(database_url)() as session:
        user = session.scalar(select(User).where(User.username == username))
        for name, value in fields.items():
            setattr(user, name, value)
        session.commit()


def login_sessions(database_url: str) -> list[LoginSession]:
    with sessions(database_url)() as session:
        return list(session.scalars(select(LoginSession)))


def expire_sessions(database_url: str, when: datetime) -> None:
    with sessions(database_url)() as session:
        for login in session.scalars(select(LoginSession)):
            login.expires_at = when
        session.commit()


def csrf_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD, next: str = ""):
    """Opens the log-in page (for its CSRF cookie and field) and posts the form; no redirect followed."""
    page = client.get("/login")
    assert page.status_code == 200
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_from(page.text), "next": next},
        follow_redirects=False,
    )


def logged_in(client, username: str, password: str = PASSWORD) -> str:
    """Logs in and returns the CSRF token of the session (as the editor's forms carry it)."""
    response = login(client, username, password)
    assert response.status_code == 303, response.text
    return csrf_from(client.get("/admin/faqs").text)  # the editor's pages (and the 403 page) carry it
