"""`make eval-handoff`: does the bot hand the right conversations to a person, and how fast do messages travel then?

    python -m devtools.eval_handoff [--only accuracy|load] [--rounds 10] [--keep] [--check-overlap]

Starts the real stack (Rasa, action server, gateway) in a fresh temporary workdir with its own SQLite
database and HANDOFF_ALWAYS_OPEN=1 (the volunteer schedule always open), then:

1. Accuracy: plays every conversation of devtools/eval_handoff_set.yml through POST /api/chat
   with a new sender each, stops a conversation once it is escalated (a reply with meta.handoff), and
   prints the escalation rate per kind, recall on the conversations that should be escalated (explicit
   requests and emergencies separately), the false-escalation rate, and every failure with its turns
   and the meta of the replies.
2. Load: 5 volunteers logged in to the console (accounts made with bot.auth.cli before the gateway
   starts) and 20 residents on the widget WebSocket, each asking for a person; the volunteers claim
   the tickets, then every resident sends a message, the volunteer holding its ticket answers it at
   once through the console API, for --rounds rounds (residents wait 0.3–1.2 s between messages; a
   volunteer sends one reply at a time, --burst sends them all at once). Prints p50/p95/max of
   resident → volunteer console (send → console WebSocket frame), volunteer → resident widget (start
   of the POST → widget WebSocket frame), and the round trip (send → answer on the widget, including
   any wait behind the volunteer's other replies).

3. Bot unavailable: stops the action server, then Rasa, and sends a new conversation each time.

Targets (issue 4) are printed as PASS/MISS; the exit status is 0 unless the run itself failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from devtools.stack import GATEWAY_PY, MODEL_DIR, ROOT, Stack, free_port
from devtools.stats import percentile

SET = Path(__file__).resolve().parent / "eval_handoff_set.yml"
STEPS = {"thumbs_down": "down", "thumbs_up": "up"}
ESCALATE_KINDS_ALL = ("explicit_request", "emergency")  # every one of these must be escalated
RECALL_REST_TARGET = 0.90
FALSE_RATE_TARGET = 0.05
LATENCY_P95_TARGET_MS = 500
EXPECTED_REASON = {
    "explicit_request": "request_human",
    "emergency": "emergency",
    "complaint_frustration": "complaint",
    "repeated_misunderstanding": "misunderstood",
    "two_thumbs_down": "thumbs_down",
}
EMERGENCY_NUMBERS = re.compile(r"\b11[345]\b")
VOLUNTEER_PASSWORD_ENV = "EVAL_HANDOFF_VOLUNTEER_PASSWORD"
HANDOFF_REQUEST = "cho tôi gặp người hỗ trợ"
ANSWER_TIMEOUT_S = 15
# uvicorn closes idle connections after 5 s; reusing one as it closes fails the request (ReadError)
KEEPALIVE = httpx.Limits(keepalive_expiry=2)


# ---------------------------------------------------------------------------- the test set


@dataclass
class Conversation:
    id: str
    kind: str
    expect: str
    turns: list[str]

    @property
    def unaccented(self) -> bool:
        from nlu.normalize import has_diacritics

        return not any(has_diacritics(t) for t in self.turns if t not in STEPS)


def load_set(path: Path = SET) -> list[Conversation]:
    """The conversations, checked: unique ids, known expectations, at least one turn each."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]
    conversations = [Conversation(c["id"], c["kind"], c["expect"], [str(t) for t in c["turns"]]) for c in raw]
    ids = Counter(c.id for c in conversations)
    problems = [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    problems += [f"{c.id}: expect must be escalate|stay" for c in conversations if c.expect not in ("escalate", "stay")]
    problems += [f"{c.id}: no turns" for c in conversations if not c.turns]
    if problems:
        raise SystemExit("bad test set: " + "; ".join(problems))
    return conversations


# ---------------------------------------------------------------------------- accuracy


@dataclass
class Outcome:
    conversation: Conversation
    escalated: bool = False
    reason: str | None = None
    turn: int | None = None  # 1-based index of the turn that escalated
    numbers_first: bool = False  # emergency numbers shown no later than the handoff
    notes: list[str] = field(default_factory=list)
    log: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)  # (what was sent, replies)

    @property
    def correct(self) -> bool:
        return self.escalated == (self.conversation.expect == "escalate")


