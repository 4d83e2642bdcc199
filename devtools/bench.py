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
rasa_addons/patches/speedups.py's patches), right after the run with them, under the same load; the report
adds its figures and the ratio to ours. Alone, without stock Rasa and the profile:
`python -m devtools.bench --only ours --speedups-off --no-profile` (add `--quick` for a short run).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from devtools.bench_measure import run_system
from devtools.bench_profile import profile, rasa_profile_main
from devtools.bench_report import plot, report, verdicts
from devtools.bench_setups import OUT, ROOT, SETUPS, drop_schemas, stock_model


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
        help="also measure our stack with RASA_SPEEDUPS=0 (without rasa_addons/patches/speedups.py)",
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
            drop_schemas(schemas)
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
