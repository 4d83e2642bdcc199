"""The FAQ editor: list and search, create, publish (live at once), edit, unpublish, history, revert."""

from __future__ import annotations

import html
import re

import pytest

from tests.bot.admin.helpers import count_entries, entry, form_of, search_ids, versions

FAQ = "vneid-quen-mat-khau"
NEW = {
    "entry_id": "phuong-gui-xe-dap",
    "category_id": "phuong",
    "title": "Gửi xe đạp ở trụ sở phường",
    "questions": "Gửi xe đạp ở phường có mất tiền không?\r\ngui xe dap o phuong co mat tien khong",
    "answer": "Dạ, gửi xe đạp tại {ward_name} được miễn phí ạ.\r\nBác dựng xe đúng chỗ giúp con.",
    "links": "Cổng Dịch vụ công quốc gia | https://dichvucong.gov.vn",
    "source": "Quy định của phường",
    "last_reviewed": "2026-11-23",
    "tags": "gui xe, xe dap , gui xe",
}


def post(client, path, csrf, data, **kwargs):
    return client.post(path, data={**data, "csrf_token": csrf}, follow_redirects=False, **kwargs)


def test_list_shows_counts_and_links(client, csrf):
    page = client.get("/admin/faqs")
    assert page.status_code == 200
    total = count_entries(client.app.state.settings.database_url)
    assert f"Tổng cộng <strong>{total}</strong> câu hỏi" in page.text
    assert f'href="/admin/faqs/{FAQ}"' in page.text
    assert "Quên mật khẩu hoặc passcode VNeID" in page.text


def test_search_without_accents_finds_accented_titles(client, csrf):
    page = client.get("/admin/faqs", params={"q": "quen mat khau"})
    rows = re.findall(r'data-testid="faq-row" data-id="([^"]+)"', page.text)
    assert FAQ in rows
    assert len(rows) < count_entries(client.app.state.settings.database_url)
    # and teencode the normaliser knows
    assert FAQ in re.findall(r'data-id="([^"]+)"', client.get("/admin/faqs", params={"q": "QUÊN MK"}).text)


def test_filters_by_category_and_status(client, csrf, seeded):
    page = client.get("/admin/faqs", params={"category": "vneid", "status": "published"})
    rows = re.findall(r'data-testid="faq-row" data-id="([^"]+)"', page.text)
    assert rows and all(r.startswith("vneid-") for r in rows)
    assert 'data-testid="faq-empty"' in client.get("/admin/faqs", params={"status": "draft"}).text


def test_create_makes_a_draft_that_residents_cannot_find(client, csrf, seeded):
    response = post(client, "/admin/faqs/new", csrf, NEW)
    assert response.status_code == 303 and response.headers["location"] == "/admin/faqs/phuong-gui-xe-dap?msg=created"
    created = entry(seeded, "phuong-gui-xe-dap")
    assert created.status == "draft" and created.updated_by == "lan"
    assert [q.text for q in created.questions] == NEW["questions"].split("\r\n")
    assert created.answer == "Dạ, gửi xe đạp tại {ward_name} được miễn phí ạ.\nBác dựng xe đúng chỗ giúp con."
    assert created.links == [{"title": "Cổng Dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn"}]
    assert created.tags == ["gui xe", "xe dap"]
    assert [(v.version, v.action, v.changed_by) for v in versions(seeded, created.id)] == [(1, "create", "lan")]
    assert "phuong-gui-xe-dap" not in search_ids(client, "gửi xe đạp ở phường có mất tiền không", k=20)
    page = client.get(response.headers["location"])
    assert "Đã tạo câu hỏi (bản nháp)" in page.text and "Bản nháp" in page.text


def test_publish_makes_it_searchable_at_once(client, csrf, seeded):
    post(client, "/admin/faqs/new", csrf, NEW)
    question = "gửi xe đạp ở phường có mất tiền không"
    assert "phuong-gui-xe-dap" not in search_ids(client, question)  # index built on the draft state
    response = post(client, "/admin/faqs/phuong-gui-xe-dap", csrf, form_of(entry(seeded, "phuong-gui-xe-dap"), action="publish"))
    assert response.headers["location"].endswith("?msg=published")
    assert entry(seeded, "phuong-gui-xe-dap").status == "published"
    assert search_ids(client, question)[0] == "phuong-gui-xe-dap"
    assert [v.action for v in versions(seeded, "phuong-gui-xe-dap")] == ["publish", "create"]


