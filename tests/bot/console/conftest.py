"""Console fixtures: a resident who asked for a person, volunteers logged in on their own clients."""

from __future__ import annotations

import pytest

from bot.auth.deps import SESSION_COOKIE
from tests.bot.auth.helpers import add_user, csrf_from, login


def say(rasa, text: str, reason: str = "request_human", intent: str = "request_human") -> None:
    """Scripts the fake Rasa to hand over to a person when it hears `text`."""
    rasa.script[text] = {
        "messages": [
            {
                "recipient_id": "x",
                "text": "Dạ, con chuyển sang người hỗ trợ.",
                "custom": {"meta": {"source": "dialogue", "handoff": True, "handoff_reason": reason}},
            }
        ],
        "intent": intent,
        "confidence": 0.95,
    }


def chat(client, sender: str, message: str) -> list[dict]:
    response = client.post("/api/chat", json={"sender": sender, "message": message})
    assert response.status_code == 200, response.text
    return response.json()


def console_login(client, username: str) -> str:
    """Logs a volunteer in on this client; the CSRF token for the console API."""
    response = login(client, username)
    assert response.status_code == 303 and response.headers["location"] in ("/console", "/admin"), response.text
    me = client.get("/console/api/me")
    assert me.status_code == 200, me.text
    return me.json()["csrf_token"]


class Volunteer:
    """A logged-in console user. All share the app's one TestClient (one event loop); each keeps
    its own session cookie and puts it on the client for its requests."""

    def __init__(self, client, database_url: str, username: str, role: str = "volunteer") -> None:
        self.client = client
        self.username = username
        self.user_id = add_user(database_url, username, role, display_name=f"Bạn {username.title()}")
        client.cookies.clear()
        self.csrf = console_login(client, username)
        self.cookie = client.cookies.get(SESSION_COOKIE)
        client.cookies.clear()

    def _as_me(self):
        self.client.cookies.clear()
        self.client.cookies.set(SESSION_COOKIE, self.cookie)
        return self.client

    def get(self, path: str, **kwargs):
        return self._as_me().get(path, **kwargs)

    def post(self, path: str, body=None, csrf: bool = True, **kwargs):
        headers = {"X-CSRF-Token": self.csrf} if csrf else {}
        return self._as_me().post(path, json=body if body is not None else {}, headers=headers, **kwargs)

    def form(self, path: str, data: dict):
        return self._as_me().post(path, data={"csrf_token": self.csrf, **data}, follow_redirects=False)

    def socket(self, origin: str = "http://testserver"):
        return self._as_me().websocket_connect("/console/ws", headers={"origin": origin})

    def claim(self, ticket_id: int | None = None):
        return self.post("/console/api/tickets/claim", {"ticket_id": ticket_id} if ticket_id else {})

    def reply(self, ticket_id: int, text):
        return self.post(f"/console/api/tickets/{ticket_id}/messages", {"text": text})


@pytest.fixture
def volunteers(client, database_url):
    """make(username, role="volunteer") → a logged-in Volunteer on the shared client."""

    def make(username: str, role: str = "volunteer") -> Volunteer:
        return Volunteer(client, database_url, username, role)

    return make


__all__ = ["say", "chat", "console_login", "csrf_from"]
