"""axe-core in a Playwright page: the accessibility violations of what the page shows now.

axe-core comes from npm (tests/e2e/axe/package.json, installed by `make test`); it is evaluated through
Playwright, which the pages' Content-Security-Policy does not govern, so the pages keep their policy.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[1] / "e2e" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
FINISHED = """() => Promise.all(document.getAnimations()
  .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
  .map((a) => a.finished.catch(() => null)))"""


@cache
def _source() -> str:
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: `make axe` (make test runs it) installs axe-core from npm")
    return AXE.read_text(encoding="utf-8")


def violations(page: Any, impacts: tuple[str, ...] = SERIOUS) -> list[dict[str, Any]]:
    """axe's violations of these impacts on the page as it is, each with the elements concerned."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    # an opening panel fades in (0.18 s): read mid-way, its text is judged against a half-transparent
    # background and fails contrast now and then. The page as it settles, then (looping ones never end).
    page.evaluate(FINISHED)
    found: list[dict[str, Any]] = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [v for v in found if v.get("impact") in impacts]


def describe(found: list[dict[str, Any]]) -> str:
    """The violations, one line each with their first elements, for an assertion's message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — " + ", ".join(str(n["target"]) for n in v["nodes"][:3]) for v in found
    )
