"""The printed report of `make bench`, its PASS/MISS verdicts against issue 5's targets (and issue 16's
saturation), and the plot."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from devtools.bench_measure import summary_line
from devtools.bench_setups import RASA_PY

# targets of issue 5
P95_RATIO_AT_10 = 1.15
SATURATION_RATIO = 2.0
SATURATION_RATIO_NOW = 2.5  # issue 16's, with the lighter structure
OPEN_P95_MS = 150.0


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
        rows.append(
            {
                "target": f"saturation throughput ≥ {SATURATION_RATIO_NOW}× stock (issue 16)",
                "value": f"{ratio:.2f}×",
                "ratio": round(ratio, 3),
                "ok": ratio >= SATURATION_RATIO_NOW,
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
                print(f"  {n:>9} residents: {summary_line(x)}" + (f"  on/off msg/s {on_off:.2f}×" if on_off else ""))
        if off.get("open"):
            print(f"  open loop: {summary_line(off['open'])}")
    if ours.get("open") or stock.get("open"):
        print(f"\n== Open loop ({results['args']['open_residents']} residents, a message every 10–30 s each) ==")
        for label, system in (("ours", ours), ("stock", stock)):
            if system.get("open"):
                print(f"  {label:<6} {summary_line(system['open'])}")
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
