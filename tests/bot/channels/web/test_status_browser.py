"""The widget's status line names the volunteer from the moment the ticket is claimed, before their first
message, after a reload and after a reconnect that rebuilds the conversation from the server (issue 18).

Real Chromium: a resident in the widget, a volunteer in the console, the gateway alone (a scripted Rasa).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.bot.auth.helpers import PASSWORD, add_user
from tests.bot.console.conftest import say
from tests.support.browser import SCREENSHOTS, chromium, gateway, log_in

ASK = "cho tôi gặp người thật"
LOGIN = "tnv-dang-nhap-07"  # never shown to residents
DISPLAY = 'Hà <em>"Thu"</em>'  # a display name with markup: shown as text, never as HTML


@pytest.fixture
def running(settings, rasa, database_url):
    add_user(database_url, LOGIN, "volunteer", display_name=DISPLAY)
    say(rasa, ASK)
    with gateway(settings) as server, chromium() as browser:
        yield server, browser


def test_the_status_line_names_the_volunteer_at_claim_time(running):
    server, browser = running
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    console = log_in(browser, server.url, LOGIN, PASSWORD, "/console", viewport={"width": 1280, "height": 800})
    expect(console.get_by_test_id("live-status")).to_have_attribute("data-state", "online")

    resident = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True).new_page()
    resident.goto(server.url + "/")
    resident.get_by_test_id("chat-bubble").click()
    resident.get_by_test_id("chat-input").fill(ASK)
    resident.get_by_test_id("chat-send").click()
    status = resident.get_by_test_id("handoff-status")
    expect(status).to_have_text("Đang chờ tình nguyện viên — vị trí 1", timeout=10_000)

    console.get_by_test_id("waiting-ticket").first.get_by_role("button", name="Nhận").click()
    talking = f"Đang trò chuyện với tình nguyện viên {DISPLAY}"
    expect(status).to_have_text(talking, timeout=10_000)  # the claim notice alone says who
    expect(resident.get_by_test_id("volunteer-label")).to_have_count(0)  # no message from them yet
    assert status.locator("em").count() == 0 and LOGIN not in status.inner_text()
    resident.screenshot(path=str(SCREENSHOTS / "widget-claimed-status.png"))

    resident.reload()  # from the messages the browser kept
    expect(resident.get_by_test_id("handoff-status")).to_have_text(talking)

    # a reconnect with nothing kept but the resident's token: the conversation comes back from the server
    resident.evaluate("localStorage.setItem('tlsp.messages', '[]')")
    resident.reload()
    expect(resident.locator('[data-testid="chat-message"][data-direction="in"]')).to_have_count(1, timeout=10_000)
    expect(resident.get_by_test_id("handoff-status")).to_have_text(talking)
    resident.context.close()
    console.context.close()
