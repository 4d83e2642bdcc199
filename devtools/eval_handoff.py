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

3. Bot unavailable: stops the action server, then Rasa, and sends a new conversation each time: it must be
   held and told at once, with a person button that reaches a person without the bot (issue 17: an
   outage is not a flood of tickets).

Targets (issue 4) are printed as PASS/MISS; the exit status is 0 unless the run itself failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from devtools.eval_handoff_accuracy import SET, check_overlap, load_set, probe_unavailable, report_accuracy, run_accuracy
from devtools.eval_handoff_load import report_load, run_load
from devtools.stack import GATEWAY_PY, MANY_RESIDENTS_ONE_ADDRESS, MODEL_DIR, ROOT, Stack, free_port

VOLUNTEER_PASSWORD_ENV = "EVAL_HANDOFF_VOLUNTEER_PASSWORD"


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
            **MANY_RESIDENTS_ONE_ADDRESS,
            "TELEGRAM_MODE": "off",
            # every resident of the load test held by a volunteer at once (the default is 3 each)
            "HANDOFF_MAX_OPEN_PER_VOLUNTEER": str(max(3, -(-args.residents // max(1, args.volunteers)))),
            # and none of them offered a call-back instead because the estimated wait of twenty at once is long
            "HANDOFF_MAX_WAIT_MINUTES": "1000000",
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
