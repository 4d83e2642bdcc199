"""Text from staff and residents is shown as text on every page: no markup gets through."""

from __future__ import annotations

from pathlib import Path

from tests.bot.admin.helpers import entry, form_of

FAQ = "vneid-quen-mat-khau"
TEMPLATES = Path(__file__).resolve().parents[3] / "bot" / "templates"
TITLE = '<script>alert("tieu-de")</script>Quên mật khẩu'
ANSWER = 'Dạ <img src=x onerror="alert(1)"> bấm <a href="javascript:alert(2)">đây</a>'
QUESTION = "<b>quên</b> mật khẩu vneid <svg onload=alert(3)>"


def test_markup_in_titles_answers_and_questions_is_escaped_everywhere(client, csrf, seeded):
    data = form_of(entry(seeded, FAQ), title=TITLE, answer=ANSWER, questions=QUESTION + "\nquen mat khau vneid")
    assert client.post(f"/admin/faqs/{FAQ}", data={**data, "csrf_token": csrf}).status_code == 200
    pages = {
        "list": client.get("/admin/faqs").text,
        "search": client.get("/admin/faqs", params={"q": "quen mat khau"}).text,
        "edit": client.get(f"/admin/faqs/{FAQ}").text,
        "history": client.get(f"/admin/faqs/{FAQ}/history").text,
        "try": client.get("/admin/try", params={"q": '<script>alert("q")</script> quen mat khau vneid'}).text,
        "unanswered": client.get("/admin/unanswered").text,
    }
    for name, page in pages.items():
        for raw in ("<script>alert", "<img src=x", 'href="javascript:', "<svg onload", "<b>quên</b>"):
            assert raw not in page, (name, raw)
    assert "&lt;script&gt;alert(&#34;tieu-de&#34;)&lt;/script&gt;Quên mật khẩu" in pages["list"]
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in pages["edit"]
    assert "&lt;b&gt;quên&lt;/b&gt;" in pages["edit"]
    assert "&lt;script&gt;alert(&#34;tieu-de&#34;)&lt;/script&gt;" in pages["try"]
    assert "&lt;img src=x" in pages["history"]


def test_search_api_returns_titles_as_data(client, csrf, seeded):
    data = form_of(entry(seeded, FAQ), title=TITLE)
    client.post(f"/admin/faqs/{FAQ}", data={**data, "csrf_token": csrf})
    response = client.get("/api/kb/search", params={"q": "quên mật khẩu vneid", "k": 20})
    assert response.headers["content-type"] == "application/json"
    assert next(hit for hit in response.json() if hit["id"] == FAQ)["title"] == TITLE


def test_no_template_turns_escaping_off():
    for path in [TEMPLATES / "login.html", *(TEMPLATES / "admin").glob("*.html")]:
        text = path.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", "") and "autoescape false" not in text and "Markup(" not in text, path
