"""Every editor page in real Chromium, as an admin: axe-core finds no serious or critical violation, a 2,000-character
word never makes a page wider than the screen, delete buttons are visible, and a new FAQ's id follows its title.

The pages are listed from bot/admin/routes.py, so a new page is checked without touching this file.
"""

from __future__ import annotations

import subprocess
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from bot.admin.routes import MODULES, router
from devtools.stack import GATEWAY_PY, ROOT
from tests.support.axe import describe, violations

SCREENSHOTS = ROOT / "var" / "screenshots"
USERNAME, PASSWORD = "quantri-axe", "mat-khau-quan-tri-that-dai"
FAQ = "vneid-quen-mat-khau"
DOWNLOADS = (".csv", ".xlsx")
LONG_WORD = "x" * 2000  # one unbroken "word", the most a message may hold


def admin_pages() -> list[str]:
    """Every GET page of the editor (downloads aside), with a real entry in the addresses that need one."""
    paths = set()
    routes = [(route, "") for route in router.routes] + [(r, router.prefix) for m in MODULES for r in m.router.routes]
    for route, prefix in routes:
        path = prefix + getattr(route, "path", "")
        if "GET" in getattr(route, "methods", ()) and path.startswith("/admin") and not path.endswith(DOWNLOADS):
            paths.add(path.rstrip("/").replace("{entry_id}", FAQ))  # "/admin/" is "/admin"
    assert all("{" not in path for path in paths), paths  # a new kind of address: give it an example here
    return sorted(paths)


@pytest.fixture(scope="module")
def admin_account(stack):
    env = {**stack.gateway_env(), "E2E_ADMIN_PASSWORD": PASSWORD}
    done = subprocess.run(
        [str(GATEWAY_PY), "-m", "bot.auth.cli", "create-user", "--role", "admin", "--username", USERNAME]
        + ["--display-name", "Quản trị thử nghiệm", "--password-env", "E2E_ADMIN_PASSWORD"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return USERNAME


@pytest.fixture(scope="module")
def long_question(stack):
    """A resident sends one unbroken 2,000-character string: the bot cannot answer it, so it is on the unanswered page."""
    reply = httpx.post(
        stack.gateway_url + "/api/chat", json={"sender": f"dai-{uuid.uuid4().hex[:8]}", "message": LONG_WORD}, timeout=60
    )
    assert reply.status_code == 200, reply.text
    return LONG_WORD


def log_in(browser, stack, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(stack.gateway_url + "/login?next=/admin")
    page.get_by_label("Tên đăng nhập").fill(USERNAME)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_test_id("current-user")).to_have_text("Quản trị thử nghiệm")
    return context, page


def page_width(page) -> tuple[int, int]:
    return page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")


def test_every_admin_page_passes_axe(stack, browser, admin_account, long_question):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = log_in(browser, stack, 1280, 800)
    pages = admin_pages()
    assert {"/admin", "/admin/duty", "/admin/unanswered", "/admin/faqs/new", f"/admin/faqs/{FAQ}"} <= set(pages)
    found = {}
    for path in pages:
        response = page.goto(stack.gateway_url + path)
        assert response is not None and response.status == 200, path
        problems = violations(page)
        if problems:
            found[path] = describe(problems)
        scroll, view = page_width(page)
        assert scroll <= view, f"{path} is {scroll} px wide in a {view} px window"
        name = path.strip("/").replace("/", "-") or "admin"
        page.screenshot(path=str(SCREENSHOTS / f"axe-{name}.png"), full_page=True)
    assert not found, "\n".join(f"{path}:\n{text}" for path, text in found.items())
    context.close()


def test_the_login_page_passes_axe(stack, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(stack.gateway_url + "/login")
    found = violations(page)
    assert not found, describe(found)
    assert page.evaluate("() => document.querySelector('link[rel=icon]').href").endswith("/static/favicon.svg")
    context.close()


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 800)])
def test_a_2000_character_word_wraps(stack, browser, admin_account, long_question, width, height):
    context, page = log_in(browser, stack, width, height)
    addresses = [
        "/admin/unanswered",
        f"/admin/faqs?q={long_question}",
        f"/admin/try?q={long_question}",
        "/admin/faqs/new?from=",
    ]
    page.goto(stack.gateway_url + "/admin/unanswered")
    expect(page.get_by_test_id("unanswered-group").filter(has_text=long_question[:50]).first).to_be_visible()
    for path in addresses:
        page.goto(stack.gateway_url + path)
        scroll, view = page_width(page)
        assert scroll <= view, f"{path} is {scroll} px wide in a {view} px window"
    page.goto(stack.gateway_url + "/admin/unanswered")
    page.screenshot(path=str(SCREENSHOTS / f"admin-unanswered-long-word-{width}.png"), full_page=False)
    context.close()


