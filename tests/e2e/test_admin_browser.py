"""Staff edit an answer in the editor (real Chromium); the resident widget gets it on the next question.

The real stack: the gateway serves the editor, Rasa and the action server answer the resident,
and the action server sees the edit through the knowledge base's revision counter.
"""

from __future__ import annotations

import subprocess
import uuid

import pytest
from playwright.sync_api import expect

from devtools.stack import GATEWAY_PY, ROOT

SCREENSHOTS = ROOT / "var" / "screenshots"
FAQ = "vneid-quen-mat-khau"
QUESTION = "quên mật khẩu vneid thì làm sao"
TITLE = "Quên mật khẩu hoặc passcode VNeID"
USERNAME, PASSWORD = "canbo-e2e", "mat-khau-e2e-that-dai"


@pytest.fixture(scope="module")
def staff_account(stack):
    """Made as an operator makes it: the CLI, on the stack's database, password from the environment."""
    env = {**stack.gateway_env(), "E2E_STAFF_PASSWORD": PASSWORD}
    done = subprocess.run(
        [
            str(GATEWAY_PY),
            "-m",
            "bot.auth.cli",
            "create-user",
            "--role",
            "staff",
            "--username",
            USERNAME,
            "--display-name",
            "Cán bộ thử nghiệm",
            "--password-env",
            "E2E_STAFF_PASSWORD",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return USERNAME


def ask_in_widget(browser, stack, question: str, title: str):
    """A resident's fresh browser asks one question and reads the answer about `title`.

    The bot may answer at once, or first ask "which one of these?" when two entries are close
    (VNeID and VssID both have a "forgot password" entry); the resident then taps the entry.
    Returns the page and the locator of the bot's answer (it opens «Dạ, về «<title>»:»; alternatives may follow it).
    """
    resident = browser.new_context(viewport={"width": 1280, "height": 800})
    page = resident.new_page()
    page.goto(stack.gateway_url + "/")
    page.get_by_test_id("chat-bubble").click()
    page.get_by_test_id("chat-input").fill(question)
    page.get_by_test_id("chat-send").click()
    bot = page.locator('[data-testid="chat-message"][data-direction="out"]')
    expect(bot.first).to_be_visible(timeout=30_000)
    choice = page.get_by_test_id("chat-button").filter(has_text=title)
    answer = bot.filter(has_text=f"Dạ, về «{title}»")  # an answer names what it answers
    if not answer.count() and choice.count():
        choice.first.click()
    expect(answer.last).to_be_visible(timeout=30_000)
    return page, answer.last


def test_staff_edit_is_the_residents_next_answer(stack, browser, staff_account):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    marker = f"Mã kiểm tra thử nghiệm {uuid.uuid4().hex[:8]}: cán bộ vừa sửa câu này."
    staff = browser.new_context(viewport={"width": 1366, "height": 900})
    editor = staff.new_page()
    dialogs: list[str] = []
    editor.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))

    # not logged in: the editor sends to the log-in page, then back to the entry
    editor.goto(f"{stack.gateway_url}/admin/faqs/{FAQ}")
    expect(editor).to_have_url(f"{stack.gateway_url}/login?next=/admin/faqs/{FAQ}")
    editor.get_by_label("Tên đăng nhập").fill(staff_account)
    editor.get_by_label("Mật khẩu").fill(PASSWORD)
    editor.get_by_role("button", name="Đăng nhập").click()
    expect(editor).to_have_url(f"{stack.gateway_url}/admin/faqs/{FAQ}")
    expect(editor.get_by_test_id("current-user")).to_have_text("Cán bộ thử nghiệm")
    expect(editor.get_by_test_id("entry-status")).to_have_text("Đã xuất bản")

    answer_box = editor.locator("#answer")
    original = answer_box.input_value()
    answer_box.fill(marker + "\n" + original)
    editor.get_by_test_id("preview-button").click()  # the unsaved text in the widget's look
    expect(editor.get_by_test_id("preview-text")).to_contain_text(marker)
    editor.get_by_test_id("save").click()
    expect(editor.get_by_role("status")).to_contain_text("Câu trả lời mới có hiệu lực ngay")
    expect(editor.get_by_test_id("entry-status")).to_have_text("Đã xuất bản")
    expect(editor.get_by_test_id("preview-text")).to_contain_text(marker)
    editor.screenshot(path=str(SCREENSHOTS / "admin-faq-saved.png"), full_page=True)

    # a resident asks in the widget: the answer (through Rasa and the action server) is the new one
    page, answer = ask_in_widget(browser, stack, QUESTION, TITLE)
    expect(answer).to_contain_text(marker, timeout=30_000)
    page.screenshot(path=str(SCREENSHOTS / "admin-edit-live-in-widget.png"))
    page.context.close()

    # staff put the old text back from the history; the next resident gets the old answer again
    editor.get_by_role("link", name="Lịch sử").first.click()
    expect(editor.get_by_test_id("version").first).to_contain_text("Sửa")
    versions = editor.get_by_test_id("version")
    previous = versions.nth(1).get_attribute("data-version")
    editor.get_by_test_id(f"revert-{previous}").click()
    expect(editor.get_by_role("status")).to_contain_text("Đã khôi phục phiên bản cũ")
    assert dialogs and "Khôi phục phiên bản" in dialogs[0]
    editor.screenshot(path=str(SCREENSHOTS / "admin-faq-history.png"), full_page=True)

    page, answer = ask_in_widget(browser, stack, QUESTION, TITLE)
    expect(answer).to_contain_text("Quên mật khẩu", timeout=30_000)
    expect(answer).not_to_contain_text(marker)
    page.context.close()
    staff.close()


def test_a_wrong_password_is_refused_in_the_browser(stack, browser, staff_account):
    context = browser.new_context()
    page = context.new_page()
    page.goto(stack.gateway_url + "/login")
    page.get_by_label("Tên đăng nhập").fill(staff_account)
    page.get_by_label("Mật khẩu").fill("sai-mat-khau-roi")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_test_id("login-error")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value(staff_account)
    page.screenshot(path=str(SCREENSHOTS / "admin-login-error.png"))
    context.close()
