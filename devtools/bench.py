"""`make bench`: throughput and latency of the gateway under simulated residents, against stock Rasa.

    python -m devtools.bench [--quick] [--levels 10,25,50,100] [--duration 20] [--open-residents 500]
                             [--open-duration 60] [--setup make-run|scaled] [--only ours|stock] [--no-profile]
                             [--speedups-off]

1. Stock Rasa: devtools/bench_stock/ (Rasa's default pipeline and policies — `rasa init`'s config with no
   pipeline — the same NLU data, one rule and one plain response per intent) is trained once and cached in
   var/bench/stock-<fingerprint>/ (DIET and TED: several minutes on 2 cores), then served by `rasa run`
   with its REST channel.
2. Each system in turn (the other stopped) gets the same conversations (devtools/load.py: knowledge-base
   phrasings, accented, unaccented and teencode) and the same load: closed loop at each --levels count of
   residents sending back to back for --duration s, then open loop (--open-residents residents, a message
   every 10–30 s each, for --open-duration s). Our residents use /api/chat and the widget WebSocket (half
   each); stock Rasa's use /webhooks/rest/webhook.
3. The resident memory (VmRSS, summed over each process tree) is sampled throughout; the peak is shown.
4. A profiled run (one resident, BENCH_PROFILE=1 in the gateway; Rasa's graph timed in-process on the
   same messages; the knowledge search timed in-process) splits a turn's time into stages.

Prints the figures and our ratios to stock Rasa with the issue's targets (PASS/MISS), writes
var/bench/results.json and var/bench/latency.png (matplotlib from .venv-rasa). Exit status 0 unless the
run itself failed.

`--setup` chooses how our system runs: `make-run` (the default: exactly as `make run` starts it, SQLite,
one process each) or `scaled` (PostgreSQL, Redis, --rasa-workers Sanic workers sharing the Redis lock
store, --gateway-workers uvicorn workers). On this 2-core machine `scaled` measured slower (the extra
processes, PostgreSQL and Redis cost more CPU per turn than the second core gives back).

`--speedups-off` measures our stack a second time with RASA_SPEEDUPS=0 (Rasa without
bot/dialogue/rasa_speedups.py's patches), right after the run with them, under the same load; the report
adds its figures and the ratio to ours. Alone, without stock Rasa and the profile:
`python -m devtools.bench --only ours --speedups-off --no-profile` (add `--quick` for a short run).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STOCK_SRC = ROOT / "devtools" / "bench_stock"
OUT = ROOT / "var" / "bench"
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")

# targets of issue 5
P95_RATIO_AT_10 = 1.15
SATURATION_RATIO = 2.0
OPEN_P95_MS = 150.0


# ---------------------------------------------------------------------------- memory


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu_s(pid: int, tree: dict[int, list[int]] | None = None) -> float:
    """User + system CPU seconds of a process and its descendants (living ones, and children they reaped)."""
    tree = tree if tree is not None else _children()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
        except (OSError, IndexError, ValueError):
            continue
        todo += tree.get(p, [])
    return total / CLOCK_TICKS


def tree_rss_mb(pid: int, tree: dict[int, list[int]] | None = None) -> tuple[float, int]:
    """VmRSS summed over a process and its descendants (MB), and how many processes that is."""
    tree = tree if tree is not None else _children()
    total, count, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        count += 1
                        break
        except OSError:
            continue
        todo += tree.get(p, [])
    return total / 1024, count


class RssSampler:
    """Samples the RSS of named process trees every interval until stopped; keeps the peak and the last."""

    def __init__(self, pids: dict[str, int], interval: float = 1.0) -> None:
        self.pids, self.interval = pids, interval
        self.peak: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.processes: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = _children()
            for name, pid in self.pids.items():
                mb, n = tree_rss_mb(pid, tree)
                if n:
                    self.last[name], self.processes[name] = mb, n
                    self.peak[name] = max(self.peak.get(name, 0.0), mb)
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def figures(self) -> dict[str, dict[str, float]]:
        return {
            n: {"peak_mb": round(self.peak[n], 1), "last_mb": round(self.last[n], 1), "processes": self.processes[n]}
            for n in self.peak
        }


# ---------------------------------------------------------------------------- stock Rasa


def stock_inputs() -> list[Path]:
    return [
        *sorted(p for p in STOCK_SRC.rglob("*.yml")),
        *sorted((ROOT / "nlu" / "data").glob("*.yml")),
        ROOT / "requirements" / "rasa.lock",
    ]


def stock_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in stock_inputs():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stock_model() -> tuple[Path, Path, float | None]:
    """(model, project dir, training seconds if it trained or was trained before) — trains when missing."""
    project = OUT / f"stock-{stock_fingerprint()}"
    model = project / "models" / "stock.tar.gz"
    timing = project / "train_seconds.txt"
    if model.exists():
        return model, project, float(timing.read_text()) if timing.exists() else None
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(STOCK_SRC, project)  # Rasa writes the default pipeline into this copy's config.yml
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    command = [
        str(RASA_BIN),
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        str(ROOT / "nlu" / "data"),
        "data",
        "--out",
        "models",
        "--fixed-model-name",
        "stock",
    ]
    print("⏳ Training stock Rasa (default pipeline: DIET, TED …; several minutes on 2 cores) …", flush=True)
    started = time.monotonic()
    with open(project / "train.log", "wb") as log:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        while process.poll() is None:
            print(f"\r   {time.monotonic() - started:5.0f} s", end="", flush=True)
            time.sleep(2)
    print()
    if process.returncode != 0:
        raise SystemExit(f"stock Rasa training failed: see {project / 'train.log'}")
    seconds = time.monotonic() - started
    timing.write_text(f"{seconds:.0f}")
    print(f"✓ stock Rasa trained in {seconds:.0f} s", flush=True)
    return model, project, seconds


class StockRasa:
    """`rasa run` of the stock model with the REST channel."""

    def __init__(self, model: Path, project: Path, workdir: Path) -> None:
        from devtools.stack import free_port

        self.model, self.project, self.workdir = model, project, workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
        log = open(self.workdir / "stock-rasa.log", "ab")
        self.process = subprocess.Popen(
            [
                str(RASA_BIN),
                "run",
                "--model",
                str(self.model),
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--credentials",
                str(self.project / "credentials.yml"),
                "--endpoints",
                str(self.project / "endpoints.yml"),
            ],
            cwd=self.project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"stock rasa exited; see {self.workdir / 'stock-rasa.log'}")
            try:
                with urllib.request.urlopen(self.url + "/webhooks/rest/", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError("stock rasa not ready")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


# ---------------------------------------------------------------------------- our stack


def _postgres_schema() -> tuple[str, str]:
    """A fresh schema in the machine's PostgreSQL: (its URL, its name)."""
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return f"{POSTGRES}?options=-csearch_path%3D{schema}", schema


