"""`make eval-residents`: the assistant on resident messages written blind, before → after.

    python -m devtools.eval_residents [--half test|tune|all] [--before REF|none] [--json PATH] [--keep]

Plays every message of knowledge/eval/residents.yml (written by someone who never saw the knowledge base,
the NLU data or the other test sets; see its header) as the first message of a new conversation, and every
conversation of it turn by turn, through POST /api/chat on the real stack (Rasa, action server, gateway,
each in a fresh temporary workdir). Each FAQ question is scored as

    right     the bot answered with the right entry directly
    wrong+alt it answered another entry but showed the right one among the buttons under it
    wrong     it answered another entry without the right one among the alternatives
    choice+   it asked "which one?" with the right entry among the buttons
    choice-   it asked "which one?" without it
    none      no FAQ answer and no choice (a "don't know", a refusal, a handover)

per style and overall; the other kinds by what they must get (emergencies: 113/114/115 in the first reply;
requests for a person: a handover; civic reports: 1022 and never 113–115; out of scope: no FAQ answer).
Conversations are scored turn by turn in context (follow-ups, topic switches, "say it simpler",
"I cannot do it, can someone help").

`--before REF` (default: the `main` branch, or HEAD's parent when HEAD is main) plays the same set on
that commit too, in a git worktree under var/worktrees/ with its own trained model, in the same run, so
every change is shown as before → after. The test half is the one reported by default; nothing is fitted
or chosen on it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from devtools.eval_residents_stacks import before_ref, prepare_worktree, stack_of

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "knowledge" / "eval" / "residents.yml"
EMERGENCY_NUMBERS = re.compile(r"(?<!\d)11[345](?!\d)")
CIVIC_CHANNELS = re.compile(r"1022|Công dân số", re.IGNORECASE)
FAQ_PAYLOAD = re.compile(r'^/ask_question\{"faq_id":"([^"]+)"\}$')
OUTCOMES = ("right", "wrong+alt", "wrong", "choice+", "choice-", "none")
FAQ_KINDS = ("faq", "followup", "switch", "analogy")
TARGETS = {
    "right": 0.85,
    "right_per_style": 0.75,
    "wrong_alone": 0.02,
    "wrong": 0.05,
    "choice": 0.10,
    "none": 0.03,
    "followup": 0.85,
    "out_of_scope": 0.95,
}


# ---------------------------------------------------------------------------- the set


@dataclass
class Turn:
    text: str
    kind: str
    faq: tuple[str, ...] = ()  # acceptable entries; empty: no entry covers it


@dataclass
class Case:
    """A single message (one turn) or a conversation (several)."""

    id: str
    half: str
    style: str
    turns: list[Turn]
    single: bool  # a message of its own (played as a new conversation's first message)


def _faqs(value: Any) -> tuple[str, ...]:
    if not value or value == "none":
        return ()
    return tuple(value) if isinstance(value, list) else (str(value),)


def load_set(path: Path = SET) -> list[Case]:
    """Every message and conversation of the set, checked for unique ids."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [
        Case(m["id"], m["half"], m["style"], [Turn(str(m["text"]), m["kind"], _faqs(m.get("faq")))], single=True)
        for m in data.get("messages") or ()
    ]
    cases += [
        Case(
            c["id"],
            c["half"],
            c["style"],
            [Turn(str(t["text"]), t["kind"], _faqs(t.get("faq"))) for t in c["turns"]],
            single=False,
        )
        for c in data.get("conversations") or ()
    ]
    duplicates = [i for i, n in Counter(c.id for c in cases).items() if n > 1]
    if duplicates:
        raise SystemExit(f"bad set: duplicate ids {duplicates}")
    return cases


# ---------------------------------------------------------------------------- scoring one turn


def faq_outcome(replies: list[dict[str, Any]], expected: tuple[str, ...]) -> str:
    """What a FAQ question got (see the module docstring); `expected` empty: no entry covers it."""
    answered = next(((r.get("meta") or {}).get("faq_id") for r in replies if (r.get("meta") or {}).get("faq_id")), None)
    offered = [m.group(1) for r in replies for b in r.get("buttons") or () if (m := FAQ_PAYLOAD.match(str(b.get("payload", ""))))]
    if answered:
        if answered in expected:
            return "right"
        return "wrong+alt" if any(o in expected for o in offered) else "wrong"
    if offered:
        return "choice+" if any(o in expected for o in offered) else "choice-"
    return "none"


