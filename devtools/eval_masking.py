"""`make eval-masking`: the masker's recall and false-mask rate on devtools/eval_masking_set.yml, per kind.

Recall: the share of positive numbers no longer readable after masking (the right label or another).
Kind right: the share of those masked with their own kind's label. False masks: the share of look-alike
negatives in which anything was masked. Both halves are printed; the rules were tuned on `tune` only.
`test` was written by the masker's author in the same sitting; `dev` to `dev7`
(devtools/eval_masking_dev*.yml) were written blind, scored once, then fitted on; `blind`
(devtools/eval_masking_blind.yml, when present), written by someone who never saw the project and never
tuned on, is the honest figure.
Also the masker's cost per message (timeit over the whole set).

    python -m devtools.eval_masking [--misses] [--show-test]
"""

from __future__ import annotations

import argparse
import timeit
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.personal_numbers.masking import Kind, mask

SET = Path(__file__).with_name("eval_masking_set.yml")
# written blind by someone who never saw the masker or SET, then fitted on in session 10 (its header says how)
DEV = Path(__file__).with_name("eval_masking_dev.yml")
DEV2 = Path(__file__).with_name("eval_masking_dev2.yml")  # the same, a second writer
# session 10's blind set, scored once, then fitted on in session 11
DEV3 = Path(__file__).with_name("eval_masking_dev3.yml")
# a fourth writer's blind set, scored once in session 11, then fitted on in session 12
DEV4 = Path(__file__).with_name("eval_masking_dev4.yml")
# a fifth writer's blind set, scored once in session 12 (recall 0.973, 4/220 false masks), then fitted on in session 13
DEV5 = Path(__file__).with_name("eval_masking_dev5.yml")
# a sixth writer's blind set, scored once in session 13 (recall 0.975, 3/240 false masks), then fitted on in session 13
DEV6 = Path(__file__).with_name("eval_masking_dev6.yml")
# a seventh writer's blind set, scored once in session 13 (recall 0.957, 2/240 false masks), then fitted on in session 13
DEV7 = Path(__file__).with_name("eval_masking_dev7.yml")
# the next blind set, written by someone who never saw the project; never tuned on (scored when it is there)
BLIND = Path(__file__).with_name("eval_masking_blind.yml")
WRITTEN_BLIND = (
    ("dev", DEV),
    ("dev2", DEV2),
    ("dev3", DEV3),
    ("dev4", DEV4),
    ("dev5", DEV5),
    ("dev6", DEV6),
    ("dev7", DEV7),
    ("blind", BLIND),
)
TARGET_RECALL = 0.99
TARGET_FALSE_MASKS = 0.01


@dataclass
class Half:
    """The figures of one half of the set."""

    name: str
    masked: dict[Kind, int] = field(default_factory=lambda: defaultdict(int))
    right_kind: dict[Kind, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[Kind, int] = field(default_factory=lambda: defaultdict(int))
    negatives: int = 0
    false_masks: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.masked.values()) / max(1, sum(self.total.values()))

    @property
    def false_mask_rate(self) -> float:
        return self.false_masks / max(1, self.negatives)


def load(path: Path = SET) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def score(name: str, half: dict[str, Any]) -> Half:
    result = Half(name)
    for kind_name, secret, text in half["positives"]:
        kind = Kind(kind_name)
        masked = mask(text)
        result.total[kind] += 1
        if secret not in masked.text:
            result.masked[kind] += 1
            result.right_kind[kind] += kind.label in masked.text
        else:
            result.misses.append(f"  missed {kind}: {text!r} → {masked.text!r}")
    for text in half["negatives"]:
        result.negatives += 1
        masked = mask(text)
        if masked.changed:
            result.false_masks += 1
            result.misses.append(f"  false mask: {text!r} → {masked.text!r}")
    return result


def blind_half(path: Path) -> dict[str, Any]:
    """The blind set in the halves' shape: positives as [kind, secret, text], negatives as texts."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        "positives": [[p["kind"], p["value"], p["text"]] for p in data["positives"]],
        "negatives": [n["text"] for n in data["negatives"]],
    }


def report(half: Half) -> str:
    lines = [f"{half.name}: {sum(half.total.values())} positives, {half.negatives} negatives"]
    lines.append(f"  {'kind':<9} {'n':>4} {'recall':>7} {'kind right':>10}")
    for kind in Kind:
        n = half.total.get(kind, 0)
        if n:
            lines.append(f"  {kind:<9} {n:>4} {half.masked[kind] / n:>7.3f} {half.right_kind[kind] / n:>10.3f}")
    ok_recall = "✓" if half.recall >= TARGET_RECALL else "✗"
    ok_false = "✓" if half.false_mask_rate <= TARGET_FALSE_MASKS else "✗"
    lines.append(f"  recall {half.recall:.3f} (target ≥ {TARGET_RECALL}) {ok_recall}")
    lines.append(
        f"  false masks {half.false_masks}/{half.negatives} = {half.false_mask_rate:.3f} (target ≤ {TARGET_FALSE_MASKS}) {ok_false}"
    )
    return "\n".join(lines)


def cost_per_message(texts: list[str], repeat: int = 5) -> float:
    """Microseconds per message, the masker's cache bypassed (each text seen for the first time)."""
    from bot.personal_numbers import masking

    def run() -> None:
        for text in texts:
            masking._mask(text)

    best = min(timeit.repeat(run, number=1, repeat=repeat))
    return best / len(texts) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--misses", action="store_true", help="print the misses and false masks of the sets fitted on (tune, dev…)"
    )
    parser.add_argument(
        "--show-test", action="store_true", help="print the test half's and the blind set's misses (do not tune on them)"
    )
    args = parser.parse_args()
    data = load()
    halves = [score(name, data[name]) for name in ("tune", "test")]
    halves += [score(name, blind_half(path)) for name, path in WRITTEN_BLIND if path.exists()]
    for half in halves:
        print(report(half))
        fitted = half.name == "tune" or half.name.startswith("dev")
        if (args.misses and fitted) or (args.show_test and not fitted):
            print("\n".join(half.misses) or "  (none)")
    texts = [t for name in ("tune", "test") for t in [p[2] for p in data[name]["positives"]] + data[name]["negatives"]]
    print(f"cost: {cost_per_message(texts):.1f} µs per message (mean over {len(texts)} messages, best of 5)")


if __name__ == "__main__":
    main()