def test_create_and_publish_in_one_step(client, csrf, seeded):
    response = post(client, "/admin/faqs/new", csrf, {**NEW, "action": "publish"})
    assert response.headers["location"].endswith("?msg=created_published")
    assert search_ids(client, "gui xe dap o phuong co mat tien khong")[0] == "phuong-gui-xe-dap"


def test_editing_a_published_answer_is_live_for_the_next_search_and_answer(client, csrf, seeded):
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.answer_question import ActionAnswerQuestion
    from knowledge import live
    from knowledge.database import make_engine, make_sessionmaker

    question = "lấy lại mật khẩu VNeID"  # a question the bot answers outright (no "which one?")
    # the action server's own live index on the same database, as a separate process has
    action_index = live.LiveIndex(make_sessionmaker(make_engine(seeded)))
    live.use(action_index)

    async def bot_answer() -> str:
        dispatcher = CollectingDispatcher()
        latest = {"text": question, "intent": {"name": "ask_question", "confidence": 0.9}, "entities": []}
        await ActionAnswerQuestion().run(dispatcher, Tracker("conv-1", {}, latest, [], False, None, {}, "action_listen"), {})
        return dispatcher.messages[0]["text"]

    import asyncio

    try:
        assert "Mã kiểm tra mới" not in asyncio.run(bot_answer())
        assert search_ids(client, question)[0] == FAQ
        before = entry(seeded, FAQ)
        new_answer = "Dạ, Bác mở VNeID, bấm «Quên mật khẩu». Mã kiểm tra mới: 4711."
        response = post(client, f"/admin/faqs/{FAQ}", csrf, form_of(before, answer=new_answer))
        assert response.headers["location"] == f"/admin/faqs/{FAQ}?msg=saved_live"
        after = entry(seeded, FAQ)
        assert after.status == "published" and after.answer == new_answer and after.version == before.version + 1
        assert search_ids(client, question)[0] == FAQ
        assert client.app.state.kb_index.find(FAQ).answer == new_answer  # the gateway's index
        assert "Bác mở VNeID, bấm «Quên mật khẩu». Mã kiểm tra mới: 4711." in asyncio.run(bot_answer())  # the bot's next answer
    finally:
        live.use(None)


def test_unpublish_removes_it_from_search(client, csrf, seeded):
    question = "quen mat khau vneid phai lam sao"
    assert search_ids(client, question)[0] == FAQ
    response = post(client, f"/admin/faqs/{FAQ}", csrf, form_of(entry(seeded, FAQ), action="unpublish"))
    assert response.headers["location"].endswith("?msg=unpublished")
    assert entry(seeded, FAQ).status == "draft"
    assert FAQ not in search_ids(client, question, k=20)


def test_saving_without_changes_adds_no_version(client, csrf, seeded):
    before = versions(seeded, FAQ)
    response = post(client, f"/admin/faqs/{FAQ}", csrf, form_of(entry(seeded, FAQ)))
    assert response.headers["location"].endswith("?msg=unchanged")
    assert len(versions(seeded, FAQ)) == len(before)


