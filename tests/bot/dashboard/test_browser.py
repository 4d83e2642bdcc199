"""The dashboard in real Chromium at 1280×800 and 360×740: axe finds no serious violation, nothing is wider
than the screen, the heat map and its table are there, and the printed report puts each section on its own
page. Screenshots are kept in var/screenshots/ (the gateway alone serves here: the dashboard needs no bot)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.auth import service
from knowledge.database import make_engine, make_sessionmaker
from tests.bot.auth.helpers import PASSWORD, add_user
from tests.bot.dashboard.builder import FALLBACK, chat, vn
from tests.support.axe import describe, violations
from tests.support.browser import SCREENSHOTS, chromium
from tests.support.browser import gateway as serving

PERIOD = "tu=2026-11-01&den=2026-11-30"


@pytest.fixture
def gateway(settings, database_url):
    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as db:
        volunteer = service.create_user(db, "tnv-hoa", PASSWORD, "volunteer", display_name="Chị Hoa")
        for n in range(12):
            resident = chat(db, "telegram" if n % 3 == 0 else "web")
            reply = resident.ask(vn(2026, 11, 2 + n, 8 + n), FALLBACK if n % 4 == 0 else None)
            resident.vote(reply, 1 if n % 2 else -1) if reply.meta.get("faq_id") else None
            if n % 3 == 1:
                resident.ticket(
                    vn(2026, 11, 2 + n, 9 + n),
                    wait=timedelta(minutes=n),
                    handled=timedelta(minutes=7),
                    rating=5 - n % 5 or 3,
                    volunteer=volunteer.id,
                )
        db.commit()
    engine.dispose()
    add_user(database_url, "lanh-dao", "admin", display_name="Lãnh đạo phường")
    with serving(settings) as server:
        yield server


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


def logged_in(gateway, browser, width, height):
    """A browser context at this size with the admin logged in, on the dashboard."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(gateway.url + "/login?next=/admin/thong-ke")
    page.get_by_label("Tên đăng nhập").fill("lanh-dao")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/thong-ke")
    return context, page


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (360, 740)])
def test_dashboard_pages_in_chromium(gateway, browser, width, height):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = logged_in(gateway, browser, width, height)
    found = {}
    for slug in ("", "/khi-nao", "/hoi-gi", "/ho-tro", "/hai-long", "/ky-nang", "/bao-cao"):
        response = page.goto(f"{gateway.url}/admin/thong-ke{slug}?{PERIOD}")
        assert response is not None and response.status == 200, slug
        problems = violations(page)
        if problems:
            found[slug] = describe(problems)
        scroll, view = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= view, f"{slug or '/'} is {scroll} px wide in a {view} px window"
        name = f"dashboard{slug.replace('/', '-') or '-tong-quan'}-{width}"
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert not found, "\n".join(f"{slug}:\n{text}" for slug, text in found.items())

    page.goto(f"{gateway.url}/admin/thong-ke/khi-nao?{PERIOD}")
    heat = page.locator("#bang-gio-trong-tuan")
    assert heat.locator("svg rect").count() > 7 * 24  # the cells, the duty outlines and the legend
    assert heat.get_by_role("row").count() == 8  # the heading row and one per weekday
    context.close()


def test_the_report_prints_one_section_per_page(gateway, browser):
    context, page = logged_in(gateway, browser, 1280, 800)
    page.goto(f"{gateway.url}/admin/thong-ke/bao-cao?{PERIOD}")
    page.emulate_media(media="print")
    breaks = page.evaluate("() => [...document.querySelectorAll('.dash-section')].map(s => getComputedStyle(s).breakBefore)")
    assert breaks[0] == "auto" and breaks[1:] == ["page"] * 5
    assert page.evaluate("() => getComputedStyle(document.querySelector('.filters')).display") == "none"
    pdf = page.pdf(format="A4")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 6  # the sections begin on six pages of their own
    context.close()
