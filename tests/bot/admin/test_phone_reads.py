"""/admin/phone-reads: admins read who revealed which call-back's number and when; never the number;
escaped, paginated, filtered (a filter it cannot read: 400), nobody else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.handoff.models import Callback
from tests.bot.auth.helpers import add_user, logged_in, login, sessions
from tests.bot.handoff.phone_read_rows import PHONE, a_call_back, a_read

PAGE = "/admin/phone-reads"
NOW = datetime(2026, 12, 15, 3, 0, tzinfo=UTC)  # 10:00 in Việt Nam


@pytest.fixture
def admin(client, seeded):
    add_user(seeded, "quantri", "admin")
    logged_in(client, "quantri")
    return client


def _reads(database_url: str, count: int, username: str = "tnv", with_ticket: bool = True) -> tuple[int, int, int | None]:
    """`count` reveals by one volunteer, a minute apart, of one call-back: (user id, call-back id, ticket id)."""
    user_id = add_user(database_url, username, "volunteer")
    with sessions(database_url)() as session:
        call_back = a_call_back(session, f"c-{username}", with_ticket=with_ticket)
        for i in range(count):
            a_read(session, call_back, user_id, username, NOW + timedelta(minutes=i))
        session.commit()
        return user_id, call_back.id, call_back.ticket_id


def test_admins_see_who_revealed_which_number_when_but_never_the_number(admin, seeded):
    _user, call_back, ticket = _reads(seeded, 1, username="<b>tnv</b>")
    page = admin.get(PAGE)
    assert page.status_code == 200
    assert "Nhật ký xem số điện thoại gọi lại" in page.text and "Tổng cộng 1 lần xem" in page.text
    assert "&lt;b&gt;tnv&lt;/b&gt;" in page.text and "<b>tnv</b>" not in page.text  # escaped, in the table and the list
    assert f"#{call_back}" in page.text and f'href="/console/tickets/{ticket}"' in page.text
    assert "15/12/2026 10:00" in page.text  # Việt Nam time
    assert PHONE not in page.text and PHONE[-4:] not in page.text
    assert "được giữ 365 ngày rồi tự động xóa" in page.text
    menu = admin.get("/admin/access-log").text
    assert f'href="{PAGE}"' in menu and menu.index('href="/admin/access-log"') < menu.index(f'href="{PAGE}"')


def test_a_call_back_without_a_ticket_says_so(admin, seeded):
    _reads(seeded, 1, with_ticket=False)
    assert "không có" in admin.get(PAGE).text


def test_reads_of_an_erased_conversation_stay_and_say_so(admin, seeded):
    from bot.privacy.erasure import erase

    _user, call_back, ticket = _reads(seeded, 2)
    with sessions(seeded)() as session:
        conversation = session.scalar(select(Callback.conversation_id).where(Callback.id == call_back))
        erase(session, conversation, NOW)
        session.commit()
    page = admin.get(PAGE).text
    assert "Tổng cộng 2 lần xem" in page and page.count('data-testid="phone-read-erased"') == 2
    assert f"#{call_back}" in page and f'href="/console/tickets/{ticket}"' in page and f"#{conversation}" in page
    assert "kể cả khi cuộc trò chuyện đã bị xóa" in page and "bị xóa theo" not in page


def test_fifty_a_page_newest_first_and_the_filter_kept_across_pages(admin, seeded):
    user_id, _call_back, _ticket = _reads(seeded, 120)
    first = admin.get(PAGE).text
    assert first.count('data-testid="phone-read-row"') == 50 and "Trang 1/3" in first
    assert "15/12/2026 11:59" in first  # the newest (NOW + 119 minutes) first
    assert f'href="{PAGE}?page=2"' in first
    filtered = admin.get(PAGE, params={"nguoi": user_id, "tu": "2026-12-15", "den": "2026-12-15", "page": 2}).text
    assert "Trang 2/3" in filtered
    assert f'href="{PAGE}?nguoi={user_id}&amp;tu=2026-12-15&amp;den=2026-12-15&amp;page=3"' in filtered
    last = admin.get(PAGE, params={"page": 3}).text
    assert last.count('data-testid="phone-read-row"') == 20 and "15/12/2026 10:00" in last
    for odd in ("abc", "²", "-1", "0", "99999999999999999999", ""):
        response = admin.get(PAGE, params={"page": odd})
        assert response.status_code == 200 and ("Trang 1/3" in response.text or "Trang 3/3" in response.text), odd
    assert "Trang 3/3" in admin.get(PAGE, params={"page": "999"}).text


def test_filters_that_match_nobody_are_an_empty_page(admin, seeded):
    user_id, _call_back, _ticket = _reads(seeded, 3)
    other = admin.get(PAGE, params={"nguoi": user_id + 100})
    assert other.status_code == 200 and "khớp với bộ lọc" in other.text
    assert "Tổng cộng 0 lần xem" in admin.get(PAGE, params={"tu": "2026-12-16"}).text
    assert "Tổng cộng 3 lần xem" in admin.get(PAGE, params={"den": "2026-12-15"}).text


@pytest.mark.parametrize(
    "params",
    [
        {"nguoi": "abc"},
        {"nguoi": "²"},
        {"nguoi": "-1"},
        {"nguoi": "0"},
        {"nguoi": str(2**63)},
        {"nguoi": "1" * 5000},
        {"tu": "15/12/2026"},
        {"tu": "20261215"},
        {"tu": "2026-W50-1"},
        {"tu": "2026-02-30"},
        {"den": "9999-12-31"},
        {"den": "0001-01-01"},
        {"tu": "２０２６-12-15"},
        {"tu": "2026-12-15", "den": "2026-12-01"},
        {"tu": "<script>alert(1)</script>"},
    ],
)
def test_a_filter_it_cannot_read_is_a_400_with_the_reason(admin, seeded, params):
    response = admin.get(PAGE, params=params)
    assert response.status_code == 400, params
    assert 'data-testid="phone-reads-error"' in response.text and "<script>alert" not in response.text


def test_staff_and_volunteers_may_not_read_it_and_strangers_log_in_first(client, csrf, seeded):
    assert client.get(PAGE).status_code == 403  # `csrf` logged in a staff member
    assert f'href="{PAGE}"' not in client.get("/admin/faqs").text
    client.cookies.clear()
    add_user(seeded, "tnv", "volunteer")
    assert login(client, "tnv").status_code == 303
    assert client.get(PAGE).status_code == 403
    client.cookies.clear()
    anonymous = client.get(PAGE, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == f"/login?next={PAGE}"