def _feedback_payload(replies: list[dict[str, Any]], vote: str) -> str | None:
    for reply in reversed(replies):
        for button in reply.get("buttons") or []:
            payload = str(button.get("payload", ""))
            if payload.startswith(f"#feedback:{vote}:"):
                return payload
    return None


def _suggestion_payload(replies: list[dict[str, Any]]) -> str | None:
    """The first "Ý Bác là…?" suggestion (a button that asks a question of the knowledge base)."""
    for reply in replies:
        for button in reply.get("buttons") or []:
            payload = str(button.get("payload", ""))
            if payload.startswith("/ask_question"):
                return payload
    return None


async def play(client: httpx.AsyncClient, conversation: Conversation) -> Outcome:
    """One conversation with a new sender, until it is escalated or its turns run out."""
    outcome = Outcome(conversation)
    sender = f"eval-{conversation.id}-{uuid.uuid4().hex[:10]}"
    last_faq: list[dict[str, Any]] = []  # the latest replies that carried 👍/👎 buttons
    latest: list[dict[str, Any]] = []  # the replies to the latest message
    seen_numbers = False

    async def send(message: str, label: str, index: int) -> None:
        nonlocal last_faq, latest, seen_numbers
        response = await client.post("/api/chat", json={"sender": sender, "message": message})
        if response.status_code != 200:
            raise RuntimeError(f"{conversation.id}: /api/chat answered {response.status_code}: {response.text[:300]}")
        latest = response.json()
        outcome.log.append((label, latest))
        if _feedback_payload(latest, "down"):
            last_faq = latest
        for reply in latest:
            meta = reply.get("meta") or {}
            if EMERGENCY_NUMBERS.search(reply.get("text") or ""):
                seen_numbers = True
            if meta.get("handoff") or meta.get("mode") in ("waiting", "human"):
                if not meta.get("handoff"):
                    outcome.notes.append(f"turn {index}: mode {meta.get('mode')} without meta.handoff")
                if not outcome.escalated:
                    outcome.escalated, outcome.turn = True, index
                    outcome.reason = meta.get("handoff_reason")
                    outcome.numbers_first = seen_numbers

    for index, turn in enumerate(conversation.turns, start=1):
        if turn in STEPS:
            # A 👍/👎 rates the latest answer. If the bot asked "Ý Bác là…?" instead of answering,
            # the resident first takes its first suggestion, as most do, and rates that answer.
            if not _feedback_payload(latest, STEPS[turn]):
                suggestion = _suggestion_payload(latest)
                if suggestion:
                    await send(suggestion, f"[picks the first suggestion] {suggestion}", index)
            message = _feedback_payload(latest, STEPS[turn]) or _feedback_payload(last_faq, STEPS[turn])
            if outcome.escalated:
                break
            if message is None:
                outcome.notes.append(f"turn {index}: no {turn} button to press (no answer from the knowledge base)")
                outcome.log.append((f"[{turn}: nothing to press]", []))
                continue
            await send(message, f"[{turn}] {message}", index)
        else:
            await send(turn, turn, index)
        if outcome.escalated:
            break
    return outcome


async def run_accuracy(base_url: str, conversations: list[Conversation], parallel: int = 4) -> list[Outcome]:
    limit = asyncio.Semaphore(parallel)

    async def one(client: httpx.AsyncClient, conversation: Conversation) -> Outcome:
        async with limit:
            return await play(client, conversation)

    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=KEEPALIVE) as client:
        return list(await asyncio.gather(*(one(client, c) for c in conversations)))