def handed_over(replies: list[dict[str, Any]]) -> bool:
    return any((r.get("meta") or {}).get("handoff") or (r.get("meta") or {}).get("mode") in ("waiting", "human") for r in replies)


def other_outcome(kind: str, replies: list[dict[str, Any]]) -> bool:
    """Whether a non-FAQ turn got what it must."""
    texts = [r.get("text") or "" for r in replies]
    if kind == "emergency":
        return bool(texts) and bool(EMERGENCY_NUMBERS.search(texts[0]))
    if kind == "civic_report":
        return any(CIVIC_CHANNELS.search(t) for t in texts) and not any(EMERGENCY_NUMBERS.search(t) for t in texts)
    if kind in ("request_human", "need_person"):
        return handed_over(replies)
    if kind == "out_of_scope":
        return not any((r.get("meta") or {}).get("faq_id") for r in replies)
    return True


def gives_the_numbers(replies: list[dict[str, Any]]) -> bool:
    """Whether the first reply is the emergency reply: all three numbers, and no FAQ answer (the entry on the
    emergency numbers lists them too, and a civic report's or a hotline's answer may name one of them)."""
    first = replies[0] if replies else {}
    text = first.get("text") or ""
    return not (first.get("meta") or {}).get("faq_id") and set(EMERGENCY_NUMBERS.findall(text)) == {"113", "114", "115"}


@dataclass
class Played:
    case: Case
    replies: list[list[dict[str, Any]]] = field(default_factory=list)


async def play(client: httpx.AsyncClient, case: Case) -> Played:
    """One case with a new sender; a conversation stops being played once it is handed to a person."""
    played = Played(case)
    sender = f"eval-{case.id}-{uuid.uuid4().hex[:10]}"
    for turn in case.turns:
        response = await client.post("/api/chat", json={"sender": sender, "message": turn.text})
        if response.status_code != 200:
            raise RuntimeError(f"{case.id}: /api/chat answered {response.status_code}: {response.text[:300]}")
        played.replies.append(response.json())
        if handed_over(played.replies[-1]):
            break
    return played


async def play_all(base_url: str, cases: list[Case], parallel: int = 4) -> list[Played]:
    limit = asyncio.Semaphore(parallel)
    # uvicorn closes idle connections after 5 s; reusing one as it closes fails the request
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=httpx.Limits(keepalive_expiry=2)) as client:

        async def one(case: Case) -> Played:
            async with limit:
                return await play(client, case)

        return list(await asyncio.gather(*(one(c) for c in cases)))


# ---------------------------------------------------------------------------- the figures


@dataclass
class Figures:
    """Counts of one run, by group."""

    faq: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # style → outcome counts (single messages)
    uncovered: Counter = field(default_factory=Counter)  # questions no entry covers: outcome counts
    other: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # kind → ok / total
    context: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # conversation turn kind → outcome
    stale_topic: int = 0  # a switch answered with the previous topic's entry
    # turns of another kind answered with the emergency numbers first (a fright, and a false ticket at the head of
    # the volunteers' queue), out of all such turns played
    false_alarms: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)


