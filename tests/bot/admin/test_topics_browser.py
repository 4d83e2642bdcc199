"""/admin/chu-de in real Chromium at 1280×800 and 360×740: pinned through the form, ordered with the up and down
buttons, a pin whose entry was deleted flagged; axe finds nothing serious; nothing wider than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from knowledge.models import Entry, Question
from tests.bot.auth.helpers import PASSWORD, add_user, sessions
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.support.axe import describe, violations
from tests.support.database import ROOT
from tests.support.loopback import LoopbackServer

SCREENSHOTS = ROOT / "var" / "screenshots"


class Gateway(LoopbackServer):
    def __init__(self, app) -> None:
        self.serve(app)


@pytest.fixture
def gateway(settings, seeded):
    from bot.app import create_app

    add_user(seeded, "can-bo-lan", "staff", display_name="Chị Lan")
    server = Gateway(create_app(settings)).start()
    yield server
    server.stop()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed (make test installs it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


def titles(database_url: str, n: int) -> list[str]:
    with sessions(database_url)() as session:
        return list(session.scalars(select(Entry.title).where(Entry.status == "published").order_by(Entry.title)))[:n]


def shown(page) -> list[str]:
    return [t.strip() for t in page.get_by_test_id("pin").locator("strong").all_inner_texts()]


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (360, 740)])
def test_staff_pin_and_order_topics_in_chromium(gateway, browser, seeded, width, height):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(gateway.url + "/login?next=/admin/chu-de")
    page.get_by_label("Tên đăng nhập").fill("can-bo-lan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/chu-de")
    expect(page.get_by_test_id("pins-default")).to_contain_text("khung chat gợi ý những câu được hỏi nhiều nhất")

    first, second, third = titles(seeded, 3)
    for title in (first, second, third):
        page.get_by_label("Câu hỏi đã xuất bản").select_option(label=title)
        page.get_by_role("button", name="Ghim", exact=True).click()
        expect(page.get_by_role("status")).to_have_text("Đã ghim chủ đề.")
    assert shown(page) == [first, second, third]
    page.get_by_role("button", name=f"Lên một bậc: {third}").click()  # buttons, no dragging
    expect(page.get_by_role("status")).to_have_text("Đã đổi thứ tự.")
    assert shown(page) == [first, third, second]
    page.get_by_role("button", name=f"Xuống một bậc: {first}").click()
    assert shown(page) == [third, first, second]
    expect(page.get_by_test_id("shown-topics").get_by_role("listitem").first).to_have_text(third)

    with sessions(seeded)() as session:  # an entry deleted behind the editor's back
        gone = session.scalar(select(Entry.id).where(Entry.title == first))
        session.execute(delete(Question).where(Question.entry_id == gone))
        session.execute(delete(Entry).where(Entry.id == gone))
        session.commit()
    page.reload()
    flagged = page.locator(f'[data-testid="pin"][data-state="missing"][data-faq-id="{gone}"]')
    expect(flagged.get_by_test_id("pin-flag")).to_contain_text("khung chat bỏ qua chủ đề này")
    expect(page.get_by_test_id("shown-topics")).not_to_contain_text(first)

    found = violations(page)
    assert found == [], describe(found)
    scroll, view = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= view, f"/admin/chu-de is {scroll} px wide in a {view} px window"
    page.screenshot(path=str(SCREENSHOTS / f"admin-chu-de-{width}.png"), full_page=True)

    flagged.get_by_role("button", name="Bỏ ghim").click()
    expect(page.get_by_role("status")).to_have_text("Đã bỏ ghim.")
    assert shown(page) == [third, second]
    context.close()
