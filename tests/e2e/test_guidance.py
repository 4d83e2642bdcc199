"""Short answers and step-by-step guidance on every channel, on the real stack (issue 15)."""

from __future__ import annotations

import asyncio
import uuid

from playwright.sync_api import expect

from tests.bot.channels.telegram import factory
from tests.bot.channels.telegram.factory import eventually
from tests.e2e.console_client import Console, create_user, next_frame
from tests.e2e.test_chat_api import chat
from tests.e2e.test_telegram import post

QUESTION = "làm hộ chiếu online như thế nào"
ENTRY = "ho-chieu-lam-online-cac-buoc"


def button(reply: dict, title: str) -> str:
    return next(b["payload"] for b in reply["buttons"] if b["title"] == title)


def test_steps_one_at_a_time_through_a_gateway_restart_then_a_volunteer_who_sees_the_step(stack):
    sender = uuid.uuid4().hex
    answer, *_ = chat(stack, sender, QUESTION)
    assert answer["meta"]["faq_id"] == ENTRY and answer["meta"]["reviewed"]
    assert [b["title"] for b in answer["buttons"]][:2] == ["Xem từng bước", "Gặp người hỗ trợ"]
    [first] = chat(stack, sender, button(answer, "Xem từng bước"))
    assert first["text"].startswith("Bước 1/") and [b["title"] for b in first["buttons"]] == ["Xong, bước tiếp", "Chưa làm được"]

    stack.stop_one("gateway")  # the step lives in the payloads and Rasa's tracker, not in the gateway
    stack.start_one("gateway")
    stack.wait_ready(timeout=120)

    [second] = chat(stack, sender, button(first, "Xong, bước tiếp"))
    assert second["text"].startswith("Bước 2/")
    [again] = chat(stack, sender, button(second, "Chưa làm được"))
    assert "Bước 2 là:" in again["text"] and "•" in again["text"]
    create_user(stack, "guide_vol", display_name="Lan")
    volunteer = Console(stack, "guide_vol")

    async def queue_row() -> dict:
        async with volunteer.socket() as ws:
            handing, queued = chat(stack, sender, button(again, "Gặp người hỗ trợ"))
            assert handing["meta"]["handoff_reason"] == "guide_stuck" and queued["meta"]["mode"] == "waiting"
            frame = await next_frame(ws, "queue", timeout=20, match=lambda f: any(t.get("context_label") for t in f["waiting"]))
            return next(t for t in frame["waiting"] if t.get("context_label"))

    row = asyncio.run(queue_row())
    assert row["reason"] == "guide_stuck" and row["context_label"].startswith("Bước 2/")
    assert "hộ chiếu" in row["context_label"].lower()
    claimed = volunteer.claim(row["ticket_id"])
    page = volunteer.http.get(f"/console/tickets/{claimed['ticket_id']}").text
    assert 'data-testid="ticket-context"' in page and "bước 2/" in page
    volunteer.resolve(claimed["ticket_id"])
    volunteer.close()


def test_asking_something_else_leaves_the_guidance(stack):
    sender = uuid.uuid4().hex
    answer, *_ = chat(stack, sender, QUESTION)
    [first] = chat(stack, sender, button(answer, "Xem từng bước"))
    replies = chat(stack, sender, "mat khau vneid quen roi lam lai sao")
    assert replies[0]["meta"]["faq_id"] == "vneid-quen-mat-khau" and not replies[0]["meta"].get("guide")


def test_steps_in_the_widget_survive_a_reload(stack, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(stack.gateway_url + "/")
    page.get_by_test_id("chat-bubble").click()
    page.get_by_test_id("chat-input").fill(QUESTION)
    page.get_by_test_id("chat-send").click()
    steps_button = page.get_by_role("button", name="Xem từng bước")
    expect(steps_button).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("chat-reviewed").first).to_contain_text("Cập nhật: ")
    steps_button.click()
    out = page.locator('[data-testid="chat-message"][data-direction="out"]')
    expect(out.last).to_contain_text("Bước 1/", timeout=30_000)
    page.reload()
    expect(out.last).to_contain_text("Bước 1/", timeout=30_000)
    out.last.get_by_role("button", name="Xong, bước tiếp").click()
    expect(out.last).to_contain_text("Bước 2/", timeout=30_000)
    page.close()


def test_steps_on_telegram(stack, fake_telegram):
    chat_id = 900050
    assert post(stack, factory.text(5501, chat_id, QUESTION)).status_code == 200
    answer = eventually(lambda: fake_telegram.sent(chat_id) and fake_telegram.sent(chat_id)[0], timeout=30, what="the answer")
    assert "Cập nhật: " in answer["text"]
    keyboard = [row[0] for row in answer["reply_markup"]["inline_keyboard"]]
    steps = next(b for b in keyboard if b["text"] == "Xem từng bước")
    assert post(stack, factory.callback(5502, chat_id, steps["callback_data"], "q-51")).status_code == 200

    def step_message():
        return next((m for m in fake_telegram.sent(chat_id) if m["text"].startswith("Bước 1/")), None)

    step = eventually(step_message, timeout=30, what="step 1")
    titles = [row[0]["text"] for row in step["reply_markup"]["inline_keyboard"]]
    assert titles == ["Xong, bước tiếp", "Chưa làm được"]
    stuck = step["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    assert post(stack, factory.callback(5503, chat_id, stuck, "q-52")).status_code == 200
    eventually(lambda: any("Bước 1 là:" in m["text"] for m in fake_telegram.sent(chat_id)), timeout=30, what="the step again")