def score(played: list[Played]) -> Figures:
    figures = Figures()
    for p in played:
        previous: str | None = None
        for index, turn in enumerate(p.case.turns):
            if index >= len(p.replies):
                figures.context[turn.kind]["not played (handed over before)"] += 1
                continue
            replies = p.replies[index]
            if turn.kind != "emergency":
                figures.false_alarms["alarmed" if gives_the_numbers(replies) else "calm"] += 1
            answered = next(((r.get("meta") or {}).get("faq_id") for r in replies if (r.get("meta") or {}).get("faq_id")), None)
            if turn.kind in FAQ_KINDS or turn.kind == "simplify":
                outcome = faq_outcome(replies, turn.faq)
                if not turn.faq:
                    figures.uncovered[outcome] += 1
                elif p.case.single:
                    figures.faq[p.case.style][outcome] += 1
                else:
                    figures.context["first question" if index == 0 else turn.kind][outcome] += 1
                if turn.kind == "switch" and answered and previous and answered == previous and answered not in turn.faq:
                    figures.stale_topic += 1
                if outcome != "right" and turn.faq:
                    figures.misses.append(
                        f"{p.case.id}#{index + 1} [{p.case.style}/{turn.kind}] {outcome}: {turn.text[:90]!r} "
                        f"→ {answered or '-'} (want {'/'.join(turn.faq)})"
                    )
            else:
                ok = other_outcome(turn.kind, replies)
                group = figures.other if p.case.single else figures.context
                group[turn.kind]["ok" if ok else "missed"] += 1
                if not ok:
                    said = repr((replies[0].get("text") or "")[:70]) if replies else "no reply"
                    figures.misses.append(f"{p.case.id}#{index + 1} [{turn.kind}] missed: {turn.text[:90]!r} → {said}")
            previous = answered or previous
    return figures


def _share(counter: Counter, *keys: str) -> tuple[float, int]:
    total = sum(counter.values())
    return (sum(counter[k] for k in keys) / total if total else 0.0), total


def summary(figures: Figures) -> dict[str, Any]:
    """The headline figures of one run (what the targets are about)."""
    overall = sum(figures.faq.values(), Counter())
    followups = sum((figures.context[k] for k in ("followup", "analogy", "switch", "simplify")), Counter())
    out = {
        "faq_n": sum(overall.values()),
        **{k: _share(overall, k)[0] for k in OUTCOMES},
        "wrong_all": _share(overall, "wrong", "wrong+alt")[0],
        "choice": _share(overall, "choice+", "choice-")[0],
        "styles": {s: _share(c, "right")[0] for s, c in sorted(figures.faq.items())},
        "followups_right": _share(followups, "right")[0],
        "followups_n": sum(followups.values()),
        "stale_topic": figures.stale_topic,
        "false_alarms": (figures.false_alarms["alarmed"], sum(figures.false_alarms.values())),
        "other": {k: (c["ok"], c["ok"] + c["missed"]) for k, c in sorted(figures.other.items())},
        "context_other": {
            k: (c["ok"], c["ok"] + c["missed"]) for k, c in sorted(figures.context.items()) if "ok" in c or "missed" in c
        },
        "uncovered": dict(figures.uncovered),
    }
    return out


