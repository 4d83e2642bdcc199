"""The volunteers' console in real Chromium: triage from the queue, closing with an unanswered message,
the live call-back page, keyboard scrolling, and axe-core on each page (issue 18)."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import started_stack
from tests.e2e.console_client import PASSWORD, create_user
from tests.e2e.test_widget_browser import SCREENSHOTS
from tests.support.axe import describe, violations


@pytest.fixture(scope="module")
def stack(tmp_path_factory, fake_telegram):
    """A stack of its own with a 6-minute maximum wait: with one volunteer on line and the default
    5 minutes a ticket, the first resident is queued and the second is offered a call-back at once."""
    with started_stack(
        tmp_path_factory.mktemp("console18"), fake_telegram, CHAT_RATE_PER_MINUTE="600", HANDOFF_MAX_WAIT_MINUTES="6"
    ) as running:
        yield running


def say(stack, sender: str, text: str) -> list[dict]:
    """The resident writes through the chat API (the ward's app channel)."""
    response = httpx.post(stack.gateway_url + "/api/chat", json={"sender": sender, "message": text}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def no_serious_violations(page, where: str) -> None:
    found = violations(page)
    assert not found, f"{where}:\n{describe(found)}"


def test_console_triage_close_and_call_backs(stack, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    create_user(stack, "vol_axe", display_name="Hạnh")
    console = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    console.goto(stack.gateway_url + "/console")
    console.get_by_label("Tên đăng nhập").fill("vol_axe")
    console.get_by_label("Mật khẩu").fill(PASSWORD)
    console.get_by_role("button", name="Đăng nhập").click()
    expect(console).to_have_url(stack.gateway_url + "/console")
    expect(console.get_by_test_id("live-status")).to_have_attribute("data-state", "online")

    # the queue row says what the resident wrote, escaped; the channel is named for a volunteer
    resident = "ba-hanh-axe"
    say(stack, resident, "cho tôi gặp người thật <b>gấp</b> về chuyện đăng ký tạm trú cho cháu nội mới chuyển về ở cùng nhà")
    row = console.get_by_test_id("waiting-ticket").filter(has_text="gặp người thật")
    expect(row).to_have_count(1, timeout=10_000)
    expect(row.get_by_test_id("ticket-said")).to_contain_text("«cho tôi gặp người thật <b>gấp</b>")
    assert row.locator("b").count() == 0  # shown as text, never as markup
    expect(row).to_contain_text("Ứng dụng của phường")
    expect(row).not_to_contain_text("API")
    no_serious_violations(console, "the queue")
    console.screenshot(path=str(SCREENSHOTS / "console18-queue.png"), full_page=True)

    # the call-back page (another tab): online badge; a second resident, whose wait would be beyond the
    # maximum, is offered the call-back at once, and their call-back appears without a reload
    callbacks = console.context.new_page()
    callbacks.goto(stack.gateway_url + "/console/callbacks")
    badge = callbacks.get_by_test_id("live-status")
    expect(badge).to_have_attribute("data-state", "online")
    expect(badge).to_have_text("Trực tuyến")
    rows = callbacks.get_by_test_id("callback-row")
    expect(rows).to_have_count(0)
    second = "ong-tu-axe"
    offer = say(stack, second, "cho tôi gặp người thật")[-1]
    assert "vị trí" not in offer["text"] and offer["meta"]["offer"] == "callback", offer
    say(stack, second, offer["buttons"][0]["payload"])
    say(stack, second, "0912345678")
    expect(rows).to_have_count(1, timeout=10_000)
    expect(callbacks.get_by_test_id("callbacks-updated")).to_be_visible()
    say(stack, second, "nhờ phường gọi lại hướng dẫn tạm trú")
    expect(callbacks.get_by_test_id("callbacks")).to_contain_text("nhờ phường gọi lại hướng dẫn tạm trú", timeout=10_000)
    no_serious_violations(callbacks, "the call-back page")
    callbacks.screenshot(path=str(SCREENSHOTS / "console18-callbacks.png"), full_page=True)
    callbacks.close()

    # the conversation: the resident sends a phone number nobody has answered yet
    row.get_by_role("button", name="Nhận").click()
    expect(console).to_have_url(re.compile(r".*/console/tickets/\d+$"))
    ticket_id = int(console.url.rsplit("/", 1)[1])
    transcript = console.get_by_test_id("transcript")
    for n in range(12):  # enough to scroll
        console.get_by_test_id("reply-text").fill(f"Dạ, cháu hướng dẫn bước {n + 1}: Bác mở ứng dụng và làm theo ạ.")
        console.get_by_test_id("reply-text").press("Enter")
    expect(transcript.locator(".msg").filter(has_text="bước 12")).to_have_count(1, timeout=10_000)
    say(stack, resident, "số của bác 0901234567")
    expect(transcript.locator(".msg.in").last).to_contain_text("[số điện thoại đã che]", timeout=10_000)

    # the transcript scrolls with the keyboard, and its times are readable
    transcript.focus()
    assert console.evaluate("() => document.activeElement.getAttribute('data-testid')") == "transcript"
    transcript.press("Home")
    expect(transcript).to_have_js_property("scrollTop", 0)
    transcript.press("PageDown")
    console.wait_for_function("() => document.querySelector('[data-testid=transcript]').scrollTop > 0")
    size = console.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.msg time')).fontSize)")
    assert size >= 14
    no_serious_violations(console, "the conversation")

    # closing: no outcome chosen for the volunteer, then a confirmation because the number is unanswered
    expect(console.get_by_test_id("outcome")).to_have_value("")
    console.get_by_test_id("outcome").select_option("call_back")
    console.get_by_test_id("resolve").click()
    confirm = console.get_by_test_id("resolve-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("chưa có ai trả lời")
    expect(console).to_have_url(re.compile(rf".*/console/tickets/{ticket_id}$"))  # nothing closed yet
    no_serious_violations(console, "the closing confirmation")
    console.screenshot(path=str(SCREENSHOTS / "console18-confirm-close.png"), full_page=True)
    console.get_by_test_id("resolve-confirmed").click()
    expect(console).to_have_url(stack.gateway_url + "/console")

    console.close()