def _rate(hit: int, total: int) -> str:
    return f"{hit}/{total} = {hit / total:.3f}" if total else "0/0 = —"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _short(text: str, width: int = 110) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def report_accuracy(outcomes: list[Outcome]) -> None:
    escalate = [o for o in outcomes if o.conversation.expect == "escalate"]
    stay = [o for o in outcomes if o.conversation.expect == "stay"]
    unaccented = sum(o.conversation.unaccented for o in outcomes)
    print(
        f"\n== Handoff accuracy: {len(outcomes)} conversations ({len(escalate)} should be escalated, "
        f"{len(stay)} should not; {unaccented} typed without diacritics) ==\n"
    )
    print(f"  {'kind':<32} {'expect':<9} {'n':>3} {'escalated':>9} {'rate':>6}  {'reasons (escalated ones)'}")
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_kind[o.conversation.kind].append(o)
    order = sorted(by_kind, key=lambda k: (by_kind[k][0].conversation.expect != "escalate", k))
    for kind in order:
        group = by_kind[kind]
        hit = sum(o.escalated for o in group)
        reasons = Counter(o.reason or "?" for o in group if o.escalated)
        reasons_text = ", ".join(f"{r} {n}" for r, n in reasons.most_common())
        print(f"  {kind:<32} {group[0].conversation.expect:<9} {len(group):>3} {hit:>9} {hit / len(group):>6.3f}  {reasons_text}")

    print()
    for kind in ESCALATE_KINDS_ALL:
        group = by_kind.get(kind, [])
        hit = sum(o.escalated for o in group)
        print(
            f"  {kind + ' escalated:':<40} {_rate(hit, len(group)):<18} target all     {_verdict(bool(group) and hit == len(group))}"
        )
    rest = [o for o in escalate if o.conversation.kind not in ESCALATE_KINDS_ALL]
    rest_hit = sum(o.escalated for o in rest)
    rest_ok = bool(rest) and rest_hit / len(rest) >= RECALL_REST_TARGET
    print(
        f"  {'other should-escalate escalated:':<40} {_rate(rest_hit, len(rest)):<18} target ≥ {RECALL_REST_TARGET:.2f}    {_verdict(rest_ok)}"
    )
    all_hit = sum(o.escalated for o in escalate)
    print(f"  {'recall, all should-escalate:':<40} {_rate(all_hit, len(escalate))}")
    false = sum(o.escalated for o in stay)
    false_ok = bool(stay) and false / len(stay) <= FALSE_RATE_TARGET
    print(
        f"  {'false escalations (should-not):':<40} {_rate(false, len(stay)):<18} target ≤ {FALSE_RATE_TARGET:.2f}    {_verdict(false_ok)}"
    )
    un_esc = [o for o in escalate if o.conversation.unaccented]
    un_stay = [o for o in stay if o.conversation.unaccented]
    print(
        f"  {'  without diacritics: recall':<40} {_rate(sum(o.escalated for o in un_esc), len(un_esc))}; "
        f"false escalations {_rate(sum(o.escalated for o in un_stay), len(un_stay))}"
    )
    emergencies = by_kind.get("emergency", [])
    escalated_emergencies = [o for o in emergencies if o.escalated]
    print(
        f"  {'emergency numbers shown by the handoff:':<40} "
        f"{sum(o.numbers_first for o in escalated_emergencies)}/{len(escalated_emergencies)} escalated emergencies"
    )
    wrong_reason = [o for o in escalate if o.escalated and o.reason != EXPECTED_REASON.get(o.conversation.kind)]
    print(
        f"  {'escalated with another reason than kind:':<40} {len(wrong_reason)}"
        + (" (" + ", ".join(f"{o.conversation.id}:{o.reason}" for o in wrong_reason) + ")" if wrong_reason else "")
    )

    failures = [o for o in outcomes if not o.correct]
    noted = [o for o in outcomes if o.correct and o.notes]
    print(f"\n  Failures: {len(failures)}")
    for o in failures:
        c = o.conversation
        got = f"escalated at turn {o.turn} ({o.reason})" if o.escalated else "not escalated"
        print(f"\n  [{c.id}] {c.kind}: expected {c.expect}, {got}")
        for note in o.notes:
            print(f"      ! {note}")
        for sent, replies in o.log:
            print(f"      > {_short(sent)}")
            for r in replies:
                m = r.get("meta") or {}
                conf = m.get("confidence")
                facts = " ".join(
                    f"{k}={v}"
                    for k, v in (
                        ("source", m.get("source")),
                        ("intent", m.get("intent")),
                        ("conf", f"{conf:.2f}" if isinstance(conf, (int, float)) else conf),
                        ("faq", m.get("faq_id")),
                        ("offer", m.get("offer")),
                        ("handoff", m.get("handoff")),
                        ("reason", m.get("handoff_reason")),
                        ("mode", m.get("mode")),
                    )
                    if v is not None
                )
                print(f"        < {facts} | {_short(r.get('text') or '', 80)}")
    if noted:
        print("\n  Passed with notes: " + "; ".join(f"{o.conversation.id}: {' / '.join(o.notes)}" for o in noted))