def report(runs: dict[str, Figures]) -> None:
    """Prints one column per run (before, after)."""
    names = list(runs)
    width = 18

    def row(label: str, values: list[str]) -> None:
        print(f"  {label:<34}" + "".join(f"{v:>{width}}" for v in values))

    def pct(counter: Counter, *keys: str) -> str:
        share, total = _share(counter, *keys)
        return f"{share:.3f} ({sum(counter[k] for k in keys)}/{total})" if total else "-"

    print("\n== FAQ questions, single messages (share of each style) ==")
    row("", names)
    styles = sorted(set().union(*(f.faq for f in runs.values())))
    for outcome in OUTCOMES:
        print(f"  — {outcome}")
        for style in styles:
            row(f"    {style}", [pct(runs[n].faq[style], outcome) for n in names])
        row("    ALL", [pct(sum(runs[n].faq.values(), Counter()), outcome) for n in names])
    print("\n== Other kinds, single messages (ok / all) ==")
    row("", names)
    for kind in sorted(set().union(*(f.other for f in runs.values()))):
        row(f"  {kind}", [pct(runs[n].other[kind], "ok") for n in names])
    print("\n== Questions no entry covers (what they got) ==")
    for outcome in OUTCOMES:
        row(f"  {outcome}", [pct(runs[n].uncovered, outcome) for n in names])
    print("\n== Conversations, every turn in context ==")
    row("", names)
    for kind in sorted(set().union(*(f.context for f in runs.values()))):
        for outcome in ("right", "ok", "wrong", "wrong+alt", "choice+", "choice-", "none", "missed"):
            if any(runs[n].context[kind][outcome] for n in names):
                row(f"  {kind}: {outcome}", [pct(runs[n].context[kind], outcome) for n in names])
    row("  switch answered with the old topic", [str(runs[n].stale_topic) for n in names])
    print("\n== Other turns given the emergency numbers first (false alarms) ==")
    row("  all kinds but emergencies", [pct(runs[n].false_alarms, "alarmed") for n in names])
    print("\n== Against the targets (issue 14) ==")
    row("", names)
    sums = {n: summary(f) for n, f in runs.items()}
    row(f"  right directly (≥ {TARGETS['right']})", [f"{sums[n]['right']:.3f}" for n in names])
    row(
        f"  worst style right (≥ {TARGETS['right_per_style']})",
        [f"{min(sums[n]['styles'].values(), default=0):.3f}" for n in names],
    )
    row(f"  wrong, no alternative (≤ {TARGETS['wrong_alone']})", [f"{sums[n]['wrong']:.3f}" for n in names])
    row(f"  wrong in all (≤ {TARGETS['wrong']})", [f"{sums[n]['wrong_all']:.3f}" for n in names])
    row(f"  a choice (≤ {TARGETS['choice']})", [f"{sums[n]['choice']:.3f}" for n in names])
    row(f"  no FAQ at all (≤ {TARGETS['none']})", [f"{sums[n]['none']:.3f}" for n in names])
    row(f"  follow-ups right in context (≥ {TARGETS['followup']})", [f"{sums[n]['followups_right']:.3f}" for n in names])
    refused = {n: sums[n]["other"].get("out_of_scope", (0, 0)) for n in names}
    row(
        f"  out of scope refused (≥ {TARGETS['out_of_scope']})",
        [f"{ok / total:.3f}" if total else "-" for ok, total in refused.values()],
    )


def run_on(tree: Path, cases: list[Case], keep: bool, parallel: int) -> list[Played]:
    """Starts the stack of a checkout in a temporary workdir and plays the cases."""
    with stack_of(tree, keep) as gateway_url:
        started = time.perf_counter()
        played = asyncio.run(play_all(gateway_url, cases, parallel))
        print(f"  played {len(cases)} cases in {time.perf_counter() - started:.0f} s", flush=True)
        return played


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.eval_residents", description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("test", "tune", "all"), default="test")
    parser.add_argument("--before", help="commit to compare with (default: main; 'none' to skip)")
    parser.add_argument("--set", type=Path, default=SET)
    parser.add_argument("--json", type=Path, help="write every case's replies here")
    parser.add_argument("--misses", action="store_true", help="list every FAQ question not answered right")
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the temporary workdirs")
    args = parser.parse_args(argv)

    cases = [c for c in load_set(args.set) if args.half == "all" or c.half == args.half]
    print(
        f"{len(cases)} cases ({args.half} half): {sum(c.single for c in cases)} messages, "
        f"{sum(not c.single for c in cases)} conversations",
        flush=True,
    )
    if not (ROOT / "models" / "current.tar.gz").exists():
        print("No model: run `make model` first.", file=sys.stderr)
        return 2
    trees: dict[str, Path] = {}
    ref = before_ref(args.before)
    if ref:
        trees[f"before {ref}"] = prepare_worktree(ref)
    trees["after (this tree)"] = ROOT
    runs: dict[str, Figures] = {}
    dumps: dict[str, Any] = {}
    for name, tree in trees.items():
        print(f"\n{name}: starting the stack …", flush=True)
        played = run_on(tree, cases, args.keep, args.parallel)
        runs[name] = score(played)
        dumps[name] = [{"id": p.case.id, "turns": [t.text for t in p.case.turns], "replies": p.replies} for p in played]
    report(runs)
    if args.misses:
        for name, figures in runs.items():
            print(f"\n== Misses: {name} ==")
            print("\n".join(f"  {m}" for m in figures.misses))
    if args.json:
        args.json.write_text(
            json.dumps({"summary": {n: summary(f) for n, f in runs.items()}, "cases": dumps}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
