"""A volunteer on the real gateway: an account made with the CLI, a log-in, the console API and socket."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx

from devtools.console_client import CSRF_HEADER, ME_PATH, log_in, next_frame, open_socket, session_of
from devtools.stack import ROOT, Stack

PASSWORD = "mat-khau-tinh-nguyen-vien-42"


def create_user(stack: Stack, username: str, role: str = "volunteer", display_name: str = "") -> None:
    """Runs the real CLI against the stack's database."""
    env = {**stack.gateway_env(), "NEW_PASSWORD": PASSWORD}
    command = [
        sys.executable,
        "-m",
        "bot.auth.cli",
        "create-user",
        "--username",
        username,
        "--role",
        role,
        "--password-env",
        "NEW_PASSWORD",
        "--display-name",
        display_name or username,
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


class Console:
    """A logged-in console session (cookies kept by its own httpx client)."""

    def __init__(self, stack: Stack, username: str) -> None:
        self.stack = stack
        self.http = httpx.Client(base_url=stack.gateway_url, timeout=30)
        response = log_in(self.http, username, PASSWORD)
        assert response.status_code in (200, 303), response.text
        self.csrf = self.http.get(ME_PATH).json()["csrf_token"]

    def post(self, path: str, body: dict | None = None) -> httpx.Response:
        return self.http.post(path, json=body or {}, headers={CSRF_HEADER: self.csrf})

    def claim(self, ticket_id: int | None = None) -> dict:
        response = self.post("/console/api/tickets/claim", {"ticket_id": ticket_id} if ticket_id else {})
        assert response.status_code == 200, response.text
        return response.json()

    def reply(self, ticket_id: int, text: str) -> dict:
        response = self.post(f"/console/api/tickets/{ticket_id}/messages", {"text": text})
        assert response.status_code == 200, response.text
        return response.json()

    def resolve(self, ticket_id: int, outcome: str = "guided") -> None:
        """Closes as a volunteer who has confirmed closing even if the resident's last message is unanswered."""
        body = {"outcome": outcome, "confirm_unanswered": True}
        assert self.post(f"/console/api/tickets/{ticket_id}/resolve", body).status_code == 200

    def socket(self):
        """The live console socket, with the session cookie and the page's origin."""
        return open_socket(self.stack.gateway_url, session_of(self.http))

    def close(self) -> None:
        self.http.close()


__all__ = ["Console", "create_user", "next_frame", "os"]
