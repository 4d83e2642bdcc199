"""The widget as an elderly resident meets it, in real Chromium against the real stack (issue 18).

Phone (360×740), landscape phone (740×360) and desktop (1280×800): a long answer opens at its first
line, used buttons collapse, the queue's status stays in view, the header gives way in landscape,
a new resident is greeted with topics, and axe finds nothing serious on the demo page.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_widget_browser import SCREENSHOTS, bot_messages
from tests.support.axe import describe, violations

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
LANDSCAPE = {"viewport": {"width": 740, "height": 360}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
LONG_QUESTION = "quen mat khau vneid thi lam sao"


def start(browser, stack, device: dict, init_script: str | None = None):
    page = browser.new_context(**device).new_page()
    if init_script:
        page.add_init_script(init_script)
    page.goto(stack.gateway_url + "/")
    page.get_by_test_id("chat-bubble").click()
    expect(page.get_by_test_id("chat-panel")).to_be_visible()
    return page


def ask(page, text: str) -> None:
    page.get_by_test_id("chat-input").fill(text)
    page.get_by_test_id("chat-send").click()


def turn_over(page, replies: int = 1) -> None:
    """The bot answered and stopped typing (every message of the turn is in)."""
    expect(bot_messages(page)).to_have_count(replies, timeout=20_000)
    expect(page.get_by_test_id("typing-indicator")).to_be_hidden(timeout=20_000)
    page.wait_for_timeout(300)


def box(page, locator):
    found = locator.bounding_box()
    assert found is not None, "not rendered"
    return found


@pytest.mark.parametrize("device", [PHONE, LANDSCAPE], ids=["360x740-bigtext", "740x360"])
def test_a_long_answer_opens_at_its_first_line(stack, browser, device):
    page = start(browser, stack, device)
    if device is PHONE:
        page.get_by_test_id("bigtext-toggle").click()  # A+: the answer no longer fits the phone's view
    ask(page, LONG_QUESTION)
    turn_over(page)
    view = box(page, page.get_by_test_id("chat-messages"))
    answer = box(page, bot_messages(page).first)
    assert answer["height"] > view["height"], "the answer must be longer than the view for this test to mean anything"
    # its first line is at the top of the view, not scrolled away above it
    assert view["y"] - 1 <= answer["y"] <= view["y"] + 40, (answer, view)
    name = "phone" if device is PHONE else "landscape"
    page.screenshot(path=str(SCREENSHOTS / f"widget-long-answer-{name}.png"))
    page.context.close()


def test_used_buttons_collapse_into_the_message_they_answered(stack, browser):
    page = start(browser, stack, DESKTOP)
    ask(page, "xin chao")
    turn_over(page)
    greeting = bot_messages(page).first
    expect(greeting.get_by_test_id("chat-button")).to_have_count(3)
    title = greeting.get_by_test_id("chat-button").first.inner_text().strip()
    greeting.get_by_test_id("chat-button").first.click()
    expect(greeting.get_by_test_id("chat-chosen")).to_have_text(f"Bác đã chọn: {title}")
    expect(greeting.get_by_test_id("chat-button")).to_have_count(0)  # no grey buttons left behind
    turn_over(page, replies=2)
    page.screenshot(path=str(SCREENSHOTS / "widget-chosen.png"))
    page.reload()  # the collapsed row is remembered
    expect(bot_messages(page).first.get_by_test_id("chat-chosen")).to_have_text(f"Bác đã chọn: {title}")
    expect(bot_messages(page).first.get_by_test_id("chat-button")).to_have_count(0)
    page.context.close()


def test_feedback_buttons_are_icons_and_words_not_emoji(stack, browser):
    page = start(browser, stack, DESKTOP)
    ask(page, LONG_QUESTION)
    turn_over(page)
    useful = page.locator('[data-testid="chat-button"][data-payload^="#feedback:up:"]').last
    expect(useful).to_be_visible(timeout=20_000)
    expect(useful).to_have_text("Hữu ích")
    expect(useful.locator("svg")).to_have_count(1)
    answer = bot_messages(page).first.get_by_test_id("chat-message-text")
    expect(answer.locator("svg.tlsp-icon-inline")).to_have_count(1)  # its 🔗 line marker, drawn
    assert "🔗" not in answer.inner_text()
    useful.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "widget-feedback-icons.png"))
    useful.click()
    expect(page.get_by_test_id("chat-chosen").last).to_have_text("Bác đã chọn: Hữu ích")
    page.context.close()


def test_the_waiting_status_stays_in_view_on_a_phone(stack, browser):
    page = start(browser, stack, PHONE)
    ask(page, "cho tôi gặp người thật")
    expect(bot_messages(page).last).to_contain_text("vị trí số", timeout=20_000)
    status = page.get_by_test_id("handoff-status")
    expect(status).to_have_text(re.compile(r"^Đang chờ tình nguyện viên — vị trí \d+$"))
    for n in range(6):  # the conversation grows and scrolls; the status line does not
        ask(page, f"bác vẫn đang chờ, tin thứ {n + 1}")
    expect(page.locator('[data-testid="chat-message"][data-direction="in"]')).to_have_count(7, timeout=10_000)
    page.get_by_test_id("chat-messages").evaluate("m => { m.scrollTop = m.scrollHeight; }")
    expect(status).to_be_in_viewport()
    panel, line = box(page, page.get_by_test_id("chat-panel")), box(page, status)
    assert panel["y"] <= line["y"] < panel["y"] + 160  # under the header, at the top
    page.screenshot(path=str(SCREENSHOTS / "widget-waiting-status.png"))
    found = violations(page)
    assert found == [], describe(found)
    page.reload()  # from the cached messages too
    expect(page.get_by_test_id("handoff-status")).to_contain_text("Đang chờ tình nguyện viên")
    page.context.close()


ZOOM_400 = {"viewport": {"width": 320, "height": 256}}  # a 1280×1024 screen at 400 %


@pytest.mark.parametrize("device", [LANDSCAPE, ZOOM_400], ids=["740x360", "320x256"])
def test_in_landscape_the_header_gives_the_messages_room(stack, browser, device):
    page = start(browser, stack, device)
    height = device["viewport"]["height"]
    header = box(page, page.locator(".tlsp-header"))
    messages = box(page, page.get_by_test_id("chat-messages"))
    assert header["height"] <= 52, header
    assert messages["height"] >= 0.55 * height, messages  # it was about 100 px (64 px at 320×256)
    expect(page.get_by_test_id("chat-input")).to_be_in_viewport()
    page.screenshot(path=str(SCREENSHOTS / f"widget-landscape-{height}.png"))
    page.context.close()


def test_a_new_resident_is_greeted_with_the_most_asked_topics(stack, browser):
    page = start(browser, stack, PHONE)
    hint = page.get_by_test_id("chat-hint")
    expect(hint).to_contain_text("con chào Bác")
    topics = page.get_by_test_id("chat-topic")
    expect(topics.first).to_be_visible(timeout=10_000)
    assert 1 <= topics.count() <= 6
    expect(hint).to_contain_text("Mấy câu bà con hay hỏi")  # said only when there are topics to show
    page.screenshot(path=str(SCREENSHOTS / "widget-topics.png"))
    topic = topics.first.inner_text().strip()
    topics.first.click()
    expect(page.locator('[data-testid="chat-message"][data-direction="in"]')).to_have_count(1)
    turn_over(page)
    assert topic  # the question it asked is the entry's own phrasing, answered by the bot
    expect(hint).to_be_hidden()
    expect(topics).to_have_count(0)  # the conversation's own buttons only, from now on
    page.context.close()


def test_the_pages_topic_buttons_ask_their_question(stack, browser):
    page = browser.new_context(**DESKTOP).new_page()
    page.goto(stack.gateway_url + "/")
    page.get_by_role("button", name="Hỏi về VNeID").click()
    expect(page.get_by_test_id("chat-panel")).to_be_visible()
    mine = page.locator('[data-testid="chat-message"][data-direction="in"]')
    expect(mine).to_have_count(1, timeout=10_000)
    expect(mine.first).to_contain_text("Cách kích hoạt tài khoản VNeID mức 2")
    turn_over(page)
    page.screenshot(path=str(SCREENSHOTS / "widget-page-topic.png"))
    page.context.close()


def test_sizes_follow_the_phones_text_setting(stack, browser):
    # the phone's larger text raises the root font size; px sizes would ignore it
    page = start(browser, stack, PHONE)
    page.evaluate("document.documentElement.style.fontSize = '20px'")
    size = page.get_by_test_id("chat-input").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size == 20
    page.get_by_test_id("bigtext-toggle").click()  # A+ still on top of it
    size = page.get_by_test_id("chat-input").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size == 25
    page.context.close()


FAKE_VOICE = """
(() => {
  const spoken = [];
  window.__spoken = spoken;
  const voice = { lang: 'vi-VN', name: 'Tiếng Việt', default: true, localService: true, voiceURI: 'vi' };
  const synth = {
    getVoices: () => [voice], speak: (u) => spoken.push(u.text), cancel: () => {},
    addEventListener: () => {}, speaking: false, pending: false, paused: false,
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  // the real class takes only a real voice object
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
})();
"""


def test_read_aloud_reads_the_words_with_a_vietnamese_voice(stack, browser):
    page = start(browser, stack, DESKTOP, init_script=FAKE_VOICE)
    ask(page, LONG_QUESTION)
    turn_over(page)
    answer = bot_messages(page).first
    speak = answer.get_by_test_id("chat-speak")
    expect(speak).to_be_visible()
    expect(speak).to_have_text("Đọc to")
    speak.click()
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and spoken[0]
    assert "http" not in spoken[0] and "👍" not in spoken[0]
    shown = answer.get_by_test_id("chat-message-text").inner_text()
    assert spoken[0].split()[:3] == shown.split()[:3]
    expect(speak).to_have_text("Dừng đọc")  # a second tap stops
    found = violations(page)  # with the «Đọc to» buttons shown
    assert found == [], describe(found)
    page.context.close()


def test_without_a_vietnamese_voice_there_is_no_read_aloud(stack, browser):
    none = FAKE_VOICE.replace("lang: 'vi-VN'", "lang: 'en-US'")
    page = start(browser, stack, DESKTOP, init_script=none)
    ask(page, "xin chao")
    turn_over(page)
    expect(bot_messages(page).first.get_by_test_id("chat-speak")).to_be_hidden()
    page.context.close()


CACHED = [  # a conversation kept by the browser: the bot's answer in two messages, then one much later
    {"seq": 1, "direction": "in", "text": "xin chào", "created_at": "2026-12-01T03:00:00Z"},
    {"seq": 2, "direction": "out", "text": "Dạ, con chào Bác.", "created_at": "2026-12-01T03:00:02Z"},
    {"seq": 3, "direction": "out", "text": "Bác cần hỏi gì ạ?", "created_at": "2026-12-01T03:00:03Z"},
    {"seq": 4, "direction": "out", "text": "Bác còn đó không ạ?", "created_at": "2026-12-01T03:30:00Z"},
]


def test_times_show_once_per_group(stack, browser):
    page = browser.new_context(**DESKTOP).new_page()
    cache = json.dumps(json.dumps(CACHED))
    page.add_init_script(f"localStorage.setItem('tlsp.messages', {cache}); localStorage.setItem('tlsp.open', '0');")
    page.goto(stack.gateway_url + "/")
    times = page.locator('[data-testid="chat-message"] time')
    expect(times).to_have_count(4)
    shown = times.evaluate_all("ts => ts.map((t) => !t.hidden)")
    assert shown == [True, True, False, True]  # the bot's second message a second later: no second time
    page.context.close()


@pytest.mark.parametrize("device", [PHONE, LANDSCAPE, DESKTOP], ids=["360x740", "740x360", "1280x800"])
def test_axe_finds_nothing_serious_on_the_demo_page_with_the_widget_open(stack, browser, device):
    page = start(browser, stack, device)
    expect(page.get_by_test_id("chat-topic").first).to_be_visible(timeout=10_000)
    found = violations(page)
    assert found == [], describe(found)
    ask(page, LONG_QUESTION)
    turn_over(page)
    found = violations(page)
    assert found == [], describe(found)
    page.context.close()
