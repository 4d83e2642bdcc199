"""The profiled run of `make bench`: where one turn's time goes (gateway, Rasa's graph, knowledge search)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from devtools.bench_setups import OUT, RASA_PY, ROOT, our_stack

GATEWAY_STAGES = {
    "_store_inbound": "database (gateway: store message)",
    "_load_conversation": "database (gateway: load conversation)",
    "_handle_here": "database (gateway: handoff/buttons/holds check)",
    "_store_bot_turn": "database (gateway: store replies)",
    "_publish": "publish (hub, relay)",
}


def profile(args: argparse.Namespace, conversations, schemas: list[str]) -> dict[str, Any]:
    """One resident, BENCH_PROFILE=1: where a turn's time goes."""
    from devtools.load import Target, play, run_closed

    workdir = Path(tempfile.mkdtemp(prefix="bench-profile-", dir=OUT))
    stack = our_stack(workdir, args.setup, args, schemas, profile=True)
    messages = [t for c in conversations[:40] for t in c][: args.profile_turns]
    try:
        stack.migrate()
        stack.start()
        stack.wait_ready(timeout=300)
        target = Target.gateway(stack.gateway_url, ws_share=0.0)
        asyncio.run(run_closed(target, conversations, 1, 3, warmup_s=0))  # warm
        (workdir / "gateway.log").write_text("")  # only the measured turns
        turns: list[float] = []
        result = asyncio.run(play(target, messages))
        turns = result.latencies()
        gateway = _parse_gateway_profile(workdir / "gateway.log")
        rasa = _rasa_profile(stack, messages, workdir)
        knowledge = _knowledge_profile(stack, messages)
    finally:
        stack.stop()
    return _stages(turns, gateway, rasa, knowledge, len(messages))


def _parse_gateway_profile(log: Path) -> dict[str, list[float]]:
    stages: dict[str, list[float]] = {}
    for line in log.read_text(errors="replace").splitlines():
        if "bench-profile " in line:
            name, ms = line.split("bench-profile ", 1)[1].split()[:2]
            stages.setdefault(name, []).append(float(ms))
    return stages


