"""The admins' audit pages (the access log and the phone-read log) in real Chromium at 1280×800 and 360×740,
with rows, a filter and page links on them: axe finds no serious or critical violation and nothing is wider
than the screen. Screenshots in var/screenshots/ (the gateway alone serves here: the pages need no bot)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.access import log
from bot.access.models import AccessKind
from tests.bot.auth.helpers import PASSWORD, add_user, sessions
from tests.bot.handoff.phone_read_rows import a_call_back, a_read
from tests.support.axe import describe, violations
from tests.support.browser import SCREENSHOTS, chromium
from tests.support.browser import gateway as serving

NOW = datetime(2026, 12, 15, 3, 0, tzinfo=UTC)


@pytest.fixture
def gateway(settings, database_url):
    add_user(database_url, "quan-tri", "admin", display_name="Quản trị phường")
    volunteers = [add_user(database_url, name, "volunteer") for name in ("chi-hoa", "anh-minh-rat-dai-ten-tinh-nguyen-vien")]
    with sessions(database_url)() as session:
        call_backs = [a_call_back(session, f"c-{n}", with_ticket=n % 2 == 0) for n in range(4)]
        for i in range(60):  # two pages of each log
            user_id = volunteers[i % 2]
            name = "chi-hoa" if i % 2 == 0 else "anh-minh-rat-dai-ten-tinh-nguyen-vien"
            a_read(session, call_backs[i % 4], user_id, name, NOW + timedelta(minutes=i))
            log.record(
                session, user_id, name, "volunteer", 100 + i, 10 + i, AccessKind.TICKET_PAGE, now=NOW + timedelta(minutes=i)
            )
        session.commit()
    with serving(settings) as server:
        yield server


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (360, 740)])
def test_the_audit_pages_in_chromium(gateway, browser, width, height):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(gateway.url + "/login?next=/admin/phone-reads")
    page.get_by_label("Tên đăng nhập").fill("quan-tri")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/phone-reads")

    # the filter as an admin uses it: a volunteer and a day, then the next page keeps them
    page.get_by_label("Người xem").select_option(label="chi-hoa")
    page.get_by_label("Từ ngày").fill("2026-12-15")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**/admin/phone-reads?nguoi=*")
    assert page.get_by_test_id("phone-read-row").count() == 30
    assert "Tổng cộng 30 lần xem" in page.get_by_test_id("phone-reads-total").inner_text()

    found = {}
    for path in ("/admin/phone-reads", "/admin/phone-reads?tu=2026-12-20&den=2026-12-01", "/admin/access-log"):
        response = page.goto(gateway.url + path)
        assert response is not None and response.status in (200, 400), path
        problems = violations(page)
        if problems:
            found[path] = describe(problems)
        scroll, view = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= view, f"{path} is {scroll} px wide in a {view} px window"
        name = path.split("?")[0].strip("/").replace("/", "-") + ("-loi" if "?" in path else "")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    assert not found, "\n".join(f"{path}:\n{text}" for path, text in found.items())
    context.close()