async def probe_unavailable(base_url: str, stopped: str) -> str:
    """One new conversation while a process is stopped: did it reach a person, and why."""
    conversation = Conversation(f"unavailable-{stopped}", "bot_unavailable", "escalate", ["quen mat khau vneid lam sao"])
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=KEEPALIVE) as client:
        outcome = await play(client, conversation)
    return f"escalated ({outcome.reason})" if outcome.escalated else "not escalated"


# ---------------------------------------------------------------------------- load


@dataclass
class Samples:
    to_volunteer: list[float] = field(default_factory=list)  # ms, resident sends → volunteer's console WS
    to_resident: list[float] = field(default_factory=list)  # ms, volunteer's POST starts → resident's widget WS
    round_trip: list[float] = field(default_factory=list)  # ms, resident sends → the answer arrives back


class Volunteer:
    """One logged-in console: its HTTP client, WebSocket and the tickets it holds."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base_url = base_url
        self.username = username
        self.password = password
        self.http = httpx.AsyncClient(base_url=base_url, timeout=30, limits=KEEPALIVE)
        self.csrf = ""
        self.ws = None
        self.tickets: list[dict[str, Any]] = []
        self.typing = asyncio.Lock()

    async def login(self) -> None:
        page = await self.http.get("/login")
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if not found:
            raise RuntimeError(f"no csrf_token on /login ({page.status_code})")
        answer = await self.http.post(
            "/login", data={"username": self.username, "password": self.password, "csrf_token": found.group(1)}
        )
        if answer.status_code not in (200, 302, 303) or "tlsp_session" not in self.http.cookies:
            raise RuntimeError(f"log-in of {self.username} failed: {answer.status_code} {answer.text[:200]}")
        me = await self.http.get("/console/api/me")
        me.raise_for_status()
        self.csrf = me.json()["csrf_token"]
        self.http.headers["X-CSRF-Token"] = self.csrf

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        ws_url = self.base_url.replace("http://", "ws://") + "/console/ws"
        cookie = f"tlsp_session={self.http.cookies['tlsp_session']}"
        self.ws = await connect(ws_url, additional_headers={"Cookie": cookie}, origin=self.base_url, max_size=2**22)

    async def claim(self, ticket_id: int | None = None) -> dict[str, Any] | None:
        """Claims that ticket (or the next one); None if someone else was faster."""
        answer = await self.http.post("/console/api/tickets/claim", json={"ticket_id": ticket_id} if ticket_id else {})
        if answer.status_code == 409:
            return None
        answer.raise_for_status()
        ticket = answer.json()
        self.tickets.append(ticket)
        return ticket

    async def say(self, ticket_id: int, text: str) -> None:
        answer = await self.http.post(f"/console/api/tickets/{ticket_id}/messages", json={"text": text})
        if answer.status_code >= 300:
            raise RuntimeError(f"HTTP {answer.status_code} {answer.text[:80]}")

    async def resolve_all(self) -> int:
        """Closes every held ticket; how many the server accepted."""
        done = 0
        for ticket in self.tickets:
            ticket_id = ticket.get("ticket_id", ticket.get("id"))
            answer = await self.http.post(f"/console/api/tickets/{ticket_id}/resolve", json={"outcome": "guided"})
            done += answer.status_code < 300
        return done

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.http.aclose()


class Resident:
    """One widget WebSocket."""

    def __init__(self, base_url: str, index: int) -> None:
        self.url = base_url.replace("http://", "ws://") + "/ws/chat"
        self.index = index
        self.sender = f"evalres{index:02d}{uuid.uuid4().hex[:12]}"
        self.ws = None
        self.inbox: asyncio.Queue = asyncio.Queue()
        self._reader: asyncio.Task | None = None
        self._sent = 0

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(self.url, max_size=2**22)
        await self.ws.send(json.dumps({"type": "hello", "sender": self.sender, "last_seq": 0}))
        welcome = json.loads(await self.ws.recv())
        if welcome.get("type") != "welcome":
            raise RuntimeError(f"widget: expected welcome, got {welcome}")
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            frame = json.loads(raw)
            if frame.get("type") == "message" and frame.get("direction") == "out":
                await self.inbox.put((time.perf_counter(), frame))

    async def send(self, text: str) -> None:
        self._sent += 1
        await self.ws.send(json.dumps({"type": "message", "client_id": f"c{self._sent}", "text": text}))

    async def wait_for(self, predicate, timeout: float) -> tuple[float, dict[str, Any]]:
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError
            arrived, frame = await asyncio.wait_for(self.inbox.get(), left)
            if predicate(frame):
                return arrived, frame

    async def close(self) -> None:
        if self._reader:
            self._reader.cancel()
        if self.ws is not None:
            await self.ws.close()


async def run_load(
    base_url: str, volunteers_login: list[tuple[str, str]], residents_n: int, rounds: int, burst: bool = False
) -> Samples:
    samples = Samples()
    volunteers = [Volunteer(base_url, u, p) for u, p in volunteers_login]
    residents = [Resident(base_url, i) for i in range(residents_n)]
    sent_at: dict[str, float] = {}
    arrived_at_volunteer: dict[str, float] = {}
    replied_at: dict[str, float] = {}
    arrived_at_resident: dict[str, float] = {}
    listeners: list[asyncio.Task] = []
    pending_replies: set[asyncio.Task] = set()
    token_re = re.compile(r"\[(r\d+-\d+)\]")
    waiting_web: set[int] = set()  # ticket ids, from the latest queue snapshot
    reply_errors: Counter = Counter()  # the volunteers' POST …/messages that failed
    try:
        for v in volunteers:
            await v.login()
            await v.connect()

        async def listen(v: Volunteer) -> None:
            async for raw in v.ws:
                arrived = time.perf_counter()
                frame = json.loads(raw)
                if frame.get("type") == "queue":
                    # the widget's tickets (the accuracy half leaves its own "api" tickets waiting)
                    waiting_web.clear()
                    waiting_web.update(t["ticket_id"] for t in frame.get("waiting") or [] if t.get("channel") == "web")
                    continue
                if frame.get("type") != "message":
                    continue
                message = frame.get("message") or {}
                found = token_re.search(message.get("text") or "")
                if message.get("direction") != "in" or not found:
                    continue
                token = found.group(1)
                arrived_at_volunteer.setdefault(token, arrived)

                async def answer(ticket_id: int = frame["ticket_id"], token: str = token) -> None:
                    # one person types one reply at a time (--burst: all of a volunteer's replies at once)
                    async with v.typing if not burst else contextlib.nullcontext():
                        replied_at[token] = time.perf_counter()
                        try:
                            await v.say(ticket_id, f"Dạ, tình nguyện viên trả lời [{token}] ạ.")
                        except Exception as error:  # counted and shown once the rounds are over
                            reply_errors[f"{type(error).__name__} {error}".strip()[:120]] += 1

                task = asyncio.create_task(answer())
                pending_replies.add(task)
                task.add_done_callback(pending_replies.discard)

        listeners = [asyncio.create_task(listen(v)) for v in volunteers]

        # every resident asks for a person
        started = time.perf_counter()
        await asyncio.gather(*(r.connect() for r in residents))
        await asyncio.gather(*(r.send(HANDOFF_REQUEST) for r in residents))

        def handed_off(frame: dict[str, Any]) -> bool:
            meta = frame.get("meta") or {}
            return bool(meta.get("handoff")) or meta.get("mode") in ("waiting", "human")

        results = await asyncio.gather(*(r.wait_for(handed_off, 60) for r in residents), return_exceptions=True)
        escalated = sum(not isinstance(x, BaseException) for x in results)
        print(f"  {escalated}/{residents_n} residents escalated in {time.perf_counter() - started:.1f} s")
        if escalated < residents_n:
            raise RuntimeError("not every resident was escalated: the load part needs the handoff (and HANDOFF_ALWAYS_OPEN)")

        # the volunteers share the tickets out evenly
        share = -(-residents_n // len(volunteers))
        deadline = time.perf_counter() + 60

        async def claim_share(v: Volunteer) -> None:
            while len(v.tickets) < share and sum(len(x.tickets) for x in volunteers) < residents_n:
                if time.perf_counter() > deadline:
                    return
                candidates = sorted(waiting_web)
                if not candidates or await v.claim(random.choice(candidates)) is None:
                    await asyncio.sleep(0.05)

        await asyncio.gather(*(claim_share(v) for v in volunteers))
        claimed = sum(len(v.tickets) for v in volunteers)
        print(
            f"  {claimed} tickets claimed by {len(volunteers)} volunteers ({', '.join(str(len(v.tickets)) for v in volunteers)})"
        )
        if claimed < residents_n:
            raise RuntimeError(f"only {claimed} of {residents_n} tickets could be claimed")
        await asyncio.sleep(0.5)  # let join notices reach the widgets before timing starts
        for r in residents:
            while not r.inbox.empty():
                r.inbox.get_nowait()

        lost: list[str] = []

        async def resident_loop(r: Resident) -> None:
            rng = random.Random(r.index)
            missed_in_a_row = 0
            for n in range(rounds):
                token = f"r{r.index:02d}-{n}"
                sent_at[token] = time.perf_counter()
                await r.send(f"Cháu ơi bác hỏi tiếp [{token}] nhé")
                try:
                    arrived, _ = await r.wait_for(lambda f, t=token: f"[{t}]" in (f.get("text") or ""), ANSWER_TIMEOUT_S)
                except TimeoutError:
                    lost.append(token + ("" if token in arrived_at_volunteer else " (never reached the console)"))
                    missed_in_a_row += 1
                    if missed_in_a_row == 2:
                        return  # this resident's chat is broken: stop waiting on it
                    continue
                missed_in_a_row = 0
                arrived_at_resident[token] = arrived
                await asyncio.sleep(rng.uniform(0.3, 1.2))  # reading and typing

        started = time.perf_counter()
        await asyncio.gather(*(resident_loop(r) for r in residents))
        print(f"  {rounds} rounds × {residents_n} residents in {time.perf_counter() - started:.1f} s")
        ms = 1000
        samples.to_volunteer = [(t - sent_at[k]) * ms for k, t in arrived_at_volunteer.items() if k in sent_at]
        samples.to_resident = [(t - replied_at[k]) * ms for k, t in arrived_at_resident.items() if k in replied_at]
        samples.round_trip = [(t - sent_at[k]) * ms for k, t in arrived_at_resident.items()]
        if lost:
            print(
                f"  ! {len(lost)} messages got no answer within {ANSWER_TIMEOUT_S} s: {', '.join(lost[:5])}"
                + (" …" if len(lost) > 5 else "")
            )
        for problem, count in reply_errors.items():
            print(f"  ! {count} volunteer replies failed: {problem}")
        if not samples.round_trip:
            raise RuntimeError("no message made the round trip")
        resolved = sum(await asyncio.gather(*(v.resolve_all() for v in volunteers)))
        print(f"  {resolved}/{claimed} tickets resolved")
    finally:
        for task in [*listeners, *pending_replies]:
            task.cancel()
        for r in residents:
            await r.close()
        for v in volunteers:
            await v.close()
    return samples


def report_load(samples: Samples, residents_n: int, volunteers_n: int, rounds: int, burst: bool = False) -> None:
    print(
        f"\n  Latency under load ({residents_n} residents on the widget, {volunteers_n} volunteers on the console, "
        f"{rounds} rounds{', burst replies' if burst else ''}; target p95 ≤ {LATENCY_P95_TARGET_MS} ms):"
    )
    for label, values in (
        ("resident → volunteer console", samples.to_volunteer),
        ("volunteer → resident widget", samples.to_resident),
        ("round trip (answered at once)", samples.round_trip),
    ):
        if not values:
            print(f"    {label:<34} no samples   MISS")
            continue
        p50, p95 = percentile(values, 50), percentile(values, 95)
        print(
            f"    {label:<34} n={len(values):<4} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   max {max(values):6.1f} ms   "
            f"{_verdict(p95 <= LATENCY_P95_TARGET_MS)}"
        )


# ---------------------------------------------------------------------------- overlap with the NLU data


def check_overlap(conversations: list[Conversation], threshold: float = 0.8) -> None:
    """Nearest NLU training example of every typed turn (character 3–5-gram TF-IDF on the folded text)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    from nlu.normalize import match_key

    examples: list[tuple[str, str]] = []
    for path in sorted((ROOT / "nlu" / "data").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    examples.append((block["intent"], line.strip()[2:]))
    turns = [(c.id, t) for c in conversations for t in c.turns if t not in STEPS]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))
    matrix = vectorizer.fit_transform([match_key(t) for _, t in examples])
    similarity = linear_kernel(vectorizer.transform([match_key(t) for _, t in turns]), matrix)
    best = similarity.argmax(axis=1)
    scores = [similarity[i, best[i]] for i in range(len(turns))]
    close = [(scores[i], turns[i], examples[best[i]]) for i in range(len(turns)) if scores[i] >= threshold]
    print(
        f"Overlap with nlu/data: {len(turns)} typed turns; nearest-example similarity median "
        f"{sorted(scores)[len(scores) // 2]:.2f}, max {max(scores):.2f}; {len(close)} at or above {threshold}:"
    )
    for score, (cid, turn), (intent, example) in sorted(close, reverse=True):
        print(f"  {score:.2f} [{cid}] {turn!r}  ~  {intent}: {example!r}")