def test_history_lists_versions_and_revert_restores_an_old_text(client, csrf, seeded):
    original = entry(seeded, FAQ)
    post(client, f"/admin/faqs/{FAQ}", csrf, form_of(original, answer="Bản sửa thứ nhất."))
    post(client, f"/admin/faqs/{FAQ}", csrf, form_of(entry(seeded, FAQ), answer="Bản sửa thứ hai.", title="Tiêu đề mới"))
    page = client.get(f"/admin/faqs/{FAQ}/history")
    assert page.status_code == 200
    numbers = re.findall(r'data-testid="version" data-version="(\d+)"', page.text)
    assert numbers == [str(original.version + 2), str(original.version + 1), str(original.version)]
    assert "lan" in page.text and "Sửa" in page.text and "Nạp từ tệp nội dung" in page.text
    assert "Tiêu đề mới" in page.text and "Bản sửa thứ hai." in page.text
    assert f'data-testid="revert-{original.version}"' in page.text
    assert f'data-testid="revert-{original.version + 2}"' not in page.text  # the current one
    response = post(client, f"/admin/faqs/{FAQ}/revert", csrf, {"version": str(original.version)})
    assert response.status_code == 303 and response.headers["location"].endswith("/history?msg=reverted")
    restored = entry(seeded, FAQ)
    assert restored.answer == original.answer and restored.title == original.title
    assert restored.version == original.version + 3
    assert versions(seeded, FAQ)[0].action == "revert"
    assert search_ids(client, "quen mat khau vneid")[0] == FAQ
    assert client.app.state.kb_index.find(FAQ).answer == original.answer


def test_revert_to_a_missing_version_is_404(client, csrf, seeded):
    response = post(client, f"/admin/faqs/{FAQ}/revert", csrf, {"version": "999"})
    assert response.status_code == 404 and "Không tìm thấy" in response.text


def test_unknown_entry_is_404(client, csrf):
    assert client.get("/admin/faqs/khong-co-cau-nay").status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"entry_id": "Có Dấu"}, "entry_id", "Mã câu hỏi chỉ gồm chữ thường không dấu"),
        ({"entry_id": "ab"}, "entry_id", "dài 3–120 ký tự"),
        ({"entry_id": FAQ}, "entry_id", "đã có"),
        ({"title": "   "}, "title", "Tiêu đề không được để trống."),
        ({"questions": "\r\n  \r\n"}, "questions", "Cần ít nhất một cách hỏi"),
        ({"answer": ""}, "answer", "Câu trả lời không được để trống."),
        ({"links": "Trang lạ | javascript:alert(1)"}, "links", "phải bắt đầu bằng http:// hoặc https://"),
        ({"links": "https://dichvucong.gov.vn"}, "links", "phải có dạng «Tiêu đề | https://…»"),
        ({"category_id": "khong-co"}, "category_id", "Chọn một chủ đề."),
        ({"answer": "chữ " * 81}, "answer", "tối đa 80"),
        ({"rules": "Giảm phí | 2026-13-01 |"}, "rules", "ngày phải có thật"),
        ({"rules": "Giảm phí | 2026-12-31 | 2026-01-01"}, "rules", "ngày hết hạn phải sau ngày bắt đầu"),
        ({"rules": "Giảm phí"}, "rules", "cần ít nhất ngày bắt đầu hoặc ngày hết hạn"),
    ],
)
def test_invalid_new_entries_come_back_with_messages_and_the_input_kept(client, csrf, seeded, changes, field, message):
    before = count_entries(seeded)
    data = {**NEW, **changes, "title": changes.get("title", "Tiêu đề giữ nguyên <b>đậm</b>")}
    response = post(client, "/admin/faqs/new", csrf, data)
    assert response.status_code == 422
    assert message in html.unescape(response.text)
    assert f'id="{field}-error"' in response.text and 'aria-invalid="true"' in response.text
    assert html.escape(data["answer"].replace("\r\n", "\n"), quote=False) in response.text  # kept as typed
    if field != "title":
        assert "Tiêu đề giữ nguyên &lt;b&gt;đậm&lt;/b&gt;" in response.text
    assert count_entries(seeded) == before


def test_invalid_edit_changes_nothing(client, csrf, seeded):
    before = entry(seeded, FAQ)
    response = post(client, f"/admin/faqs/{FAQ}", csrf, form_of(before, title="", answer="Câu mới chưa lưu"))
    assert response.status_code == 422
    assert "Tiêu đề không được để trống." in response.text and "Câu mới chưa lưu" in response.text
    after = entry(seeded, FAQ)
    assert (after.title, after.answer, after.version) == (before.title, before.answer, before.version)


