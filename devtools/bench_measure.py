"""Measuring one system: start it, drive the closed- and open-loop load, sample CPU and memory, stop it."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from devtools.bench_procs import RssSampler, cpu_of, cpu_per_turn
from devtools.bench_setups import OUT, SETUPS, StockRasa, our_stack, stock_model


async def _measure(target, conversations, args: argparse.Namespace, label: str, pids: dict[str, int]) -> dict[str, Any]:
    from devtools.load import run_closed, run_open

    out: dict[str, Any] = {"closed": [], "open": None}
    await run_closed(target, conversations, residents=4, duration_s=3, warmup_s=0)  # warm caches, connections
    for n in args.levels:
        cpu = cpu_of(pids)
        result = await run_closed(target, conversations, n, args.duration, warmup_s=0)
        summary = result.summary()
        summary["cpu_ms_per_turn"] = cpu_per_turn(cpu, cpu_of(pids), summary["answered"])
        summary["cpu_ms_per_turn"]["load driver"] = round(result.client_cpu_s * 1000 / max(1, summary["answered"]), 1)
        out["closed"].append(summary)
        print(f"  {label:<8} closed {n:>4} residents: {summary_line(summary)}", flush=True)
    if args.open_residents:
        cpu = cpu_of(pids)
        result = await run_open(target, conversations, args.open_residents, args.open_duration)
        summary = result.summary()
        summary["cpu_ms_per_turn"] = cpu_per_turn(cpu, cpu_of(pids), summary["answered"])
        out["open"] = summary
        print(f"  {label:<8} open   {args.open_residents:>4} residents: {summary_line(summary)}", flush=True)
    return out


def summary_line(s: dict[str, Any]) -> str:
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