# ---------------------------------------------------------------------------- main


def create_volunteers(stack: Stack, n: int) -> list[tuple[str, str]]:
    password = "eval-" + uuid.uuid4().hex
    env = {**stack.gateway_env(), VOLUNTEER_PASSWORD_ENV: password}
    accounts = []
    for i in range(1, n + 1):
        username = f"eval-tnv-{i}"
        subprocess.run(
            [
                str(GATEWAY_PY),
                "-m",
                "bot.auth.cli",
                "create-user",
                "--role",
                "volunteer",
                "--username",
                username,
                "--display-name",
                f"Tình nguyện viên {i}",
                "--password-env",
                VOLUNTEER_PASSWORD_ENV,
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        accounts.append((username, password))
    return accounts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.eval_handoff", description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("accuracy", "load"), help="run one half only")
    parser.add_argument("--set", type=Path, default=SET, help="the test conversations (YAML)")
    parser.add_argument("--residents", type=int, default=20)
    parser.add_argument("--volunteers", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=10, help="messages each way per resident in the load part")
    parser.add_argument(
        "--burst", action="store_true", help="load: a volunteer sends all pending replies at once instead of one after another"
    )
    parser.add_argument("--parallel", type=int, default=4, help="conversations played at once in the accuracy part")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every conversation's turns and replies here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workdir (logs, databases)")
    parser.add_argument("--check-overlap", action="store_true", help="only compare the test turns with nlu/data")
    args = parser.parse_args(argv)

    conversations = load_set(args.set)
    if args.check_overlap:
        check_overlap(conversations)
        return 0
    model = MODEL_DIR / "current.tar.gz"
    if not model.exists():
        print("No model: run `make model` first.", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="eval-handoff-"))
    stack = Stack(
        workdir=workdir,
        rasa_port=free_port(),
        action_port=free_port(),
        gateway_port=free_port(),
        model=model,
        extra_env={
            "DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
            "HANDOFF_ALWAYS_OPEN": "1",
            "CHAT_RATE_PER_MINUTE": "100000",
            "TELEGRAM_MODE": "off",
            # every resident of the load test held by a volunteer at once (the default is 3 each)
            "HANDOFF_MAX_OPEN_PER_VOLUNTEER": str(max(3, -(-args.residents // max(1, args.volunteers)))),
        },
    )
    failed = False
    try:
        print(f"Starting the stack in {workdir} …", flush=True)
        stack.migrate()
        accounts = create_volunteers(stack, args.volunteers) if args.only != "accuracy" else []
        stack.start()
        stack.wait_ready(timeout=300)
        if args.only != "load":
            started = time.perf_counter()
            outcomes = asyncio.run(run_accuracy(stack.gateway_url, conversations, args.parallel))
            report_accuracy(outcomes)
            if args.json:
                args.json.write_text(
                    json.dumps(
                        [
                            {
                                "id": o.conversation.id,
                                "kind": o.conversation.kind,
                                "expect": o.conversation.expect,
                                "escalated": o.escalated,
                                "reason": o.reason,
                                "turn": o.turn,
                                "notes": o.notes,
                                "log": [{"sent": sent, "replies": replies} for sent, replies in o.log],
                            }
                            for o in outcomes
                        ],
                        ensure_ascii=False,
                        indent=1,
                    ),
                    encoding="utf-8",
                )
            print(f"\n  ({time.perf_counter() - started:.0f} s)")
        if args.only != "accuracy":
            print("\n== Handoff under load ==\n")
            try:
                samples = asyncio.run(run_load(stack.gateway_url, accounts, args.residents, args.rounds, args.burst))
                report_load(samples, args.residents, args.volunteers, args.rounds, args.burst)
            except Exception as error:  # the load half failed: say why, keep the accuracy figures
                failed = True
                print(f"  ✗ load part failed: {type(error).__name__}: {error}")
        if args.only is None:
            # last, as it stops processes: the bot unavailable is a trigger too
            print("\n== Bot unavailable ==\n")
            for name, label in (("actions", "action server stopped"), ("rasa", "Rasa stopped too")):
                stack.stop_one(name)
                print(f"  {label + ':':<24} {asyncio.run(probe_unavailable(stack.gateway_url, name))}")
    except Exception:
        failed = True
        raise
    finally:
        stack.stop()
        if failed or args.keep:
            print(f"\nLogs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
