"""/login and /logout over HTTP: cookies, messages, lock-out, redirects, CSRF."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.app import create_app
from bot.auth.models import LoginSession
from bot.auth.service import token_digest
from bot.auth.timestamps import aware
from bot.settings import Settings
from tests.bot.auth.helpers import (
    PASSWORD,
    add_user,
    csrf_from,
    expire_sessions,
    login,
    login_sessions,
    sessions,
    update_user,
)

VAGUE = "Tên đăng nhập hoặc mật khẩu không đúng."


@pytest.fixture
def staff(database_url):
    add_user(database_url, "lan", "staff", display_name="Chị Lan")
    return "lan"


def test_login_page_is_vietnamese_and_sets_a_login_csrf_cookie(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert "Đăng nhập" in page.text and "Tên đăng nhập" in page.text and "Mật khẩu" in page.text
    assert page.cookies.get("tlsp_login_csrf") == csrf_from(page.text)
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"


def test_success_sets_an_httponly_samesite_cookie_and_goes_on(client, staff, database_url):
    response = login(client, "lan", next="/admin/ward")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/ward"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("tlsp_session="))
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert "httponly" in flags and "samesite=lax" in flags and "path=/" in flags
    assert "secure" not in flags  # plain http in development
    raw = cookie.split(";")[0].split("=", 1)[1]
    [stored] = login_sessions(database_url)
    assert stored.token_hash == token_digest(raw)  # only the digest is kept
    assert client.get("/admin/faqs").status_code == 200
    assert "Chị Lan" in client.get("/admin/faqs").text


def test_cookie_is_secure_when_configured(settings, staff):
    app = create_app(settings.model_copy(update={"cookie_secure": True}))
    with TestClient(app, base_url="https://testserver") as secure_client:
        response = login(secure_client, "lan")
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("tlsp_session="))
    assert "secure" in [part.strip().lower() for part in cookie.split(";")]


def test_wrong_password_reads_like_an_unknown_user(client, staff, database_url):
    wrong = login(client, "lan", "sai-mat-khau-roi")
    unknown = login(client, "ai-do", "sai-mat-khau-roi")
    assert wrong.status_code == unknown.status_code == 401
    assert VAGUE in wrong.text and VAGUE in unknown.text
    assert "tlsp_session" not in wrong.cookies
    assert login_sessions(database_url) == []


class FrozenClock:
    """The log-in's clock, frozen (the waits are seconds: a busy machine must not let one run out unseen)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = datetime.now(timezone.utc)
        monkeypatch.setattr("bot.auth.service.utcnow", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_failures_make_only_that_address_wait_and_the_owner_gets_in_from_elsewhere(
    settings, client, staff, database_url, monkeypatch
):
    clock = FrozenClock(monkeypatch)
    for _ in range(5):
        assert VAGUE in login(client, "lan", "sai-mat-khau-roi").text
    refused = login(client, "lan")  # the right password, but this address must wait first
    assert refused.status_code == 401 and "Bạn đã nhập sai nhiều lần. Vui lòng chờ 1 giây rồi thử lại." in refused.text
    assert "tlsp_session" not in refused.cookies and login_sessions(database_url) == []
    # the real owner, at the ward office, is not locked out by whoever guessed
    with TestClient(create_app(settings), client=("192.0.2.44", 40000)) as owner:
        assert login(owner, "lan").status_code == 303
    clock.advance(1.1)  # the wait is over
    assert login(client, "lan").status_code == 303


def test_an_unknown_name_waits_like_a_real_one(settings, staff, monkeypatch):
    FrozenClock(monkeypatch)
    for address, name in (("198.51.100.1", "lan"), ("198.51.100.2", "khong-ai-ten-vay")):
        with TestClient(create_app(settings), client=(address, 40000)) as guesser:
            answers = [login(guesser, name, "sai-mat-khau-roi") for _ in range(6)]
        assert [a.status_code for a in answers] == [401] * 6
        assert all(VAGUE in a.text for a in answers[:5]) and "chờ 1 giây" in answers[5].text


def test_inactive_user_is_refused(client, database_url):
    add_user(database_url, "cu", "staff", is_active=False)
    response = login(client, "cu")
    assert response.status_code == 401 and "ngừng hoạt động" in response.text
    assert login_sessions(database_url) == []


def test_an_expired_session_sends_back_to_login(client, staff, database_url):
    login(client, "lan")
    assert client.get("/admin/faqs", follow_redirects=False).status_code == 200
    expire_sessions(database_url, datetime.now(timezone.utc) - timedelta(minutes=1))
    response = client.get("/admin/faqs", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/admin/faqs"


def _last_seen(database_url: str, when: datetime) -> None:
    with sessions(database_url)() as session:
        for row in session.scalars(select(LoginSession)):
            row.last_seen_at = when
        session.commit()


def test_a_session_idle_past_the_setting_sends_back_to_login(settings, staff, database_url):
    with TestClient(create_app(settings.model_copy(update={"session_idle_minutes": 30}))) as client:
        login(client, "lan")
        _last_seen(database_url, datetime.now(timezone.utc) - timedelta(minutes=29))
        assert client.get("/admin/faqs", follow_redirects=False).status_code == 200  # and that request counts
        assert datetime.now(timezone.utc) - aware(login_sessions(database_url)[0].last_seen_at) < timedelta(minutes=1)
        _last_seen(database_url, datetime.now(timezone.utc) - timedelta(minutes=31))
        response = client.get("/admin/faqs", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/admin/faqs"
    assert login_sessions(database_url) == []


def test_a_log_in_lasts_eight_hours_by_default(client, staff, database_url):
    assert Settings(_env_file=None).session_hours == 8 and Settings(_env_file=None).session_idle_minutes == 30
    response = login(client, "lan")
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("tlsp_session="))
    assert "max-age=28800" in cookie.lower()
    [stored] = login_sessions(database_url)
    assert aware(stored.expires_at) - aware(stored.created_at) == timedelta(hours=8)


def test_deactivating_a_user_ends_their_access(client, staff, database_url):
    login(client, "lan")
    update_user(database_url, "lan", is_active=False)
    assert client.get("/admin/faqs", follow_redirects=False).status_code == 303


def test_logout_ends_the_session(client, staff, database_url):
    login(client, "lan")
    token = csrf_from(client.get("/admin/faqs").text)
    raw = client.cookies.get("tlsp_session")
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?bye=1"
    assert login_sessions(database_url) == []
    client.cookies.set("tlsp_session", raw)  # even a kept copy of the cookie is dead
    assert client.get("/admin/faqs", follow_redirects=False).status_code == 303
    assert "đã đăng xuất" in client.get("/login?bye=1").text


def test_logout_needs_the_csrf_token(client, staff, database_url):
    login(client, "lan")
    response = client.post("/logout", data={"csrf_token": "gia-mao"}, follow_redirects=False)
    assert response.status_code == 403
    assert len(login_sessions(database_url)) == 1


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/admin",
        "/\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/admin\r\nSet-Cookie: x=1",
        "admin/faqs",
    ],
)
def test_no_open_redirect_after_login(client, staff, target):
    response = login(client, "lan", next=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin"


def test_local_next_keeps_its_query(client, staff):
    response = login(client, "lan", next="/admin/faqs?q=vneid&status=draft")
    assert response.headers["location"] == "/admin/faqs?q=vneid&status=draft"


def test_login_form_needs_its_csrf_cookie(client, staff, database_url):
    page = client.get("/login")
    client.cookies.clear()
    response = client.post(
        "/login", data={"username": "lan", "password": PASSWORD, "csrf_token": csrf_from(page.text)}, follow_redirects=False
    )
    assert response.status_code == 403 and "hết hạn" in response.text
    assert login_sessions(database_url) == []


def test_logged_in_user_visiting_login_goes_straight_on(client, staff):
    login(client, "lan")
    response = client.get("/login?next=/admin/try", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/admin/try"


def test_a_new_login_replaces_the_old_session(client, staff, database_url):
    login(client, "lan")
    first = client.cookies.get("tlsp_session")
    # a log-in form left open in another tab, sent while still logged in
    client.cookies.set("tlsp_login_csrf", "t" * 43, domain="testserver.local", path="/login")
    response = client.post(
        "/login", data={"username": "lan", "password": PASSWORD, "csrf_token": "t" * 43}, follow_redirects=False
    )
    assert response.status_code == 303
    assert client.cookies.get("tlsp_session") != first
    assert len(login_sessions(database_url)) == 1
