"""Who may use the console, and what it answers to bad requests."""

from __future__ import annotations

import re

import pytest

from tests.bot.auth.helpers import add_user, logged_in
from tests.bot.console.conftest import chat, say


@pytest.fixture
def waiting_ticket(client, rasa, volunteers):
    say(rasa, "gặp người")
    chat(client, "resident", "gặp người")


def test_anonymous_visitors_are_sent_to_log_in_and_the_api_says_401(client):
    client.cookies.clear()
    page = client.get("/console", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    api = client.post("/console/api/tickets/claim", json={})
    assert api.status_code == 401 and api.json()["error"] == "not_authenticated"


def test_staff_without_the_volunteer_role_are_refused(client, database_url):
    add_user(database_url, "editor", "staff")
    csrf = logged_in(client, "editor")
    assert client.get("/console").status_code == 403
    refused = client.post("/console/api/tickets/claim", json={}, headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 403


def test_volunteers_may_not_open_the_editor(client, volunteers):
    lan = volunteers("lan")
    assert lan.get("/admin/faqs").status_code == 403
    assert lan.get("/admin/canned").status_code == 403


def test_posts_without_the_csrf_token_are_refused(client, volunteers, waiting_ticket):
    lan = volunteers("lan")
    refused = lan.post("/console/api/tickets/claim", {}, csrf=False)
    assert refused.status_code == 403 and refused.json()["error"] == "csrf_failed"


def test_a_volunteer_reads_and_writes_only_their_own_conversations(client, volunteers, waiting_ticket):
    lan, minh, boss = volunteers("lan"), volunteers("minh"), volunteers("boss", role="admin")
    ticket_id = lan.claim().json()["ticket_id"]
    assert minh.get(f"/console/tickets/{ticket_id}").status_code == 403
    for path, body in [
        ("messages", {"text": "xin chào"}),
        ("notes", {"text": "x"}),
        ("resolve", {"outcome": "guided"}),
        ("release", {}),
        ("transfer", {"to_user_id": minh.user_id}),
    ]:
        refused = minh.post(f"/console/api/tickets/{ticket_id}/{path}", body)
        assert refused.status_code == 403, path
        assert refused.json()["error"] == "not_yours"
    # admins see every conversation
    assert boss.get(f"/console/tickets/{ticket_id}").status_code == 200
    assert lan.get(f"/console/tickets/{ticket_id}").status_code == 200


def test_security_headers_on_console_pages(client, volunteers):
    page = volunteers("lan").get("/console")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"text": ""}, 422, "empty"),
        ({"text": "   "}, 422, "empty"),
        ({"text": 42}, 422, "not_text"),
        ({"text": None}, 422, "not_text"),
        ({"text": "a" * 4001}, 422, "too_long"),
        ([1, 2], 422, "bad_request"),
    ],
)
def test_bad_replies_get_a_clear_vietnamese_answer(client, volunteers, waiting_ticket, body, status, code):
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    refused = lan.post(f"/console/api/tickets/{ticket_id}/messages", body)
    assert refused.status_code == status and refused.json()["error"] == code
    assert "Bạn" in refused.json()["message"] or code == "bad_request"


def test_unknown_ids_and_bad_values(client, volunteers, waiting_ticket):
    lan = volunteers("lan")
    assert lan.post("/console/api/tickets/999/messages", {"text": "x"}).status_code == 403
    assert lan.get("/console/tickets/999").status_code == 403
    assert lan.post("/console/api/tickets/claim", {"ticket_id": "1"}).status_code == 422
    assert lan.post("/console/api/tickets/claim", {"ticket_id": -3}).status_code == 422
    assert lan.get("/console/tickets/abc").status_code == 422
    ticket_id = lan.claim().json()["ticket_id"]
    wrong = lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "ok lắm"})
    assert wrong.status_code == 422 and wrong.json()["error"] == "bad_outcome"
    assert lan.post(f"/console/api/tickets/{ticket_id}/transfer", {"to_user_id": 999}).status_code == 422


