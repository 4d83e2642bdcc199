"""Files the devtools generate from the repository's own data, written or checked (`--check`) the same way."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_or_check(target: Path, wanted: str, command: str, check: bool, written: str) -> int:
    """With `check`, 1 (and a hint to run `command`) if `target` is not `wanted`, else 0; without, writes it and
    prints `written` (what it holds)."""
    name = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    if check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != wanted:
            print(f"{name} is out of date: run python -m {command}", file=sys.stderr)
            return 1
        return 0
    target.write_text(wanted, encoding="utf-8")
    print(f"wrote {name}: {written}")
    return 0
