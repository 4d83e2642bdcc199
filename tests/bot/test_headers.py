"""Every HTML page carries a CSP that forbids <base> and forms posting elsewhere; /docs is off by default."""

from __future__ import annotations

import pytest
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.headers import API_DOCS_CSP, PAGES_CSP
from bot.settings import Settings
from tests.bot.auth.helpers import add_user, login

REQUIRED = ("base-uri 'none'", "form-action 'self'")


def has_the_policy(response) -> bool:
    policy = response.headers.get("content-security-policy", "")
    return all(part in policy for part in REQUIRED)


def test_the_demo_page_and_the_login_page(client):
    for path in ("/", "/login"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        assert has_the_policy(response), path


def test_the_editor_the_console_and_their_error_pages(client, database_url):
    add_user(database_url, "lan", "staff")
    add_user(database_url, "tu", "volunteer")
    assert login(client, "lan").status_code == 303
    for path, status in (("/admin/faqs", 200), ("/admin/faqs/khong-co-cau-nay", 404), ("/console", 403)):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == status and response.headers["content-type"].startswith("text/html"), path
        assert has_the_policy(response), path
    client.cookies.clear()
    assert login(client, "tu").status_code == 303
    response = client.get("/console")
    assert response.status_code == 200 and has_the_policy(response)


def test_any_other_html_page_gets_the_strict_default(settings):
    app = create_app(settings)

    @app.get("/trang-khac")
    def other_page() -> HTMLResponse:
        return HTMLResponse("<p>Trang khác</p>")

    with TestClient(app) as client:
        response = client.get("/trang-khac")
    assert response.headers["content-security-policy"] == PAGES_CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in client.get("/healthz").headers  # JSON needs none


def test_api_docs_are_off_by_default():
    assert Settings(_env_file=None).api_docs is False


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"])
def test_without_the_setting_the_api_docs_are_not_served(client, path):
    assert client.get(path).status_code == 404


def test_the_schema_is_still_built_for_tests_when_docs_are_off(client):
    schema = client.app.openapi()
    assert "/api/chat" in schema["paths"] and schema["info"]["title"] == "Trợ lý số phường"


def test_the_setting_turns_the_docs_on_under_their_own_policy(settings):
    with TestClient(create_app(settings.model_copy(update={"api_docs": True}))) as client:
        assert client.get("/openapi.json").status_code == 200
        for path in ("/docs", "/redoc"):
            response = client.get(path)
            assert response.status_code == 200
            assert response.headers["content-security-policy"] == API_DOCS_CSP and has_the_policy(response)