def _drop_schemas(schemas: list[str]) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for schema in schemas:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


SETUPS = {
    "make-run": "as `make run`: SQLite application DB and Rasa tracker, in-memory lock, one process each",
    "scaled": "PostgreSQL (application DB, Rasa tracker), Redis (Rasa locks, gateway relay), "
    "Rasa ×{rasa_workers} Sanic workers, gateway ×{gateway_workers} uvicorn workers, "
    "action server ×{action_workers}",
}


def our_stack(
    workdir: Path, setup: str, args: argparse.Namespace, schemas: list[str], profile: bool = False, speedups: bool = True
):
    from devtools.stack import MODEL_DIR, Stack, free_port

    env = {
        "DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
        "HANDOFF_ALWAYS_OPEN": "1",
        "CHAT_RATE_PER_MINUTE": "1000000",
        "TELEGRAM_MODE": "off",
        "LOG_LEVEL": "INFO" if profile else "WARNING",
    }
    if profile:
        env["BENCH_PROFILE"] = "1"
    if not speedups:
        env["RASA_SPEEDUPS"] = "0"  # Stack hands RASA_* to Rasa; bot/dialogue/speedups_guard.py reads it
    if setup == "scaled":
        app_url, app_schema = _postgres_schema()
        tracker_url, tracker_schema = _postgres_schema()
        schemas += [app_schema, tracker_schema]
        env.update(
            {
                "DATABASE_URL": app_url,
                "REDIS_URL": REDIS,
                "REDIS_CHANNEL": f"tlsp:bench:{uuid.uuid4().hex[:8]}",
                "RASA_TRACKER_DIALECT": "postgresql",
                "RASA_TRACKER_HOST": tracker_url.replace("+psycopg", ""),
                "RASA_TRACKER_DB": "test",
                "RASA_LOCK_STORE": "redis",
                "RASA_LOCK_STORE_DB": "3",
                "RASA_LOCK_STORE_PREFIX": f"bench{uuid.uuid4().hex[:8]}",
                "SANIC_WORKERS": str(args.rasa_workers),
                "ACTION_SERVER_SANIC_WORKERS": str(args.action_workers),
                "GATEWAY_WORKERS": str(args.gateway_workers),
            }
        )
    return Stack(
        workdir=workdir,
        rasa_port=free_port(),
        action_port=free_port(),
        gateway_port=free_port(),
        model=MODEL_DIR / "current.tar.gz",
        extra_env=env,
    )