def test_a_stale_form_is_not_saved_over_a_newer_version(client, csrf, seeded):
    stale = form_of(entry(seeded, FAQ), answer="Bản của người thứ nhất")
    post(client, f"/admin/faqs/{FAQ}", csrf, form_of(entry(seeded, FAQ), answer="Bản của người thứ hai"))
    response = post(client, f"/admin/faqs/{FAQ}", csrf, stale)
    assert response.status_code == 409 and "đã lưu phiên bản" in response.text
    assert entry(seeded, FAQ).answer == "Bản của người thứ hai"
    # the form came back with the current version: saving again overwrites on purpose
    token = re.search(r'name="version" value="(\d+)"', response.text).group(1)
    post(client, f"/admin/faqs/{FAQ}", csrf, {**stale, "version": token})
    assert entry(seeded, FAQ).answer == "Bản của người thứ nhất"


def test_preview_fills_ward_facts_escapes_and_keeps_line_breaks(client, csrf, seeded):
    data = form_of(
        entry(seeded, FAQ),
        answer="Dạ, mời Bác đến {ward_name}.\r\n<script>alert(1)</script> xem https://vneid.gov.vn/huong-dan.",
        links="Trang <i>VNeID</i> | https://vneid.gov.vn",
        action="preview",
    )
    before = entry(seeded, FAQ)
    response = post(client, f"/admin/faqs/{FAQ}", csrf, data)
    assert response.status_code == 200
    preview = response.text.split('data-testid="preview-text">', 1)[1].split("</div>", 1)[0]
    ward_name = client.app.state.settings.ward_name
    assert preview.startswith(f"Dạ, mời Bác đến {ward_name}.\n&lt;script&gt;alert(1)&lt;/script&gt; xem ")
    assert '<a class="tlsp-link" href="https://vneid.gov.vn/huong-dan" target="_blank" rel="noopener noreferrer">' in preview
    assert "🔗 Trang &lt;i&gt;VNeID&lt;/i&gt;: " in preview
    assert "<script>" not in response.text
    assert entry(seeded, FAQ).version == before.version  # a preview saves nothing


def test_new_form_lists_categories(client, csrf):
    page = client.get("/admin/faqs/new")
    assert page.status_code == 200 and '<option value="vneid"' in page.text and 'name="entry_id"' in page.text


def test_steps_rules_and_no_link_are_kept_as_fields(client, csrf, seeded):
    data = {
        **NEW,
        "steps": "1. Mở ứng dụng VNeID.\r\nBước 2: Bấm «Đăng nhập».\r\n\r\n",
        "links": "",
        "rules": "Miễn phí gửi xe đạp | 2026-01-01 | 2026-12-31",
        "no_link": "Quy định riêng của phường",
    }
    response = post(client, "/admin/faqs/new", csrf, data)
    assert response.status_code == 303
    stored = entry(seeded, NEW["entry_id"])
    assert stored.steps == ["Mở ứng dụng VNeID.", "Bấm «Đăng nhập»."]
    assert stored.rules == [{"note": "Miễn phí gửi xe đạp", "valid_from": "2026-01-01", "valid_until": "2026-12-31"}]
    assert stored.no_link == "Quy định riêng của phường"
    page = client.get(f"/admin/faqs/{NEW['entry_id']}").text
    assert "Miễn phí gửi xe đạp | 2026-01-01 | 2026-12-31" in page and 'data-testid="preview-step"' in page


@pytest.mark.parametrize("version", [str(2**64), "²", "0", "+1"])
def test_revert_to_an_impossible_version_is_a_clear_422(client, csrf, seeded, version):
    response = post(client, f"/admin/faqs/{FAQ}/revert", csrf, {"version": version})
    assert response.status_code == 422 and response.json()["error"] == "invalid_request"  # 2^64 was a 500 (issue 17)


def test_new_form_ignores_ids_that_are_not_ascii_numbers(client, csrf):
    response = client.get("/admin/faqs/new", params={"from": "²,١٢," + str(2**64)})
    assert response.status_code == 200  # «²» was a 500 (issue 17)
