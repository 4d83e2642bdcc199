"""A favicon for every page, and HEAD answered wherever GET is (it was 405)."""

from __future__ import annotations

from tests.bot.auth.helpers import add_user, logged_in


def test_favicon_is_served_and_linked(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.content.startswith(b"<svg")
    assert client.get("/static/favicon.svg").status_code == 200
    for page in ("/", "/login"):
        assert '<link rel="icon" href="/static/favicon.svg"' in client.get(page).text


def test_editor_and_console_pages_link_the_favicon(client, database_url):
    add_user(database_url, "lan", "admin", display_name="Chị Lan")
    logged_in(client, "lan")
    for page in ("/admin/duty", "/console"):
        assert '<link rel="icon" href="/static/favicon.svg"' in client.get(page).text


def test_head_answers_like_get_without_a_body(client):
    for path in ("/", "/healthz", "/login", "/favicon.ico", "/static/admin.css"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
    assert client.head("/").headers["content-security-policy"]  # the page's headers, not only its status


def test_head_does_not_open_routes_without_get(client):
    assert client.head("/api/chat").status_code == 405  # POST only
    assert client.head("/no-such-page").status_code == 404
