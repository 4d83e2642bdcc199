"""`make eval-handoff`, load: residents and volunteers talking through the handoff, and the latency of each leg."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from devtools.eval_handoff_accuracy import verdict
from devtools.eval_handoff_clients import Resident, Volunteer
from devtools.stats import percentile

LATENCY_P95_TARGET_MS = 500
HANDOFF_REQUEST = "cho tôi gặp người hỗ trợ"
ANSWER_TIMEOUT_S = 15


@dataclass
class Samples:
    to_volunteer: list[float] = field(default_factory=list)  # ms, resident sends → volunteer's console WS
    to_resident: list[float] = field(default_factory=list)  # ms, volunteer's POST starts → resident's widget WS
    round_trip: list[float] = field(default_factory=list)  # ms, resident sends → the answer arrives back


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
            # a volunteer's socket that stopped listening is the usual cause: say why
            stopped = [repr(t.exception()) for t in listeners if t.done() and not t.cancelled() and t.exception()]
            raise RuntimeError(f"only {claimed} of {residents_n} tickets could be claimed; listeners stopped: {stopped}")
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
            f"{verdict(p95 <= LATENCY_P95_TARGET_MS)}"
        )
