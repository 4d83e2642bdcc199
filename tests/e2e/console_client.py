"""A volunteer on the real gateway: an account made with the CLI, a log-in, the console API and socket."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import httpx
import websockets

from devtools.stack import ROOT, Stack

PASSWORD = "mat-khau-tinh-nguyen-vien-42"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


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
        page = self.http.get("/login")
        token = CSRF_INPUT.search(page.text).group(1)
        response = self.http.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
        assert response.status_code in (200, 303), response.text
        self.csrf = self.http.get("/console/api/me").json()["csrf_token"]

    def post(self, path: str, body: dict | None = None) -> httpx.Response:
        return self.http.post(path, json=body or {}, headers={"X-CSRF-Token": self.csrf})

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
        url = self.stack.gateway_url.replace("http", "ws") + "/console/ws"
        cookie = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        return websockets.connect(url, additional_headers={"Cookie": cookie, "Origin": self.stack.gateway_url})

    def close(self) -> None:
        self.http.close()


async def next_frame(ws, kind: str, timeout: float = 10, match=lambda frame: True) -> dict:
    """The next frame of that type satisfying match (others are skipped)."""
    import asyncio

    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if frame["type"] == kind and match(frame):
            return frame


__all__ = ["Console", "create_user", "next_frame", "os"]