# ---------------------------------------------------------------------------- measuring


def _cpu_of(pids: dict[str, int]) -> dict[str, float]:
    tree = _children()
    return {name: tree_cpu_s(pid, tree) for name, pid in pids.items()}


def _cpu_per_turn(before: dict[str, float], after: dict[str, float], turns: int) -> dict[str, float]:
    """CPU milliseconds each process tree spent per answered turn."""
    return {name: round((after[name] - before[name]) * 1000 / turns, 1) for name in before} if turns else {}


async def _measure(target, conversations, args: argparse.Namespace, label: str, pids: dict[str, int]) -> dict[str, Any]:
    from devtools.load import run_closed, run_open

    out: dict[str, Any] = {"closed": [], "open": None}
    await run_closed(target, conversations, residents=4, duration_s=3, warmup_s=0)  # warm caches, connections
    for n in args.levels:
        cpu = _cpu_of(pids)
        result = await run_closed(target, conversations, n, args.duration, warmup_s=0)
        summary = result.summary()
        summary["cpu_ms_per_turn"] = _cpu_per_turn(cpu, _cpu_of(pids), summary["answered"])
        summary["cpu_ms_per_turn"]["load driver"] = round(result.client_cpu_s * 1000 / max(1, summary["answered"]), 1)
        out["closed"].append(summary)
        print(f"  {label:<8} closed {n:>4} residents: {_line(summary)}", flush=True)
    if args.open_residents:
        cpu = _cpu_of(pids)
        result = await run_open(target, conversations, args.open_residents, args.open_duration)
        summary = result.summary()
        summary["cpu_ms_per_turn"] = _cpu_per_turn(cpu, _cpu_of(pids), summary["answered"])
        out["open"] = summary
        print(f"  {label:<8} open   {args.open_residents:>4} residents: {_line(summary)}", flush=True)
    return out


def _line(s: dict[str, Any]) -> str:
    def ms(v):
        return f"{v:7.1f}" if v is not None else "      —"

    extra = ""
    if s.get("by_transport"):
        extra = "  [" + ", ".join(f"{k} p95 {v['p95_ms']:.0f}" for k, v in s["by_transport"].items()) + "]"
    kinds = f" {s['error_kinds']}" if s["errors"] else ""
    if s.get("cpu_ms_per_turn"):
        extra += "  CPU ms/turn: " + ", ".join(f"{k} {v:.0f}" for k, v in s["cpu_ms_per_turn"].items())
    return (
        f"{s['throughput_msg_s']:6.1f} msg/s  p50 {ms(s['p50_ms'])}  p95 {ms(s['p95_ms'])}  p99 {ms(s['p99_ms'])} ms"
        f"  n={s['answered']:<5} errors {s['errors']}{kinds}{extra}"
    )