def contrast(page, selector: str) -> float:
    """WCAG contrast between an element's text and its (or its nearest painted ancestor's) background."""
    return page.evaluate(
        """(selector) => {
          const el = document.querySelector(selector);
          const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
          let bg = null;
          for (let n = el; n && !bg; n = n.parentElement) {
            const c = rgb(getComputedStyle(n).backgroundColor);
            if (c.length < 4 || c[3] > 0) bg = c;
          }
          bg = bg || [255, 255, 255];
          const lum = ([r, g, b]) => {
            const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)].sort((x, y) => y - x);
          return (a + 0.05) / (b + 0.05);
        }""",
        selector,
    )


def test_delete_buttons_are_visible_and_shifts_run_to_midnight(stack, browser, admin_account):
    context, page = log_in(browser, stack, 1280, 800)
    page.goto(stack.gateway_url + "/admin/duty")
    form = page.locator('form[action="/admin/duty/shifts"]')
    form.locator('select[name="weekday"]').select_option(label="Chủ nhật")
    form.locator('input[name="starts"]').fill("18:00")
    form.get_by_label("Đến hết ngày (24:00)").check()
    form.get_by_role("button", name="Thêm ca").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu lịch trực.")
    form.locator('select[name="weekday"]').select_option(label="Thứ Bảy")
    form.get_by_label("Cả ngày", exact=True).check()
    form.get_by_role("button", name="Thêm ca").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu lịch trực.")
    shifts = page.get_by_test_id("shifts")
    expect(shifts.get_by_role("row").filter(has_text="Chủ nhật").filter(has_text="24:00")).to_have_count(1)
    expect(shifts.get_by_role("row").filter(has_text="Thứ Bảy").filter(has_text="Cả ngày (00:00–24:00)")).to_have_count(1)
    delete = shifts.get_by_role("button", name="Xóa").first
    expect(delete).to_be_visible()
    assert contrast(page, '[data-testid="shifts"] button.danger') >= 4.5
    page.screenshot(path=str(SCREENSHOTS / "admin-duty.png"), full_page=True)

    # a canned reply's «Xóa» sits in its edit form: the button's own question is asked, and «Hủy» keeps the reply
    page.goto(stack.gateway_url + "/admin/canned")
    questions: list[str] = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    before = page.get_by_role("button", name="Xóa").count()
    page.get_by_role("button", name="Xóa").first.click()
    expect(page.get_by_role("button", name="Xóa")).to_have_count(before)
    assert questions and questions[0].startswith("Xóa câu trả lời mẫu")
    assert contrast(page, "button.danger") >= 4.5
    context.close()


def test_a_new_faqs_id_follows_its_title_until_edited(stack, browser, admin_account):
    context, page = log_in(browser, stack, 1280, 800)
    page.goto(stack.gateway_url + "/admin/faqs/new")
    page.locator("#title").fill("Đăng ký tạm trú cho người thuê nhà")
    ident = page.locator("#entry_id")
    expect(ident).to_have_value("dang-ky-tam-tru-cho-nguoi-thue-nha")
    ident.fill("tam-tru-nguoi-thue")
    page.locator("#title").fill("Đăng ký tạm trú")
    expect(ident).to_have_value("tam-tru-nguoi-thue")  # staff's own id is kept
    context.close()
