"""Every /admin route: anonymous → log-in page, volunteer → 403, no CSRF token → 403, nothing changed."""

from __future__ import annotations

import pytest
from fastapi.routing import iter_route_contexts

from tests.bot.admin.helpers import entry, form_of, versions
from tests.bot.auth.helpers import add_user, logged_in

FAQ = "vneid-quen-mat-khau"
GETS = [
    "/admin",
    "/admin/faqs",
    "/admin/faqs/new",
    f"/admin/faqs/{FAQ}",
    f"/admin/faqs/{FAQ}/history",
    "/admin/unanswered",
    "/admin/try",
    "/admin/ward",
    "/admin/import-export",
    "/admin/export.csv",
    "/admin/export.xlsx",
    "/admin/access-log",
    "/admin/thong-ke",
    "/admin/thong-ke/hoi-gi",
    "/admin/thong-ke/csv/tong-quan.csv",
    "/admin",
    "/admin/ra-soat",
    "/admin/canned",
    "/admin/chu-de",
    "/admin/duty",
    "/admin/phone-reads",
]
POSTS = [
    "/admin/faqs/new",
    f"/admin/faqs/{FAQ}",
    f"/admin/faqs/{FAQ}/revert",
    "/admin/unanswered/phrasing",
    "/admin/unanswered/dismiss",
    "/admin/ward",
    "/admin/import",
    f"/admin/faqs/{FAQ}/reviewed",
    "/admin/canned",
    "/admin/canned/1/delete",
    "/admin/chu-de",
    "/admin/chu-de/move",
    "/admin/chu-de/remove",
    "/admin/duty/shifts",
    "/admin/duty/shifts/1/delete",
    "/admin/duty/holidays",
    "/admin/duty/holidays/2026-12-24/delete",
]
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def test_the_lists_cover_every_admin_route(client):
    declared = set()
    for context in iter_route_contexts(client.app.routes):  # routes of included routers, with their full paths
        path = context.path
        if path.startswith("/admin"):
            for method in getattr(context.original_route, "methods", ()):
                if method != "HEAD":
                    declared.add(
                        (
                            method,
                            path.replace("{entry_id}", FAQ)
                            .replace("{slug}", "hoi-gi")
                            .replace("{key}", "tong-quan")
                            .replace("{reply_id}", "1")
                            .replace("{shift_id}", "1")
                            .replace("{day}", "2026-12-24"),
                        )
                    )
    covered = {("GET", p) for p in GETS} | {("GET", "/admin/")} | {("POST", p) for p in POSTS}
    assert len(declared) >= len(GETS), "the admin routes were not found: this test would check nothing"
    assert declared <= covered, declared - covered


@pytest.mark.parametrize("path", GETS)
def test_anonymous_pages_redirect_to_login(client, seeded, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path}"


def test_the_next_path_keeps_its_query(client, seeded):
    response = client.get("/admin/faqs?q=tam tru&status=draft", follow_redirects=False)
    assert response.headers["location"] == "/login?next=/admin/faqs%3Fq%3Dtam%2520tru%26status%3Ddraft"


@pytest.mark.parametrize("path", POSTS)
def test_anonymous_posts_redirect_to_login_and_change_nothing(client, seeded, path):
    before = versions(seeded, FAQ)
    response = client.post(path, data={"title": "x", "version": "1"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert len(versions(seeded, FAQ)) == len(before)


@pytest.fixture
def volunteer(client, seeded) -> str:
    add_user(seeded, "tnv", "volunteer")
    return logged_in(client, "tnv")


@pytest.mark.parametrize("path", GETS)
def test_volunteers_get_a_vietnamese_403_page(client, volunteer, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.text
    assert response.headers["content-type"].startswith("text/html")
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


@pytest.mark.parametrize("path", POSTS)
def test_volunteers_cannot_post_even_with_their_csrf_token(client, volunteer, seeded, path):
    before = len(versions(seeded, FAQ))
    response = client.post(path, data={"csrf_token": volunteer, "version": "1", "title": "x"}, follow_redirects=False)
    assert response.status_code == 403
    assert len(versions(seeded, FAQ)) == before


def test_admins_may_use_the_editor(client, seeded):
    add_user(seeded, "boss", "admin")
    logged_in(client, "boss")
    assert client.get("/admin/faqs").status_code == 200


@pytest.mark.parametrize("path", ["/admin/faqs", f"/admin/faqs/{FAQ}", "/admin/ward", "/admin/unanswered", "/admin/try?q=a"])
def test_editor_pages_send_the_security_headers(client, csrf, path):
    response = client.get(path)
    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("token", [None, "", "sai-token-gia-mao"])
def test_posts_without_the_right_csrf_token_are_refused(client, csrf, seeded, token):
    before = entry(seeded, FAQ)
    data = form_of(before, answer="Câu trả lời giả mạo")
    if token is not None:
        data["csrf_token"] = token
    response = client.post(f"/admin/faqs/{FAQ}", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "hết hạn hoặc không hợp lệ" in response.text
    after = entry(seeded, FAQ)
    assert after.answer == before.answer and after.version == before.version


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/admin/faqs/new", {"entry_id": "cau-moi", "category_id": "vneid", "title": "T", "questions": "q", "answer": "a"}),
        (f"/admin/faqs/{FAQ}/revert", {"version": "1"}),
        ("/admin/ward", {"ward_name": "Phường Giả"}),
        ("/admin/unanswered/dismiss", {"message_ids": "1"}),
    ],
)
def test_every_form_checks_the_csrf_token(client, csrf, seeded, path, data):
    before = len(versions(seeded, FAQ))
    response = client.post(path, data={**data, "csrf_token": csrf[::-1]}, follow_redirects=False)
    assert response.status_code == 403
    assert entry(seeded, "cau-moi") is None and len(versions(seeded, FAQ)) == before
    assert "Phường Giả" not in client.get("/admin/ward").text


def test_the_csrf_header_works_too(client, csrf, seeded):
    data = form_of(entry(seeded, FAQ), title="Quên mật khẩu VNeID (đã sửa)")
    response = client.post(f"/admin/faqs/{FAQ}", data=data, headers={"X-CSRF-Token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert entry(seeded, FAQ).title == "Quên mật khẩu VNeID (đã sửa)"
