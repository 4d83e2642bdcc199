"""/admin/access-log: admins read who opened which conversation; escaped, paginated, nobody else."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.access import log
from bot.access.models import AccessKind
from tests.bot.auth.helpers import add_user, logged_in, login, sessions

NOW = datetime(2026, 12, 15, 3, 0, tzinfo=timezone.utc)


def _openings(database_url: str, count: int, username: str = "tnv") -> None:
    with sessions(database_url)() as session:
        for i in range(count):
            log.record(session, 1, username, "volunteer", 500 + i, 40 + i, AccessKind.TICKET_PAGE, now=NOW + timedelta(minutes=i))
        session.commit()


@pytest.fixture
def admin(client, seeded):
    add_user(seeded, "quantri", "admin")
    logged_in(client, "quantri")
    return client


def test_admins_see_who_opened_what_and_when(admin, seeded):
    _openings(seeded, 1, username="<b>tnv</b>")
    page = admin.get("/admin/access-log")
    assert page.status_code == 200
    assert "Nhật ký truy cập cuộc trò chuyện" in page.text and "Mở trang cuộc trò chuyện" in page.text
    assert "&lt;b&gt;tnv&lt;/b&gt;" in page.text and "<b>tnv</b>" not in page.text  # escaped
    assert "#500" in page.text and 'href="/console/tickets/40"' in page.text
    assert "15/12/2026 10:00" in page.text  # Việt Nam time
    assert "được giữ 365 ngày rồi tự động xóa" in page.text  # ACCESS_LOG_RETENTION_DAYS
    assert 'href="/admin/access-log"' in admin.get("/admin/faqs").text  # in the admin's menu


def test_fifty_a_page_newest_first(admin, seeded):
    _openings(seeded, 120)
    first = admin.get("/admin/access-log").text
    assert first.count('data-testid="access-row"') == 50 and "Trang 1/3" in first and "#619" in first
    assert 'href="/admin/access-log?page=2"' in first
    last = admin.get("/admin/access-log?page=3").text
    assert last.count('data-testid="access-row"') == 20 and "#500" in last and 'href="/admin/access-log?page=2"' in last
    for odd in ("abc", "²", "-1", "99999999999999999999", ""):
        response = admin.get(f"/admin/access-log?page={odd}")
        assert response.status_code == 200 and "Trang 1/3" in response.text, odd


def test_staff_and_volunteers_may_not_read_it(client, csrf, seeded):
    assert client.get("/admin/access-log").status_code == 403
    assert 'href="/admin/access-log"' not in client.get("/admin/faqs").text
    client.cookies.clear()
    add_user(seeded, "tnv", "volunteer")
    assert login(client, "tnv").status_code == 303
    assert client.get("/admin/access-log").status_code == 403


def test_the_page_says_how_long_the_log_is_kept(settings, seeded):
    from fastapi.testclient import TestClient

    from bot.app import create_app

    settings.access_log_retention_days = 400
    add_user(seeded, "quantri", "admin")
    with TestClient(create_app(settings)) as client:
        logged_in(client, "quantri")
        page = client.get("/admin/access-log").text
    assert "được giữ 400 ngày rồi tự động xóa" in page