def run_system(kind: str, args: argparse.Namespace, conversations, schemas: list[str]) -> dict[str, Any]:
    """Starts one system, measures it, stops it."""
    from devtools.load import Target

    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-", dir=OUT))
    figures: dict[str, Any] = {"workdir": str(workdir)}
    if kind == "stock":
        model, project, seconds = stock_model()
        figures["training_s"] = seconds
        server = StockRasa(model, project, workdir)
        started = time.monotonic()
        server.start()
        try:
            server.wait_ready()
            figures["startup_s"] = round(time.monotonic() - started, 1)
            with RssSampler({"stock rasa": server.process.pid}) as rss:
                figures.update(
                    asyncio.run(
                        _measure(Target.rasa_rest(server.url), conversations, args, "stock", {"stock rasa": server.process.pid})
                    )
                )
            figures["rss"] = rss.figures()
        finally:
            server.stop()
        return figures
    stack = our_stack(workdir, args.setup, args, schemas, speedups=kind != "ours-off")
    figures["setup"] = args.setup
    figures["rasa_speedups"] = kind != "ours-off"
    figures["setup_text"] = SETUPS[args.setup].format(**vars(args))
    try:
        stack.migrate()
        started = time.monotonic()
        stack.start()
        stack.wait_ready(timeout=300)
        figures["startup_s"] = round(time.monotonic() - started, 1)
        pids = {name: p.pid for name, p in stack.processes.items()}
        with RssSampler(pids) as rss:
            target = Target.gateway(stack.gateway_url, ws_share=args.ws_share)
            figures.update(asyncio.run(_measure(target, conversations, args, kind, pids)))
        figures["rss"] = rss.figures()
    finally:
        stack.stop()
    return figures


# ---------------------------------------------------------------------------- profile


