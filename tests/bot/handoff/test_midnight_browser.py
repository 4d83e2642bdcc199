"""An all-day shift made in /admin/duty keeps the queue open across midnight, Việt Nam time, in real Chromium
(issue 18): staff add «Cả ngày» for Saturday and Sunday through the form; at 23:59:30 on Saturday and at
00:00:30 on Sunday a resident who asks for a person is queued, the one queued before midnight is still
waiting after it, and the console lists both. The gateway runs in this process on a clock the test sets.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from bot.handoff.models import Ticket, TicketStatus
from tests.bot.auth.helpers import PASSWORD, add_user, sessions
from tests.bot.console.conftest import say
from tests.support.browser import SCREENSHOTS, chromium, gateway, log_in
from tests.support.clock import SetClock

VIETNAM = timezone(timedelta(hours=7))
# 2026-11-28 is a Saturday; the migration's starting schedule has no shift on Saturday night or Sunday
SATURDAY_EVENING = datetime(2026, 11, 28, 23, 58, 0, tzinfo=VIETNAM)
BEFORE_MIDNIGHT = datetime(2026, 11, 28, 23, 59, 30, tzinfo=VIETNAM)
AFTER_MIDNIGHT = datetime(2026, 11, 29, 0, 0, 30, tzinfo=VIETNAM)
ASK = "cho tôi gặp người thật"
CHECK_S = 0.5  # how often the gateway looks for tickets to expire (15 s by default)


@pytest.fixture
def running(settings, rasa, database_url, monkeypatch):
    clock = SetClock(monkeypatch, SATURDAY_EVENING)
    add_user(database_url, "can-bo-truc", "staff", display_name="Chị Trúc")
    add_user(database_url, "tnv-dem", "volunteer", display_name="Anh Đêm")
    say(rasa, ASK)
    scheduled = settings.model_copy(
        update={"handoff_always_open": False, "handoff_check_interval_s": CHECK_S, "handoff_max_wait_minutes": 60}
    )
    with gateway(scheduled) as server, chromium() as browser:
        yield server, browser, clock, database_url


def ask_in_the_widget(browser, url: str):
    resident = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True).new_page()
    resident.goto(url + "/")
    resident.get_by_test_id("chat-bubble").click()
    resident.get_by_test_id("chat-input").fill(ASK)
    resident.get_by_test_id("chat-send").click()
    return resident


def test_an_all_day_shift_keeps_the_queue_open_across_midnight(running):
    server, browser, clock, database_url = running
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # without the shifts, Saturday night is out of hours: the clock the test set is the one the gateway reads
    closed = httpx.post(server.url + "/api/chat", json={"sender": "bac-truoc-gio", "message": ASK}, timeout=30).json()
    assert "ngoài giờ trực" in closed[-1]["text"], closed

    staff = log_in(browser, server.url, "can-bo-truc", PASSWORD, "/admin/duty", viewport={"width": 1280, "height": 800})
    form = staff.locator('form[action="/admin/duty/shifts"]')
    for day in ("Thứ Bảy", "Chủ nhật"):
        form.locator('select[name="weekday"]').select_option(label=day)
        form.get_by_label("Cả ngày", exact=True).check()
        form.get_by_role("button", name="Thêm ca").click()
        expect(staff.get_by_role("status")).to_have_text("Đã lưu lịch trực.")
    rows = staff.get_by_test_id("shifts").get_by_role("row")
    for day in ("Thứ Bảy", "Chủ nhật"):
        expect(rows.filter(has_text=day).filter(has_text="Cả ngày (00:00–24:00)")).to_have_count(1)

    console = log_in(browser, server.url, "tnv-dem", PASSWORD, "/console", viewport={"width": 1280, "height": 800})
    expect(console.get_by_test_id("live-status")).to_have_attribute("data-state", "online")

    clock.set(BEFORE_MIDNIGHT)
    first = ask_in_the_widget(browser, server.url)
    first_status = first.get_by_test_id("handoff-status")
    expect(first_status).to_have_text("Đang chờ tình nguyện viên — vị trí 1", timeout=10_000)
    replies = first.locator('[data-testid="chat-message"][data-direction="out"]')
    expect(replies.last).to_contain_text("vị trí số 1")
    expect(console.get_by_test_id("waiting-ticket")).to_have_count(1, timeout=5_000)

    clock.set(AFTER_MIDNIGHT)
    time.sleep(4 * CHECK_S)  # the expiry check has run on Sunday's clock
    second = ask_in_the_widget(browser, server.url)
    expect(second.get_by_test_id("handoff-status")).to_have_text("Đang chờ tình nguyện viên — vị trí 2", timeout=10_000)
    expect(console.get_by_test_id("waiting-ticket")).to_have_count(2, timeout=5_000)
    # the resident queued before midnight was not turned away at midnight
    expect(first_status).to_have_text("Đang chờ tình nguyện viên — vị trí 1")
    assert "ngoài giờ trực" not in first.get_by_test_id("chat-messages").inner_text()
    assert "chưa ai nhận được" not in first.get_by_test_id("chat-messages").inner_text()
    with sessions(database_url)() as session:  # made on the test's clock, not the machine's
        tickets = [(t.status, t.created_at) for t in session.scalars(select(Ticket).order_by(Ticket.id))]
    assert [(status, at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at) for status, at in tickets] == [
        (TicketStatus.EXPIRED, SATURDAY_EVENING),  # out of hours: closed at once with a call-back offer
        (TicketStatus.WAITING, BEFORE_MIDNIGHT),
        (TicketStatus.WAITING, AFTER_MIDNIGHT),
    ]
    second.screenshot(path=str(SCREENSHOTS / "widget-queued-after-midnight.png"))
    console.screenshot(path=str(SCREENSHOTS / "console-queue-after-midnight.png"))
    for page in (first, second, console, staff):
        page.context.close()
