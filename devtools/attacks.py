"""`make attacks`: the security review's attacks, tried on the real stack, each printed as blocked or not.

The stack runs as in production where it matters (an API key for /api/chat, the real limits, API docs
off), on loopback. Different client addresses are different loopback addresses (127.0.0.x: Linux
answers on all of them), so limits per address are tried as they would be from the internet.
Exit status 1 if any attack was not blocked.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from devtools.attacks_tried import ATTACKS, Target
from devtools.stack import MODEL_DIR, Stack, free_port

API_KEY = "attacks-" + uuid.uuid4().hex


@dataclass
class Outcome:
    name: str
    blocked: bool
    detail: str


def run(target: Target, attacks: list[tuple[str, Callable[[Target], tuple[bool, str]]]]) -> list[Outcome]:
    outcomes = []
    for name, attack in attacks:
        try:
            blocked, detail = attack(target)
        except Exception as error:  # an attack that breaks the check is reported, not hidden
            blocked, detail = False, f"the check failed: {type(error).__name__}: {error}"
        outcomes.append(Outcome(name, blocked, detail))
        print(f"{'✓ blocked' if blocked else '✗ NOT BLOCKED':<14} {name}: {detail}", flush=True)
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="comma-separated words: run only attacks whose name has one")
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="attacks-"))
    stack = Stack(
        workdir=workdir,
        rasa_port=free_port(),
        action_port=free_port(),
        gateway_port=free_port(),
        model=MODEL_DIR / "current.tar.gz",
        extra_env={
            "DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
            "HANDOFF_ALWAYS_OPEN": "1",
            "TELEGRAM_MODE": "off",
            "CHAT_API_KEY": API_KEY,
            "LOG_LEVEL": "INFO",
        },
    )
    chosen = [(n, a) for n, a in ATTACKS if not args.only or any(w in n for w in args.only.split(","))]
    print(f"Starting the stack in {workdir} …", flush=True)
    stack.migrate()
    stack.start()
    try:
        stack.wait_ready(timeout=240)
        target = Target(stack, API_KEY, lambda: sqlite3.connect(workdir / "app.db"))
        target.create_accounts()
        outcomes = run(target, chosen)
    finally:
        stack.stop()
    blocked = sum(o.blocked for o in outcomes)
    print(f"\n{blocked}/{len(outcomes)} attacks blocked")
    if args.json:
        args.json.write_text(json.dumps([o.__dict__ for o in outcomes], ensure_ascii=False, indent=2))
    sys.exit(0 if blocked == len(outcomes) else 1)


if __name__ == "__main__":
    main()
