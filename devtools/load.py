"""A reusable load driver: simulated residents talking to the gateway or to a stock Rasa server.

    from devtools.load import Target, conversations_from_knowledge, play, run_closed, run_open

    conversations = conversations_from_knowledge(300, seed=1)
    target = Target.gateway("http://127.0.0.1:8000", ws_share=0.5)   # or Target.rasa_rest("http://…:5005")
    result = asyncio.run(run_closed(target, conversations, residents=10, duration_s=20))
    print(result.summary())   # {"turns", "errors", "throughput_msg_s", "p50_ms", "p95_ms", "p99_ms", …}

* A **conversation** is a list of resident turns (texts), drawn from the knowledge base's question
  phrasings (accented, unaccented and teencode, as they are written there, plus accent-folded copies),
  often opened by a greeting and closed by a thanks.
* A **resident** plays conversations one after another, each with a new sender id. On the gateway a
  resident uses POST /api/chat or the widget WebSocket /ws/chat (``ws_share`` of them the WebSocket); on
  stock Rasa, POST /webhooks/rest/webhook. If a reply hands the conversation to a person (meta.handoff),
  the rest of it continues with a new sender, as the bot is silent while a volunteer holds it.
* ``play`` sends a list of turns once, one resident, one after another (profiling, probes).
* **Closed loop** (``run_closed``): every resident sends its next turn as soon as the previous one is
  answered, for ``duration_s``. **Open loop** (``run_open``): every resident sends a turn every
  ``gap_s`` (uniform, 10–30 s by default, measured from the previous send; a late answer delays only
  that resident), starting at a random moment of the first gap.
* A turn's **latency** is send → complete answer (the HTTP response; on the WebSocket, the
  ``typing off`` frame that follows the replies). An **error** is a non-200 answer, a transport failure,
  a timeout (``turn_timeout_s``), no reply at all, the gateway's "bot unavailable" notice, or another
  gateway notice (meta.source == "system") outside a handoff. Errors are counted by kind in ``Result.errors``.

``hooks`` (``Hooks``) let another driver (fault injection, …) watch each turn as it happens.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from devtools.stats import percentile

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "knowledge" / "content"
GREETINGS = ["xin chào", "chào bạn", "chao ad", "alo", "chào em", "hello ad", "e chào ad ạ", "chao ban"]
THANKS = ["cảm ơn", "cam on nhe", "thanks ad", "cảm ơn con nhiều", "ok cam on", "tks ad nha"]
DEFAULT_TIMEOUT_S = 30.0
UNAVAILABLE = "Dạ, hệ thống trả lời tự động đang tạm gián đoạn"  # the gateway's bot-unavailable notice


# ---------------------------------------------------------------------------- conversations


def knowledge_questions(content: Path = CONTENT) -> list[str]:
    """Every question phrasing of the knowledge base's seed files."""
    questions: list[str] = []
    for path in sorted(content.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in data.get("entries") or []:
            questions += [str(q).strip() for q in entry.get("questions") or [] if str(q).strip()]
    return questions


def conversations_from_knowledge(
    n: int = 300, turns: tuple[int, int] = (2, 4), seed: int = 0, content: Path = CONTENT
) -> list[list[str]]:
    """n conversations of turns[0]..turns[1] questions each (plus a greeting half the time and a thanks a
    third of the time). A quarter of the accented phrasings are sent accent-folded, as many residents type."""
    from nlu.normalize import fold, has_diacritics

    rng = random.Random(seed)
    pool = knowledge_questions(content)
    if not pool:
        raise ValueError(f"no questions in {content}")
    conversations = []
    for _ in range(n):
        conversation = [rng.choice(GREETINGS)] if rng.random() < 0.5 else []
        for question in rng.sample(pool, rng.randint(*turns)):
            conversation.append(fold(question) if has_diacritics(question) and rng.random() < 0.25 else question)
        if rng.random() < 1 / 3:
            conversation.append(rng.choice(THANKS))
        conversations.append(conversation)
    return conversations


def mix(conversations: list[list[str]]) -> dict[str, int]:
    """How the turns are written: accented, unaccented (no diacritics) and teencode (counted apart)."""
    from nlu.normalize import has_diacritics, uses_teencode

    counts: Counter = Counter()
    for turn in (t for c in conversations for t in c):
        counts["teencode" if uses_teencode(turn) else "accented" if has_diacritics(turn) else "unaccented"] += 1
    return dict(counts)


# ---------------------------------------------------------------------------- targets and results


@dataclass(frozen=True)
class Target:
    """Where residents send: our gateway (/api/chat + /ws/chat) or stock Rasa (/webhooks/rest/webhook)."""

    kind: str  # "gateway" | "rasa"
    base_url: str
    ws_share: float = 0.0  # gateway only: the share of residents on the widget WebSocket
    turn_timeout_s: float = DEFAULT_TIMEOUT_S

    @classmethod
    def gateway(cls, base_url: str, ws_share: float = 0.5, turn_timeout_s: float = DEFAULT_TIMEOUT_S) -> Target:
        return cls("gateway", base_url.rstrip("/"), ws_share, turn_timeout_s)

    @classmethod
    def rasa_rest(cls, base_url: str, turn_timeout_s: float = DEFAULT_TIMEOUT_S) -> Target:
        return cls("rasa", base_url.rstrip("/"), 0.0, turn_timeout_s)

    def transport_of(self, resident: int) -> str:
        """'ws' for ws_share of the residents (spread evenly over their indices), else 'http'."""
        if self.kind != "gateway" or self.ws_share <= 0:
            return "http"
        return "ws" if int((resident + 1) * self.ws_share) > int(resident * self.ws_share) else "http"


@dataclass
class TurnRecord:
    resident: int
    transport: str
    started: float  # seconds since the run started
    latency_ms: float
    error: str | None = None  # None: answered well
    handoff: bool = False


@dataclass
class Hooks:
    """Optional callbacks: on_turn(record) after every turn (must be quick; not awaited)."""

    on_turn: Callable[[TurnRecord], None] | None = None


@dataclass
class Result:
    shape: str
    target: str
    residents: int
    duration_s: float = 0.0  # wall time of the measured part
    turns: list[TurnRecord] = field(default_factory=list)
    client_cpu_s: float = 0.0  # CPU the driver itself used (it shares the machine with the servers)

    @property
    def errors(self) -> Counter:
        return Counter(t.error for t in self.turns if t.error)

    def latencies(self, transport: str | None = None, ok_only: bool = True) -> list[float]:
        return [
            t.latency_ms
            for t in self.turns
            if (transport is None or t.transport == transport) and (t.error is None or not ok_only)
        ]

    def summary(self) -> dict[str, Any]:
        """The figures: answered turns per second, latency percentiles (answered turns), errors by kind."""
        ok = self.latencies()
        out: dict[str, Any] = {
            "shape": self.shape,
            "target": self.target,
            "residents": self.residents,
            "duration_s": round(self.duration_s, 2),
            "turns": len(self.turns),
            "answered": len(ok),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "handoffs": sum(t.handoff for t in self.turns),
            "throughput_msg_s": round(len(ok) / self.duration_s, 2) if self.duration_s else 0.0,
            "client_cpu_s": round(self.client_cpu_s, 2),
        }
        for q in (50, 95, 99):
            out[f"p{q}_ms"] = round(percentile(ok, q), 1) if ok else None
        out["max_ms"] = round(max(ok), 1) if ok else None
        transports = sorted({t.transport for t in self.turns})
        if len(transports) > 1:
            out["by_transport"] = {
                tr: {f"p{q}_ms": round(percentile(v, q), 1) for q in (50, 95, 99)} | {"n": len(v)}
                for tr in transports
                if (v := self.latencies(tr))
            }
        return out


# ---------------------------------------------------------------------------- one resident


class _Session:
    """One resident's connection state: a sender id and, on the WebSocket, an open socket."""

    def __init__(self, target: Target, http: httpx.AsyncClient, transport: str, resident: int) -> None:
        self.target, self.http, self.transport, self.resident = target, http, transport, resident
        self.sender = ""
        self.ws = None
        self.sent = 0

    async def new_sender(self) -> None:
        await self.close()
        self.sender = f"bench{self.resident:04d}{uuid.uuid4().hex[:16]}"
        if self.transport == "ws":
            from websockets.asyncio.client import connect

            url = self.target.base_url.replace("http://", "ws://", 1) + "/ws/chat"
            self.ws = await connect(url, max_size=2**22, open_timeout=self.target.turn_timeout_s)
            await self.ws.send(json.dumps({"type": "hello", "sender": self.sender, "last_seq": 0}))
            welcome = json.loads(await asyncio.wait_for(self.ws.recv(), self.target.turn_timeout_s))
            if welcome.get("type") != "welcome":
                raise RuntimeError(f"expected welcome, got {welcome.get('type')}")

    async def say(self, text: str) -> list[dict[str, Any]]:
        """Sends one turn; the replies, or raises _TurnFailed(kind)."""
        if self.transport == "ws":
            return await self._say_ws(text)
        path = "/api/chat" if self.target.kind == "gateway" else "/webhooks/rest/webhook"
        try:
            response = await self.http.post(path, json={"sender": self.sender, "message": text})
        except httpx.TimeoutException as error:
            raise _TurnFailed("timeout") from error
        except httpx.HTTPError as error:
            raise _TurnFailed(f"transport:{type(error).__name__}") from error
        if response.status_code != 200:
            raise _TurnFailed(f"http_{response.status_code}")
        return response.json()

    async def _say_ws(self, text: str) -> list[dict[str, Any]]:
        self.sent += 1
        client_id = f"c{self.sent}"
        replies: list[dict[str, Any]] = []
        acked = False
        try:
            await self.ws.send(json.dumps({"type": "message", "client_id": client_id, "text": text}))
            async with asyncio.timeout(self.target.turn_timeout_s):
                while True:
                    frame = json.loads(await self.ws.recv())
                    kind = frame.get("type")
                    if kind == "error":
                        raise _TurnFailed(f"ws_error:{frame.get('code')}")
                    if kind == "ack" and frame.get("client_id") == client_id:
                        acked = True
                    elif kind == "message" and frame.get("direction") == "out":
                        replies.append(frame)
                    elif kind == "typing" and frame.get("on") is False and acked:
                        return replies
        except TimeoutError as error:
            raise _TurnFailed("timeout") from error
        except _TurnFailed:
            raise
        except Exception as error:  # closed socket, bad frame …
            raise _TurnFailed(f"ws:{type(error).__name__}") from error

    async def close(self) -> None:
        if self.ws is not None:
            ws, self.ws = self.ws, None
            try:
                await ws.close()
            except Exception:
                pass


class _TurnFailed(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _judge(target: Target, replies: list[dict[str, Any]]) -> tuple[str | None, bool]:
    """(error kind or None, handed off?) for one turn's replies."""
    if not replies:
        return "no_reply", False
    metas = [r.get("meta") or {} for r in replies]
    if any(m.get("handoff_reason") == "bot_unavailable" for m in metas) or any(
        (r.get("text") or "").startswith(UNAVAILABLE) for r in replies
    ):
        return "bot_unavailable", False
    handoff = any(m.get("handoff") or m.get("mode") in ("waiting", "human") for m in metas)
    # other gateway notices (queue position, call-back, rating) belong to a handoff; alone they are wrong
    if any(m.get("source") == "system" for m in metas) and not handoff:
        return "system_reply", False
    return None, handoff


class _Resident:
    """Plays conversations one after another; records each turn."""

    def __init__(
        self,
        index: int,
        target: Target,
        http: httpx.AsyncClient,
        conversations: list[list[str]],
        result: Result,
        t0: float,
        hooks: Hooks | None,
    ) -> None:
        self.index, self.target, self.result, self.t0, self.hooks = index, target, result, t0, hooks
        self.session = _Session(target, http, target.transport_of(index), index)
        self.conversations = conversations
        self.next_conversation = index  # residents start at different conversations
        self.queue: list[str] = []
        self.fresh = True  # the next turn needs a new sender

    def next_turn(self) -> str:
        if not self.queue:
            self.queue = list(self.conversations[self.next_conversation % len(self.conversations)])
            self.next_conversation += len(self.conversations) // 7 + 1
            self.fresh = True
        return self.queue.pop(0)

    async def turn(self) -> TurnRecord:
        text = self.next_turn()
        started = time.perf_counter()
        error, handoff = None, False
        try:
            if self.fresh:
                await self.session.new_sender()  # a WebSocket's connect + hello count in its first turn
                self.fresh = False
            replies = await self.session.say(text)
            error, handoff = _judge(self.target, replies)
        except _TurnFailed as failed:
            error = failed.kind
        except Exception as failed:  # connect failures and the like
            error = f"connect:{type(failed).__name__}"
        record = TurnRecord(
            self.index, self.session.transport, started - self.t0, (time.perf_counter() - started) * 1000, error, handoff
        )
        if error or handoff:
            self.fresh = True  # continue with a new sender (a broken or handed-off conversation)
            if error and error.startswith(("ws", "connect", "transport", "timeout")):
                await self.session.close()
        self.result.turns.append(record)
        if self.hooks and self.hooks.on_turn:
            self.hooks.on_turn(record)
        return record

    async def close(self) -> None:
        await self.session.close()


def _client(target: Target, residents: int) -> httpx.AsyncClient:
    # uvicorn and Sanic close idle connections after 5 s: never reuse one that old
    return httpx.AsyncClient(
        base_url=target.base_url,
        timeout=httpx.Timeout(target.turn_timeout_s, connect=10),
        limits=httpx.Limits(max_connections=residents + 8, max_keepalive_connections=residents + 8, keepalive_expiry=2),
    )


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------------------- load shapes


async def run_closed(
    target: Target,
    conversations: list[list[str]],
    residents: int,
    duration_s: float,
    warmup_s: float = 2.0,
    hooks: Hooks | None = None,
) -> Result:
    """residents send back to back for warmup_s + duration_s; turns started in the warm-up are not counted."""
    result = Result("closed", target.kind, residents)
    async with _client(target, residents) as http:
        t0 = time.perf_counter()
        measured_from = t0 + warmup_s
        stop_at = measured_from + duration_s
        players = [_Resident(i, target, http, conversations, result, t0, hooks) for i in range(residents)]

        async def loop(player: _Resident) -> None:
            while time.perf_counter() < stop_at:
                await player.turn()

        cpu = _cpu()
        try:
            await asyncio.gather(*(loop(p) for p in players))
        finally:
            await asyncio.gather(*(p.close() for p in players))
        ended = time.perf_counter()
    result.client_cpu_s = _cpu() - cpu
    # throughput over the measured window: turns that started in it; window ends when the last of them ends
    result.turns = [t for t in result.turns if t.started >= warmup_s]
    result.duration_s = ended - measured_from  # the window plus the tail of the last turns
    return result


async def play(target: Target, turns: list[str], hooks: Hooks | None = None) -> Result:
    """One resident sends these turns one after another (a new sender after a handoff or error)."""
    result = Result("sequence", target.kind, 1)
    async with _client(target, 1) as http:
        t0 = time.perf_counter()
        player = _Resident(0, target, http, [list(turns)], result, t0, hooks)
        try:
            for _ in turns:
                await player.turn()
        finally:
            await player.close()
        result.duration_s = time.perf_counter() - t0
    return result


async def run_open(
    target: Target,
    conversations: list[list[str]],
    residents: int = 500,
    duration_s: float = 60.0,
    gap_s: tuple[float, float] = (10.0, 30.0),
    seed: int = 0,
    hooks: Hooks | None = None,
) -> Result:
    """Each resident sends a turn every gap_s (uniform) for duration_s, its first at a random moment of
    the first gap; a turn whose answer comes later than the next send time delays only that resident."""
    result = Result("open", target.kind, residents)
    rng = random.Random(seed)
    async with _client(target, residents) as http:
        t0 = time.perf_counter()
        stop_at = t0 + duration_s
        players = [_Resident(i, target, http, conversations, result, t0, hooks) for i in range(residents)]

        async def loop(player: _Resident, first: float, gaps: random.Random) -> None:
            due = t0 + first
            while due < stop_at:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                await player.turn()
                due += gaps.uniform(*gap_s)

        cpu = _cpu()
        try:
            await asyncio.gather(*(loop(p, rng.uniform(0, gap_s[1]), random.Random(rng.random())) for p in players))
        finally:
            await asyncio.gather(*(p.close() for p in players))
        result.duration_s = time.perf_counter() - t0
    result.client_cpu_s = _cpu() - cpu
    return result
