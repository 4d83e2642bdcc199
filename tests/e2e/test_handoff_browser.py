"""The handoff in two real Chromium pages: a resident in the widget, a volunteer in the console."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.e2e.console_client import PASSWORD, create_user
from tests.e2e.test_widget_browser import SCREENSHOTS, bot_messages


def test_widget_and_console_round_trip(stack, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    create_user(stack, "web_vol", display_name="Minh")

    # the volunteer logs in and keeps the console open
    console = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
    console.goto(stack.gateway_url + "/console")
    console.get_by_label("Tên đăng nhập").fill("web_vol")
    console.get_by_label("Mật khẩu").fill(PASSWORD)
    console.get_by_role("button", name="Đăng nhập").click()
    expect(console).to_have_url(stack.gateway_url + "/console")
    expect(console.get_by_test_id("live-status")).to_have_attribute("data-state", "online")
    web_tickets = console.get_by_test_id("waiting-ticket").filter(has_text="Trang web")
    before = web_tickets.count()

    # the resident asks for a person in the widget (another browser context: no shared cookies)
    resident = browser.new_context(viewport={"width": 1000, "height": 800}).new_page()
    resident.goto(stack.gateway_url + "/")
    resident.get_by_test_id("chat-bubble").click()
    resident.get_by_test_id("chat-input").fill("cho tôi gặp người thật")
    resident.get_by_test_id("chat-send").click()
    expect(bot_messages(resident).last).to_contain_text("vị trí số", timeout=20_000)
    queued_at = time.monotonic()
    status = resident.get_by_test_id("handoff-status")  # the sticky line under the widget's header
    expect(status).to_contain_text("Đang chờ tình nguyện viên — vị trí")

    # a new ticket shows in the console within a second, with an alert
    expect(web_tickets).to_have_count(before + 1, timeout=1_000)
    assert time.monotonic() - queued_at < 1.5
    assert int(console.locator("body").get_attribute("data-alerts") or 0) >= 1
    ticket = web_tickets.last
    expect(ticket).to_contain_text("Muốn gặp người")
    console.screenshot(path=str(SCREENSHOTS / "console-queue.png"))
    ticket.get_by_role("button", name="Nhận").click()

    # the whole conversation, bot included
    expect(console).to_have_url(__import__("re").compile(r".*/console/tickets/\d+$"))
    transcript = console.get_by_test_id("transcript")
    expect(transcript).to_contain_text("cho tôi gặp người thật")
    expect(transcript).to_contain_text("vị trí số")
    expect(resident.get_by_test_id("chat-message").last).to_contain_text("Minh đã nhận", timeout=10_000)

    # volunteer → resident
    console.get_by_test_id("reply-text").fill("Chào Bác, cháu là Minh. Bác cần giúp gì ạ?")
    console.get_by_test_id("reply-text").press("Enter")
    from_volunteer = resident.locator('[data-testid="chat-message"]').filter(has_text="cháu là Minh")
    expect(from_volunteer).to_have_count(1, timeout=10_000)
    expect(from_volunteer.get_by_test_id("volunteer-label")).to_have_text("Tình nguyện viên Minh")
    expect(status).to_have_text("Đang trò chuyện với tình nguyện viên Minh")

    # resident → volunteer, live
    resident.get_by_test_id("chat-input").fill("bác muốn hỏi cách nhận lương hưu qua tài khoản")
    resident.get_by_test_id("chat-send").click()
    expect(transcript).to_contain_text("bác muốn hỏi cách nhận lương hưu qua tài khoản", timeout=5_000)

    # a canned reply through the "/" shortcut
    box = console.get_by_test_id("reply-text")
    box.fill("")
    box.type("/cho")
    expect(console.get_by_test_id("canned-menu")).to_be_visible()
    box.press("Enter")  # inserts the highlighted one
    expect(box).to_have_value("Dạ, Bác chờ cháu một chút để cháu kiểm tra giúp ạ.")
    box.press("Enter")  # sends
    expect(resident.locator('[data-testid="chat-message"]').filter(has_text="chờ cháu một chút")).to_have_count(1, timeout=10_000)
    console.screenshot(path=str(SCREENSHOTS / "console-ticket.png"))

    # the volunteer closes; the bot resumes and asks for stars
    console.get_by_test_id("outcome").select_option("guided")
    console.get_by_test_id("resolve").click()
    expect(console).to_have_url(stack.gateway_url + "/console")
    expect(bot_messages(resident).last).to_contain_text("chấm điểm", timeout=10_000)
    expect(status).to_be_hidden()  # the bot answers again
    resident.screenshot(path=str(SCREENSHOTS / "widget-rating-stars.png"))
    resident.get_by_test_id("chat-button").filter(has_text="5 sao").last.click()  # stars drawn as SVG, named in words
    expect(bot_messages(resident).last).to_contain_text("5 sao", timeout=10_000)
    resident.screenshot(path=str(SCREENSHOTS / "widget-after-handoff.png"))
    # an optional comment, then the bot answers questions again
    resident.get_by_test_id("chat-button").filter(has_text="Viết góp ý").last.click()
    expect(bot_messages(resident).last).to_contain_text("nhắn góp ý", timeout=10_000)
    resident.get_by_test_id("chat-input").fill("Bạn Minh hướng dẫn rất dễ hiểu")
    resident.get_by_test_id("chat-send").click()
    expect(bot_messages(resident).last).to_contain_text("cảm ơn góp ý", timeout=10_000)
    resident.get_by_test_id("chat-input").fill("ban la ai")
    resident.get_by_test_id("chat-send").click()
    expect(bot_messages(resident).last).to_contain_text("Trợ lý số", timeout=20_000)
    console.close()
    resident.close()
