"""/admin/chu-de in real Chromium at 1280×800 and 360×740: pinned through the form, ordered with the up and down
buttons, a pin whose entry was deleted flagged; axe finds nothing serious; nothing wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from knowledge.models import Entry, Question
from tests.bot.auth.helpers import PASSWORD, add_user, sessions
from tests.support.axe import describe, violations
from tests.support.browser import SCREENSHOTS, chromium, gateway, log_in


@pytest.fixture
def running(settings, seeded):
    add_user(seeded, "can-bo-lan", "staff", display_name="Chị Lan")
    with gateway(settings) as server, chromium() as browser:
        yield server, browser


def titles(database_url: str, n: int) -> list[str]:
    with sessions(database_url)() as session:
        return list(session.scalars(select(Entry.title).where(Entry.status == "published").order_by(Entry.title)))[:n]


def shown(page) -> list[str]:
    return [t.strip() for t in page.get_by_test_id("pin").locator("strong").all_inner_texts()]


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (360, 740)])
def test_staff_pin_and_order_topics_in_chromium(running, seeded, width, height):
    server, browser = running
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = log_in(browser, server.url, "can-bo-lan", PASSWORD, "/admin/chu-de", viewport={"width": width, "height": height})
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
    page.context.close()