def _rasa_profile(stack, messages: list[str], workdir: Path) -> dict[str, Any]:
    """Runs our model in-process in Rasa's env on the same messages, timing each graph node."""
    from devtools.stack import DIALOGUE, rasa_env

    env = {
        **rasa_env(workdir, stack.action_port),
        **{k: v for k, v in stack.extra_env.items() if k.startswith("RASA_")},
        "RASA_TRACKER_DB": str(workdir / "profile_tracker.db")
        if stack.extra_env.get("RASA_TRACKER_DIALECT", "sqlite") == "sqlite"
        else stack.extra_env["RASA_TRACKER_DB"],
        "RASA_LOCK_STORE": "in_memory",
    }
    (workdir / "profile_messages.json").write_text(json.dumps(messages, ensure_ascii=False))
    done = subprocess.run(
        [
            str(RASA_PY),
            "-m",
            "devtools.bench",
            "--rasa-profile",
            str(stack.model),
            str(DIALOGUE / "endpoints.yml"),
            str(workdir / "profile_messages.json"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Rasa profile failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def rasa_profile_main(model: str, endpoints: str, messages_path: str) -> None:
    """(In .venv-rasa.) Prints {stage: [ms per turn]} for our model on the messages, one turn each."""
    import logging

    logging.disable(logging.WARNING)
    from rasa_addons.patches import speedups  # as the gateway channel installs them in the server

    speedups.install()
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.engine.graph import GraphNode

    per_turn: dict[str, float] = {}

    def add(stage: str, ms: float) -> None:
        per_turn[stage] = per_turn.get(stage, 0.0) + ms

    def stage_of(node: str) -> str:
        if "Tokenizer" in node:
            return "tokenisation (Rasa)"
        if any(k in node for k in ("Featurizer", "Classifier", "Synonym", "Extractor", "nlu_message", "ResponseSelector")):
            return "NLU (featurizers, classifier)"
        if "Policy" in node or "prediction" in node or "tracker_featur" in node:
            return "policy"
        return "Rasa graph, other"

    original_call = GraphNode.__call__

    def timed_call(self, *inputs):
        started = time.perf_counter()
        try:
            return original_call(self, *inputs)
        finally:
            add(stage_of(self._node_name), (time.perf_counter() - started) * 1000)

    GraphNode.__call__ = timed_call
    original_run = RemoteAction.run

    async def timed_run(self, *a, **k):
        started = time.perf_counter()
        try:
            return await original_run(self, *a, **k)
        finally:
            add("action (Rasa → action server, incl. knowledge search)", (time.perf_counter() - started) * 1000)

    RemoteAction.run = timed_run

    async def main() -> dict[str, list[float]]:
        agent = await load_agent(model_path=model, endpoints=AvailableEndpoints.read_endpoints(endpoints))
        store = agent.tracker_store
        for name in ("retrieve", "save", "retrieve_full_tracker"):
            original = getattr(store, name)

            async def timed(*a, _original=original, **k):
                started = time.perf_counter()
                try:
                    return await _original(*a, **k)
                finally:
                    add("database (Rasa tracker store)", (time.perf_counter() - started) * 1000)

            setattr(store, name, timed)
        messages = json.loads(Path(messages_path).read_text(encoding="utf-8"))
        await agent.handle_message(UserMessage("xin chào", sender_id="warm"))  # loads lazily built parts
        stages: dict[str, list[float]] = {}
        for i, text in enumerate(messages):
            per_turn.clear()
            started = time.perf_counter()
            await agent.handle_message(UserMessage(text, sender_id=f"profile{i}"))
            per_turn["rasa total"] = (time.perf_counter() - started) * 1000
            for stage, ms in per_turn.items():
                stages.setdefault(stage, []).append(ms)
        return stages

    print(json.dumps(asyncio.run(main())))


def _knowledge_profile(stack, messages: list[str]) -> list[float]:
    """The action server's knowledge search, in-process, on the same messages."""
    os.environ["DATABASE_URL"] = stack.gateway_env()["DATABASE_URL"]
    from actions.answer_question import search

    search("xin chào")
    times = []
    for text in messages:
        started = time.perf_counter()
        search(text)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _stages(turns, gateway, rasa, knowledge, n) -> dict[str, Any]:
    """Mean ms per turn of each stage (a stage that runs for only some turns is averaged over all)."""

    def per_turn(values: list[float]) -> float:
        return sum(values) / n if n else 0.0

    rows: dict[str, float] = {}
    total = statistics.fmean(turns) if turns else 0.0
    gateway_total = per_turn(gateway.get("accept", [])) + per_turn(gateway.get("answer", []))
    rasa_call = per_turn(gateway.get("rasa.send", []))
    rasa_total = per_turn(rasa.get("rasa total", []))
    for stage, label in GATEWAY_STAGES.items():
        rows[label] = per_turn(gateway.get(stage, []))
    for stage, values in rasa.items():
        if stage != "rasa total":
            rows[stage] = per_turn(values)
    rows["  of which knowledge search (in-process)"] = per_turn(knowledge) if knowledge else 0.0
    rasa_parts = sum(per_turn(v) for k, v in rasa.items() if k != "rasa total")
    rows["Rasa, rest (processor, events, locks)"] = max(0.0, rasa_total - rasa_parts)
    rows["network + HTTP (gateway ↔ Rasa)"] = max(0.0, rasa_call - rasa_total)
    gateway_parts = rasa_call + sum(rows[label] for label in GATEWAY_STAGES.values())
    rows["gateway, rest (validation, locks, threads)"] = max(0.0, gateway_total - gateway_parts)
    rows["network + HTTP (resident ↔ gateway)"] = max(0.0, total - gateway_total)
    return {
        "turns": n,
        "mean_turn_ms": round(total, 1),
        "gateway_ms": round(gateway_total, 1),
        "rasa_call_ms": round(rasa_call, 1),
        "rasa_in_process_ms": round(rasa_total, 1),
        "stages_ms": {k: round(v, 2) for k, v in rows.items()},
    }