def test_nothing_to_claim_and_the_per_volunteer_limit(client, rasa, volunteers, settings):
    lan = volunteers("lan")
    empty = lan.claim()
    assert empty.status_code == 409 and "Không nhận được" in empty.json()["message"]
    say(rasa, "gặp người")
    for n in range(settings.handoff_max_open_per_volunteer + 1):
        chat(client, f"r{n}", "gặp người")
    for _ in range(settings.handoff_max_open_per_volunteer):
        assert lan.claim().status_code == 200
    assert lan.claim().status_code == 409  # at the limit


def test_chat_text_is_escaped_on_the_console_page(client, rasa, volunteers):
    say(rasa, "gặp người")
    chat(client, "xss", "gặp người")
    chat(client, "xss", "<script>alert(1)</script><img src=x onerror=alert(2)>")
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    page = lan.get(f"/console/tickets/{ticket_id}").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_many_replies_at_once_do_not_exhaust_the_database_pool(client, rasa, volunteers, settings):
    """Each logged-in request gives its connection back after the log-in check (the pool holds 15)."""
    from concurrent.futures import ThreadPoolExecutor

    say(rasa, "gặp người")
    lan = volunteers("lan")
    ticket_ids = []
    for n in range(3):
        chat(client, f"burst-{n}", "gặp người")
        ticket_ids.append(lan.claim().json()["ticket_id"])
    headers = {"X-CSRF-Token": lan.csrf}
    lan._as_me()

    def reply(n: int) -> int:
        path = f"/console/api/tickets/{ticket_ids[n % 3]}/messages"
        return client.post(path, json={"text": f"tin số {n}"}, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(reply, range(40)))
    assert statuses == [200] * 40


def _resolved_ticket(client, rasa, volunteers, resident: str = "ba-hoa"):
    """Lan helps a resident and resolves; then the resident writes again. (lan, ticket id)"""
    say(rasa, "gặp người")
    chat(client, resident, "gặp người")
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    chat(client, resident, "bác hỏi cách cài VNeID")
    assert lan.reply(ticket_id, "Dạ, bác mở CH Play ạ").status_code == 200
    assert lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "guided"}).status_code == 200
    chat(client, resident, "chuyện riêng: con gái bác sắp cưới")
    return lan, ticket_id


def test_after_the_ticket_ends_a_volunteer_reads_it_only_up_to_its_end(client, rasa, volunteers):
    lan, ticket_id = _resolved_ticket(client, rasa, volunteers)
    page = lan.get(f"/console/tickets/{ticket_id}")
    assert page.status_code == 200
    assert "bác hỏi cách cài VNeID" in page.text and "Dạ, bác mở CH Play ạ" in page.text  # their own help stays
    assert "con gái bác sắp cưới" not in page.text  # what the resident said afterwards does not
    # the resident asks for a person again; whoever helps next, Lan's old page does not learn of it
    chat(client, "ba-hoa", "gặp người")
    earlier = re.search(r'data-testid="earlier">(.*?)</ul>', lan.get(f"/console/tickets/{ticket_id}").text, re.S).group(1)
    assert "Chưa có." in earlier
    # an admin keeps full access
    boss = volunteers("boss", role="admin")
    assert "con gái bác sắp cưới" in boss.get(f"/console/tickets/{ticket_id}").text


def test_an_ended_tickets_suggestion_takes_no_later_message(client, rasa, volunteers):
    say(rasa, "gặp người")
    chat(client, "ba-tu", "gặp người")
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "guided"})
    chat(client, "ba-tu", "bác hỏi thêm chuyện đất đai nhà bác")
    suggested = lan.post(f"/console/api/tickets/{ticket_id}/suggest", {"text": "Gặp người hỗ trợ thế nào?"})
    assert suggested.status_code == 200
    assert suggested.json()["message_id"] != _message_id(client, "bác hỏi thêm chuyện đất đai nhà bác")


def _message_id(client, text: str) -> int:
    from sqlalchemy import select

    from bot.conversations.models import Message

    with client.app.state.sessions() as session:
        return session.scalars(select(Message.id).where(Message.text == text)).one()
