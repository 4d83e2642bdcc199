"""The attacks `make attacks` tries (devtools/attacks.py runs them): each returns (blocked, what was seen)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from devtools.console_client import ME_PATH, log_in, open_socket_sync, session_of
from devtools.stack import GATEWAY_PY, ROOT, Stack

PASSWORD_ENV = "ATTACKS_ACCOUNT_PASSWORD"
DEEP = "[" * 5000 + "]" * 5000
HUGE_ID = "99999999999999999999"  # above 2**63
CCCD = "079123456789"


@dataclass
class Target:
    """The running stack and what the attacks need to reach it."""

    stack: Stack
    api_key: str
    database: Callable[[], sqlite3.Connection]
    password: str = field(default_factory=lambda: "Attacks-" + uuid.uuid4().hex)

    @property
    def url(self) -> str:
        return self.stack.gateway_url

    def http(self, address: str = "127.0.0.1", **kwargs: Any) -> httpx.Client:
        """A client whose connections come from `address` (another loopback address: another IP)."""
        transport = httpx.HTTPTransport(local_address=address)
        return httpx.Client(base_url=self.url, transport=transport, timeout=30, **kwargs)

    def socket(self, address: str = "127.0.0.1", path: str = "/ws/chat", **kwargs: Any) -> ClientConnection:
        url = self.url.replace("http://", "ws://") + path
        return connect(url, source_address=(address, 0), open_timeout=10, **kwargs)

    def create_accounts(self) -> None:
        for role, username in (("admin", "attack-admin"), ("volunteer", "attack-tnv")):
            subprocess.run(
                [str(GATEWAY_PY), "-m", "bot.auth.cli", "create-user", "--role", role, "--username", username]
                + ["--display-name", username, "--password-env", PASSWORD_ENV],
                cwd=ROOT,
                env={**self.stack.gateway_env(), PASSWORD_ENV: self.password},
                check=True,
                stdout=subprocess.DEVNULL,
            )

    def tickets_of(self, channel: str, external_id: str) -> int:
        with self.database() as db:
            row = db.execute(
                "SELECT count(*) FROM handoff_tickets t JOIN conversations c ON c.id = t.conversation_id"
                " WHERE c.channel = ? AND c.external_id = ?",
                (channel, external_id),
            ).fetchone()
        return int(row[0])

    def open_tickets(self) -> int:
        with self.database() as db:
            return int(db.execute("SELECT count(*) FROM handoff_tickets WHERE status IN ('waiting','assigned')").fetchone()[0])


def hello(ws: ClientConnection, **fields: Any) -> dict[str, Any]:
    ws.send(json.dumps({"type": "hello", "last_seq": 0, **fields}))
    welcome: dict[str, Any] = json.loads(ws.recv(timeout=30))
    return welcome


def frames_until(ws: ClientConnection, done: Callable[[dict[str, Any]], bool], limit: int = 30) -> list[dict[str, Any]]:
    frames = []
    for _ in range(limit):
        frame = json.loads(ws.recv(timeout=60))
        frames.append(frame)
        if done(frame):
            break
    return frames


def answered(frame: dict[str, Any]) -> bool:
    return frame.get("type") == "typing" and not frame.get("on")


def a_widget_resident(target: Target, text: str = "xin chào") -> dict[str, Any]:
    with target.socket() as ws:
        welcome = hello(ws, token=None)
        ws.send(json.dumps({"type": "message", "client_id": "c-1", "text": text}))
        frames_until(ws, answered)
    return welcome


def logged_in(response: httpx.Response) -> bool:
    return response.status_code in (302, 303) and "/login" not in response.headers.get("location", "/login")


# -- who is who ------------------------------------------------------------------------


def spoofed_sender_without_key(target: Target) -> tuple[bool, str]:
    with target.http("127.0.0.2") as client:
        response = client.post("/api/chat", json={"sender": "bac-tu", "message": "hủy giúp tôi"})
    return response.status_code == 401, f"POST /api/chat as «bac-tu» without the key → {response.status_code}"


def api_sender_named_as_a_widget_resident(target: Target) -> tuple[bool, str]:
    victim = a_widget_resident(target)
    with target.http("127.0.0.2", headers={"x-api-key": target.api_key}) as client:
        client.post("/api/chat", json={"sender": victim["sender"], "message": "tôi muốn gặp người hỗ trợ"})
    with target.socket() as ws:
        history = hello(ws, token=victim["token"])["history"]
    texts = [m["text"] for m in history if m["direction"] == "in"]
    return texts == ["xin chào"], f"the widget resident's own messages afterwards: {texts}"


def guessed_socket_id(target: Target) -> tuple[bool, str]:
    victim = a_widget_resident(target)
    seen = []
    for fields in ({"sender": victim["sender"]}, {"sender": "A" * 16}, {"token": victim["sender"] + ".AAAAAA.AAAAAAAAAAAA"}):
        with target.socket("127.0.0.3") as ws:
            welcome = hello(ws, **fields)
        seen.append(welcome["sender"] != victim["sender"] and not welcome["history"])
    return all(seen), f"{sum(seen)}/3 tries (its id, a made-up id, a forged token) got a new empty conversation"


def socket_from_another_site(target: Target) -> tuple[bool, str]:
    try:
        with target.socket(origin="https://evil.example"):  # type: ignore[arg-type]
            return False, "the handshake was accepted"
    except InvalidStatus as refused:
        return refused.response.status_code == 403, f"handshake answered {refused.response.status_code}"


# -- limits ----------------------------------------------------------------------------


def rotated_senders(target: Target, address: str, headers: Callable[[int], dict[str, str]]) -> tuple[int, int]:
    accepted = limited = 0
    with target.http(address, headers={"x-api-key": target.api_key}) as client:
        for i in range(150):
            response = client.post("/api/chat", json={"sender": f"rot-{i}", "message": "a"}, headers=headers(i))
            accepted += response.status_code == 200
            limited += response.status_code == 429
    return accepted, limited


def rotated_api_senders(target: Target) -> tuple[bool, str]:
    accepted, limited = rotated_senders(target, "127.0.0.4", lambda i: {})
    return limited > 0 and accepted < 150, f"150 messages from 150 senders, one address: {accepted} served, {limited} × 429"


def forged_forwarded_for(target: Target) -> tuple[bool, str]:
    accepted, limited = rotated_senders(target, "127.0.0.5", lambda i: {"x-forwarded-for": f"198.51.100.{i % 250}"})
    return limited > 0 and accepted < 150, f"150 messages, each with another X-Forwarded-For: {accepted} served, {limited} × 429"


def rotated_widget_residents(target: Target) -> tuple[bool, str]:
    refused = 0
    for _ in range(40):
        with target.socket("127.0.0.6") as ws:
            refused += hello(ws, token=None).get("code") == "rate_limited"
    return refused > 0, f"40 new widget residents from one address: {refused} refused"


def forged_payloads(target: Target) -> tuple[bool, str]:
    with target.socket("127.0.0.7") as ws:
        welcome = hello(ws, token=None)
        for n, payload in enumerate(("/emergency", "/request_human", "#handoff:queue")):
            ws.send(json.dumps({"type": "message", "client_id": f"f-{n}", "text": "xin chào", "payload": payload}))
            frames_until(ws, answered)
    tickets = target.tickets_of("web", welcome["sender"])
    return tickets == 0, f"3 forged button payloads (/emergency, /request_human, #handoff:queue): {tickets} ticket(s)"


def ticket_flood(target: Target) -> tuple[bool, str]:
    before = target.open_tickets()
    with target.http("127.0.0.8", headers={"x-api-key": target.api_key}) as client:
        for i in range(8):
            client.post("/api/chat", json={"sender": f"flood-{i}", "message": "cho tôi gặp người hỗ trợ"})
    made = target.open_tickets() - before
    return 0 < made <= 2, f"8 senders from one address asked for a person: {made} ticket(s) opened"


# -- accounts --------------------------------------------------------------------------


def lockout_as_a_weapon(target: Target) -> tuple[bool, str]:
    with target.http("127.0.0.9") as attacker:
        for _ in range(10):
            log_in(attacker, "attack-admin", "wrong-password")
    with target.http("127.0.0.10") as owner:
        ok = logged_in(log_in(owner, "attack-admin", target.password))
    return ok, "after 10 wrong passwords from another address, the owner " + ("logs in" if ok else "is locked out")


def usernames_told_apart(target: Target) -> tuple[bool, str]:
    with target.http("127.0.0.11") as client:
        unknown = log_in(client, "nobody-" + uuid.uuid4().hex[:6], "wrong-password")
        wrong = log_in(client, "attack-tnv", "wrong-password")

    def message(response: httpx.Response) -> str:
        found = re.search(r'role="alert"[^>]*>([^<]+)<', response.text)
        return found.group(1).strip() if found else ""

    said = message(unknown)
    same = bool(said) and unknown.status_code == wrong.status_code and said == message(wrong)
    return same, f"unknown user and wrong password answer {'the same' if same else 'differently'}: «{said}»"


# -- no server errors ------------------------------------------------------------------


def deep_json(target: Target) -> tuple[bool, str]:
    results = []
    with target.socket() as ws:
        hello(ws, token=None)
        ws.send(DEEP)
        error = json.loads(ws.recv(timeout=10))
        ws.send(json.dumps({"type": "ping"}))
        results.append(error.get("type") == "error" and json.loads(ws.recv(timeout=10)) == {"type": "pong"})
    with target.http(headers={"x-api-key": target.api_key}) as client:
        response = client.post("/api/chat", content=DEEP, headers={"content-type": "application/json"})
        results.append(400 <= response.status_code < 500)
        assert logged_in(log_in(client, "attack-tnv", target.password))
        session = session_of(client)
    with open_socket_sync(target.url, session, source_address=("127.0.0.1", 0), open_timeout=10) as ws:
        ws.send(DEEP)
        try:  # the console may first send its queue: the error comes among the next frames
            frames = frames_until(ws, lambda f: f.get("type") == "error", limit=10)
            results.append(frames[-1].get("type") == "error")
        except Exception:
            results.append(False)
    return all(results), f"JSON nested 5,000 deep: widget socket, /api/chat, console socket → {results}"


def huge_ids(target: Target) -> tuple[bool, str]:
    statuses = []
    with target.http() as client:
        assert logged_in(log_in(client, "attack-admin", target.password))
        csrf = client.get(ME_PATH).json().get("csrf_token", "")
        client.headers["X-CSRF-Token"] = csrf
        statuses.append(client.get(f"/console/tickets/{HUGE_ID}").status_code)
        for action in ("release", "resolve", "notes", "messages"):
            statuses.append(client.post(f"/console/api/tickets/{HUGE_ID}/{action}", json={"text": "x"}).status_code)
        statuses.append(client.post("/console/api/tickets/claim", json={"ticket_id": int(HUGE_ID)}).status_code)
        statuses.append(client.get(f"/admin/faqs/new?from={HUGE_ID}").status_code)
        statuses.append(client.get("/api/kb/search", params={"q": "vneid", "k": "²"}).status_code)
    return all(s < 500 for s in statuses), f"ids above 2^63 and k=²: {statuses}"


def api_docs_public(target: Target) -> tuple[bool, str]:
    with target.http() as client:
        statuses = [client.get(path).status_code for path in ("/docs", "/redoc", "/openapi.json")]
    return all(s == 404 for s in statuses), f"/docs, /redoc, /openapi.json → {statuses}"


def content_security_policy(target: Target) -> tuple[bool, str]:
    with target.http() as client:
        policies = [client.get(path).headers.get("content-security-policy", "") for path in ("/", "/login")]
    ok = all("base-uri 'none'" in p and "form-action 'self'" in p for p in policies)
    return ok, "CSP of / and /login " + ("has" if ok else "lacks") + " base-uri 'none' and form-action 'self'"


# -- personal numbers ------------------------------------------------------------------


def personal_numbers_kept(target: Target) -> tuple[bool, str]:
    a_widget_resident(target, f"số căn cước của tôi là {CCCD}, cấp ngày 12/05/2021")
    with target.database() as db:
        stored = [row[0] for row in db.execute("SELECT text FROM messages WHERE text LIKE '%12/05/2021%'")]
    logs = "".join(p.read_text(errors="replace") for p in target.stack.workdir.glob("*.log"))
    tracker = target.stack.workdir / "rasa_tracker.db"
    in_tracker = tracker.exists() and CCCD.encode() in tracker.read_bytes()
    kept = [where for where, found in (("database", any(CCCD in t for t in stored)), ("logs", CCCD in logs)) if found]
    kept += ["Rasa's tracker"] if in_tracker else []
    ok = bool(stored) and not kept
    return ok, f"a CCCD number typed in the widget is found in: {', '.join(kept) or 'nowhere'} (the date is kept: {bool(stored)})"


ATTACKS: list[tuple[str, Callable[[Target], tuple[bool, str]]]] = [
    ("spoofed sender on /api/chat", spoofed_sender_without_key),
    ("API sender named as a widget resident", api_sender_named_as_a_widget_resident),
    ("guessed socket id", guessed_socket_id),
    ("socket from another site's page", socket_from_another_site),
    ("rotated senders", rotated_api_senders),
    ("forged X-Forwarded-For", forged_forwarded_for),
    ("rotated widget residents", rotated_widget_residents),
    ("forged payloads", forged_payloads),
    ("ticket flood", ticket_flood),
    ("lock-out as a weapon", lockout_as_a_weapon),
    ("usernames told apart", usernames_told_apart),
    ("deep JSON", deep_json),
    ("huge ids", huge_ids),
    ("API docs public", api_docs_public),
    ("CSP base-uri/form-action", content_security_policy),
    ("personal numbers kept", personal_numbers_kept),
]