GATEWAY_STAGES = {
    "_store_inbound": "database (gateway: store message)",
    "_load_conversation": "database (gateway: load conversation)",
    "_handle_here": "database (gateway: handoff/buttons check)",
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
    from bot.dialogue import rasa_speedups  # as the gateway channel installs them in the server

    rasa_speedups.install()
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


# ---------------------------------------------------------------------------- report


def _saturation(system: dict[str, Any]) -> float:
    return max((s["throughput_msg_s"] for s in system.get("closed", [])), default=0.0)


def _at(system: dict[str, Any], residents: int) -> dict[str, Any] | None:
    return next((s for s in system.get("closed", []) if s["residents"] == residents), None)


def verdicts(ours: dict[str, Any], stock: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    errors = sum(s["errors"] for s in ours.get("closed", [])) + (ours["open"]["errors"] if ours.get("open") else 0)
    rows.append({"target": "no errors (ours)", "value": errors, "ok": errors == 0})
    o10, s10 = _at(ours, 10), _at(stock, 10)
    if o10 and s10 and o10["p95_ms"] and s10["p95_ms"]:
        ratio = o10["p95_ms"] / s10["p95_ms"]
        rows.append(
            {
                "target": f"p95 at 10 closed-loop residents ≤ {P95_RATIO_AT_10}× stock",
                "value": f"{o10['p95_ms']:.0f} / {s10['p95_ms']:.0f} ms = {ratio:.2f}×",
                "ratio": round(ratio, 3),
                "ok": ratio <= P95_RATIO_AT_10,
            }
        )
    if stock.get("closed"):
        ratio = _saturation(ours) / _saturation(stock) if _saturation(stock) else float("inf")
        rows.append(
            {
                "target": f"saturation throughput ≥ {SATURATION_RATIO}× stock",
                "value": f"{_saturation(ours):.1f} / {_saturation(stock):.1f} msg/s = {ratio:.2f}×",
                "ratio": round(ratio, 3),
                "ok": ratio >= SATURATION_RATIO,
            }
        )
    if ours.get("open") and ours["open"]["p95_ms"] is not None:
        p95 = ours["open"]["p95_ms"]
        rows.append(
            {"target": f"open-loop p95 per turn ≤ {OPEN_P95_MS:.0f} ms", "value": f"{p95:.0f} ms", "ok": p95 <= OPEN_P95_MS}
        )
    return rows


def report(results: dict[str, Any]) -> None:
    ours, stock = results.get("ours", {}), results.get("stock", {})
    print("\n== Closed loop (residents sending back to back) ==")
    print(
        f"  {'residents':>9} | {'ours msg/s':>10} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>4} | "
        f"{'stock msg/s':>11} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>4} | {'ratio msg/s':>11} {'ratio p95':>9}"
    )
    for n in results["args"]["levels"]:
        o, s = _at(ours, n) or {}, _at(stock, n) or {}

        def cells(x):
            if not x:
                return f"{'—':>10} {'—':>7} {'—':>7} {'—':>7} {'—':>4}"
            return (
                f"{x['throughput_msg_s']:>10.1f} {x['p50_ms'] or 0:>7.0f} {x['p95_ms'] or 0:>7.0f} "
                f"{x['p99_ms'] or 0:>7.0f} {x['errors']:>4}"
            )

        ratio_t = f"{o['throughput_msg_s'] / s['throughput_msg_s']:.2f}×" if o and s and s["throughput_msg_s"] else "—"
        ratio_p = f"{o['p95_ms'] / s['p95_ms']:.2f}×" if o and s and s["p95_ms"] and o["p95_ms"] else "—"
        print(f"  {n:>9} | {cells(o)} | {cells(s)} | {ratio_t:>11} {ratio_p:>9}")
    print("  (latencies in ms per turn; throughput = answered turns per second)")
    off = results.get("ours_speedups_off")
    if off:
        print("\n== Ours with RASA_SPEEDUPS=0 (Rasa speed-ups off), and ours (on) against it ==")
        for n in results["args"]["levels"]:
            o, x = _at(ours, n), _at(off, n)
            if x:
                on_off = o["throughput_msg_s"] / x["throughput_msg_s"] if o and x["throughput_msg_s"] else None
                print(f"  {n:>9} residents: {_line(x)}" + (f"  on/off msg/s {on_off:.2f}×" if on_off else ""))
        if off.get("open"):
            print(f"  open loop: {_line(off['open'])}")
    if ours.get("open") or stock.get("open"):
        print(f"\n== Open loop ({results['args']['open_residents']} residents, a message every 10–30 s each) ==")
        for label, system in (("ours", ours), ("stock", stock)):
            if system.get("open"):
                print(f"  {label:<6} {_line(system['open'])}")
    print("\n== Resident memory (VmRSS of each process tree, peak during the run) ==")
    for label, system in (("ours", ours), ("ours-off", off or {}), ("stock", stock)):
        for name, m in (system.get("rss") or {}).items():
            print(
                f"  {label:<8} {name:<12} {m['peak_mb']:8.0f} MB peak  ({m['processes']} process"
                f"{'es' if m['processes'] > 1 else ''})"
            )
    if stock.get("training_s"):
        print(f"\n  stock Rasa training (default pipeline): {stock['training_s']:.0f} s (cached in var/bench/)")
    if results.get("profile"):
        p = results["profile"]
        print(
            f"\n== Where a turn's time goes (one resident, {p['turns']} turns, mean ms per turn; "
            f"BENCH_PROFILE=1 gateway timings, Rasa's graph run in-process on the same messages) =="
        )
        print(
            f"  turn as the resident sees it: {p['mean_turn_ms']:.1f} ms; in the gateway {p['gateway_ms']:.1f}; "
            f"gateway's call to Rasa {p['rasa_call_ms']:.1f}; Rasa in-process {p['rasa_in_process_ms']:.1f}"
        )
        for stage, ms in sorted(p["stages_ms"].items(), key=lambda kv: -kv[1]):
            print(f"  {stage:<58} {ms:7.2f}")
    if results.get("verdicts"):
        print("\n== Targets (issue 5) ==")
        for v in results["verdicts"]:
            print(f"  {v['target']:<52} {str(v['value']):<34} {'PASS' if v['ok'] else 'MISS'}")


PLOT = r"""
import json, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
r = json.load(open(sys.argv[1]))
fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
for label, key, style in (("gateway (ours)", "ours", "o-"), ("ours, RASA_SPEEDUPS=0", "ours_speedups_off", "^:"),
                          ("stock rasa run", "stock", "s--")):
    closed = r.get(key, {}).get("closed") or []
    if not closed:
        continue
    n = [c["residents"] for c in closed]
    for q, alpha in (("p50_ms", 0.5), ("p95_ms", 1.0)):
        a.plot(n, [c[q] for c in closed], style, alpha=alpha, label=f"{label} {q[:3]}")
    b.plot(n, [c["throughput_msg_s"] for c in closed], style, label=label)
a.set_xlabel("closed-loop residents"); a.set_ylabel("latency per turn (ms)"); a.set_yscale("log"); a.legend(); a.grid(alpha=.3)
b.set_xlabel("closed-loop residents"); b.set_ylabel("messages / s"); b.legend(); b.grid(alpha=.3)
fig.suptitle("make bench: latency and throughput against concurrency")
fig.tight_layout(); fig.savefig(sys.argv[2], dpi=110)
"""


def plot(results_path: Path, png: Path) -> bool:
    done = subprocess.run([str(RASA_PY), "-c", PLOT, str(results_path), str(png)], capture_output=True, text=True)
    if done.returncode != 0:
        print(f"  (no plot: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'})")
    return done.returncode == 0


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--rasa-profile"]:  # the in-process Rasa timing, run in .venv-rasa
        rasa_profile_main(*argv[1:4])
        return 0
    parser = argparse.ArgumentParser(prog="python -m devtools.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="10,25,50,100", help="closed-loop resident counts")
    parser.add_argument("--duration", type=float, default=20, help="seconds per closed-loop level")
    parser.add_argument("--open-residents", type=int, default=500)
    parser.add_argument("--open-duration", type=float, default=60)
    parser.add_argument("--ws-share", type=float, default=0.5, help="share of our residents on the WebSocket")
    parser.add_argument("--setup", choices=sorted(SETUPS), default="make-run")
    parser.add_argument("--rasa-workers", type=int, default=2)
    parser.add_argument("--gateway-workers", type=int, default=2)
    parser.add_argument("--action-workers", type=int, default=1)
    parser.add_argument("--only", choices=("ours", "stock"))
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument(
        "--speedups-off",
        action="store_true",
        help="also measure our stack with RASA_SPEEDUPS=0 (without bot/dialogue/rasa_speedups.py)",
    )
    parser.add_argument("--profile-turns", type=int, default=80)
    parser.add_argument("--quick", action="store_true", help="levels 10,50; 8 s each; open loop 200 × 30 s")
    parser.add_argument("--conversations", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.levels, args.duration, args.open_residents, args.open_duration = "10,50", 8, 200, 30
        args.profile_turns = min(args.profile_turns, 40)
    args.levels = [int(x) for x in str(args.levels).split(",") if x]

    from devtools.load import conversations_from_knowledge, mix

    OUT.mkdir(parents=True, exist_ok=True)
    conversations = conversations_from_knowledge(args.conversations, seed=args.seed)
    print(
        f"{len(conversations)} conversations, {sum(map(len, conversations))} turns: {mix(conversations)}; "
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    results: dict[str, Any] = {
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "mix": mix(conversations),
    }
    schemas: list[str] = []
    failed = False
    try:
        if args.only != "ours":
            model, _project, _ = stock_model()  # train before anything is timed
            print(f"\n-- stock Rasa ({model.parent.parent.name}) --", flush=True)
            results["stock"] = run_system("stock", args, conversations, schemas)
        if args.only != "stock":
            print(f"\n-- ours: {SETUPS[args.setup].format(**vars(args))} --", flush=True)
            results["ours"] = run_system("ours", args, conversations, schemas)
            if args.speedups_off:
                print("\n-- ours with RASA_SPEEDUPS=0 (Rasa speed-ups off) --", flush=True)
                results["ours_speedups_off"] = run_system("ours-off", args, conversations, schemas)
            if not args.no_profile:
                print("\n-- profiled run --", flush=True)
                results["profile"] = profile(args, conversations, schemas)
    except Exception:
        failed = True
        raise
    finally:
        if schemas:
            _drop_schemas(schemas)
        results["load_average_end"] = os.getloadavg()[0]
        if "ours" in results and "stock" in results:
            results["verdicts"] = verdicts(results["ours"], results["stock"])
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1))
        if not failed:
            report(results)
            png = args.out.with_name("latency.png")
            if plot(args.out, png):
                print(
                    f"\n  wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} and {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}"
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
