"""The widget in real Chromium against the real stack: greet, answer, reload, still there."""

from __future__ import annotations

from playwright.sync_api import expect

from devtools.stack import ROOT

SCREENSHOTS = ROOT / "var" / "screenshots"


def bot_messages(page):
    return page.locator('[data-testid="chat-message"][data-direction="out"]')


def test_greeting_survives_a_reload(stack, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(stack.gateway_url + "/")
    page.get_by_test_id("chat-bubble").click()
    expect(page.get_by_test_id("chat-panel")).to_be_visible()
    page.get_by_test_id("chat-input").fill("xin chao")
    page.get_by_test_id("chat-send").click()
    expect(bot_messages(page).first).to_contain_text("con chào", timeout=20_000)
    expect(page.get_by_test_id("chat-button")).to_have_count(3)
    page.screenshot(path=str(SCREENSHOTS / "widget-greeting.png"))

    page.reload()
    expect(page.get_by_test_id("chat-panel")).to_be_visible()
    expect(page.locator('[data-testid="chat-message"][data-direction="in"]').first).to_contain_text("xin chao")
    expect(bot_messages(page).first).to_contain_text("con chào")
    expect(bot_messages(page)).to_have_count(1)  # resumed, not duplicated
    page.screenshot(path=str(SCREENSHOTS / "widget-after-reload.png"))
    page.close()


def test_quick_reply_and_faq_answer_on_a_phone(stack, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(stack.gateway_url + "/")
    page.get_by_test_id("chat-bubble").click()
    page.get_by_test_id("chat-input").fill("chào bạn")
    page.get_by_test_id("chat-send").click()
    expect(page.get_by_test_id("chat-button").first).to_be_visible(timeout=20_000)
    page.get_by_test_id("chat-button").first.click()  # "Cài và kích hoạt VNeID"
    expect(bot_messages(page)).to_have_count(2, timeout=20_000)
    expect(bot_messages(page).last).to_contain_text("VNeID")
    panel = page.get_by_test_id("chat-panel").bounding_box()
    assert panel["width"] <= 360  # full-screen panel, no sideways scrolling
    page.get_by_test_id("bigtext-toggle").click()
    page.screenshot(path=str(SCREENSHOTS / "widget-phone-bigtext.png"))
    page.close()


def test_script_in_a_message_is_shown_as_text(stack, browser):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(stack.gateway_url + "/")
    page.get_by_test_id("chat-bubble").click()
    page.get_by_test_id("chat-input").fill('<img src=x onerror="alert(1)"><b>đậm</b>')
    page.get_by_test_id("chat-send").click()
    expect(bot_messages(page).first).to_be_visible(timeout=20_000)
    mine = page.locator('[data-testid="chat-message"][data-direction="in"] [data-testid="chat-message-text"]').first
    expect(mine).to_have_text('<img src=x onerror="alert(1)"><b>đậm</b>')
    assert page.locator('[data-testid="chat-messages"] img, [data-testid="chat-messages"] b').count() == 0
    assert dialogs == []
    page.close()


def _stored(stack, sql: str, **params) -> list[tuple]:
    """Rows of the stack's own databases (app.db, rasa_tracker.db), read as its files are."""
    import sqlite3

    database = "rasa_tracker.db" if " events" in sql else "app.db"
    with sqlite3.connect(stack.workdir / database) as connection:
        return connection.execute(sql, params).fetchall()


def test_erasing_the_conversation_asks_first_then_clears_server_and_browser(stack, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(stack.gateway_url + "/")
    page.get_by_test_id("chat-bubble").click()
    page.get_by_test_id("chat-input").fill("xin chao")
    page.get_by_test_id("chat-send").click()
    expect(bot_messages(page).first).to_contain_text("con chào", timeout=20_000)
    sender = page.evaluate("localStorage.getItem('tlsp.sender')")
    [(conversation_id,)] = _stored(stack, "SELECT id FROM conversations WHERE channel = 'web' AND external_id = :s", s=sender)
    assert _stored(stack, "SELECT count(*) FROM events WHERE sender_id = :s", s=f"conv-{conversation_id}")[0][0] > 0
    page.evaluate("sessionStorage.setItem('tlsp.draft', 'kept by another version of the widget')")

    page.get_by_test_id("chat-erase").click()  # asks first; «Không» keeps everything
    expect(page.get_by_test_id("erase-ask")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "widget-erase-ask.png"))
    page.get_by_test_id("erase-cancel").click()
    expect(page.get_by_test_id("erase-ask")).to_be_hidden()
    expect(bot_messages(page)).to_have_count(1)
    assert _stored(stack, "SELECT count(*) FROM messages WHERE conversation_id = :c", c=conversation_id)[0][0] == 2

    page.get_by_test_id("chat-erase").click()
    page.get_by_test_id("erase-confirm").click()
    expect(page.get_by_test_id("chat-notice")).to_contain_text("đã được xóa", timeout=10_000)
    expect(page.get_by_test_id("chat-message")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "widget-erased.png"))
    kept = page.evaluate(
        "[localStorage, sessionStorage].flatMap((s) => Object.keys(s).filter((k) => k.startsWith('tlsp.')).map((k) => [k, s.getItem(k)]))"
    )
    kept = dict(kept)
    # a new resident id (or none yet), and no token but the new resident's: the old one is gone
    assert kept.get("tlsp.sender") != sender
    assert not kept.get("tlsp.token") or kept["tlsp.token"].startswith(kept["tlsp.sender"] + ".")
    assert kept.get("tlsp.messages") in (None, "[]")
    assert _stored(stack, "SELECT count(*) FROM messages WHERE conversation_id = :c", c=conversation_id)[0][0] == 0
    assert _stored(stack, "SELECT channel FROM conversations WHERE id = :c", c=conversation_id) == [("erased",)]
    assert _stored(stack, "SELECT count(*) FROM events WHERE sender_id = :s", s=f"conv-{conversation_id}")[0][0] == 0

    page.get_by_test_id("chat-input").fill("xin chao")  # starts afresh: a new conversation, a new tracker
    page.get_by_test_id("chat-send").click()
    expect(bot_messages(page).first).to_contain_text("con chào", timeout=20_000)
    new_sender = page.evaluate("localStorage.getItem('tlsp.sender')")
    [(new_id,)] = _stored(stack, "SELECT id FROM conversations WHERE channel = 'web' AND external_id = :s", s=new_sender)
    assert new_id != conversation_id and new_sender != sender
    page.close()
