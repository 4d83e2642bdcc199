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
import random
import resource
import time
from collections import Counter
from pathlib import Path

import httpx
import yaml

from devtools.load_resident import Resident
from devtools.load_results import Hooks, Result, Target

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "knowledge" / "content"
GREETINGS = ["xin chào", "chào bạn", "chao ad", "alo", "chào em", "hello ad", "e chào ad ạ", "chao ban"]
THANKS = ["cảm ơn", "cam on nhe", "thanks ad", "cảm ơn con nhiều", "ok cam on", "tks ad nha"]


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
        players = [Resident(i, target, http, conversations, result, t0, hooks) for i in range(residents)]

        async def loop(player: Resident) -> None:
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
        player = Resident(0, target, http, [list(turns)], result, t0, hooks)
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
        players = [Resident(i, target, http, conversations, result, t0, hooks) for i in range(residents)]

        async def loop(player: Resident, first: float, gaps: random.Random) -> None:
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
