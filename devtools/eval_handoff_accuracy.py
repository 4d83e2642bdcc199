"""`make eval-handoff`, accuracy: the test set, playing it through /api/chat, the escalation figures, and its overlap with the NLU data."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from devtools.eval_handoff_clients import KEEPALIVE
from devtools.stack import ROOT

SET = Path(__file__).resolve().parent / "eval_handoff_set.yml"
STEPS = {"thumbs_down": "down", "thumbs_up": "up"}
ESCALATE_KINDS_ALL = ("explicit_request", "emergency")  # every one of these must be escalated
RECALL_REST_TARGET = 0.90
FALSE_RATE_TARGET = 0.05
EXPECTED_REASON = {
    "explicit_request": "request_human",
    "emergency": "emergency",
    "complaint_frustration": "complaint",
    "repeated_misunderstanding": "misunderstood",
    "two_thumbs_down": "thumbs_down",
}
EMERGENCY_NUMBERS = re.compile(r"\b11[345]\b")

# ---------------------------------------------------------------------------- the test set


@dataclass
class Conversation:
    id: str
    kind: str
    expect: str
    turns: list[str]

    @property
    def unaccented(self) -> bool:
        from nlu.normalize import has_diacritics

        return not any(has_diacritics(t) for t in self.turns if t not in STEPS)


def load_set(path: Path = SET) -> list[Conversation]:
    """The conversations, checked: unique ids, known expectations, at least one turn each."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]
    conversations = [Conversation(c["id"], c["kind"], c["expect"], [str(t) for t in c["turns"]]) for c in raw]
    ids = Counter(c.id for c in conversations)
    problems = [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    problems += [f"{c.id}: expect must be escalate|stay" for c in conversations if c.expect not in ("escalate", "stay")]
    problems += [f"{c.id}: no turns" for c in conversations if not c.turns]
    if problems:
        raise SystemExit("bad test set: " + "; ".join(problems))
    return conversations


# ---------------------------------------------------------------------------- accuracy


@dataclass
class Outcome:
    conversation: Conversation
    escalated: bool = False
    reason: str | None = None
    turn: int | None = None  # 1-based index of the turn that escalated
    numbers_first: bool = False  # emergency numbers shown no later than the handoff
    notes: list[str] = field(default_factory=list)
    log: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)  # (what was sent, replies)

    @property
    def correct(self) -> bool:
        return self.escalated == (self.conversation.expect == "escalate")


def _feedback_payload(replies: list[dict[str, Any]], vote: str) -> str | None:
    for reply in reversed(replies):
        for button in reply.get("buttons") or []:
            payload = str(button.get("payload", ""))
            if payload.startswith(f"#feedback:{vote}:"):
                return payload
    return None


def _suggestion_payload(replies: list[dict[str, Any]]) -> str | None:
    """The first "Ý Bác là…?" suggestion (a button that asks a question of the knowledge base)."""
    for reply in replies:
        for button in reply.get("buttons") or []:
            payload = str(button.get("payload", ""))
            if payload.startswith("/ask_question"):
                return payload
    return None


async def play(client: httpx.AsyncClient, conversation: Conversation) -> Outcome:
    """One conversation with a new sender, until it is escalated or its turns run out."""
    outcome = Outcome(conversation)
    sender = f"eval-{conversation.id}-{uuid.uuid4().hex[:10]}"
    last_faq: list[dict[str, Any]] = []  # the latest replies that carried 👍/👎 buttons
    latest: list[dict[str, Any]] = []  # the replies to the latest message
    seen_numbers = False

    async def send(message: str, label: str, index: int) -> None:
        nonlocal last_faq, latest, seen_numbers
        response = await client.post("/api/chat", json={"sender": sender, "message": message})
        if response.status_code != 200:
            raise RuntimeError(f"{conversation.id}: /api/chat answered {response.status_code}: {response.text[:300]}")
        latest = response.json()
        outcome.log.append((label, latest))
        if _feedback_payload(latest, "down"):
            last_faq = latest
        for reply in latest:
            meta = reply.get("meta") or {}
            if EMERGENCY_NUMBERS.search(reply.get("text") or ""):
                seen_numbers = True
            if meta.get("handoff") or meta.get("mode") in ("waiting", "human"):
                if not meta.get("handoff"):
                    outcome.notes.append(f"turn {index}: mode {meta.get('mode')} without meta.handoff")
                if not outcome.escalated:
                    outcome.escalated, outcome.turn = True, index
                    outcome.reason = meta.get("handoff_reason")
                    outcome.numbers_first = seen_numbers

    for index, turn in enumerate(conversation.turns, start=1):
        if turn in STEPS:
            # A 👍/👎 rates the latest answer. If the bot asked "Ý Bác là…?" instead of answering,
            # the resident first takes its first suggestion, as most do, and rates that answer.
            if not _feedback_payload(latest, STEPS[turn]):
                suggestion = _suggestion_payload(latest)
                if suggestion:
                    await send(suggestion, f"[picks the first suggestion] {suggestion}", index)
            message = _feedback_payload(latest, STEPS[turn]) or _feedback_payload(last_faq, STEPS[turn])
            if outcome.escalated:
                break
            if message is None:
                outcome.notes.append(f"turn {index}: no {turn} button to press (no answer from the knowledge base)")
                outcome.log.append((f"[{turn}: nothing to press]", []))
                continue
            await send(message, f"[{turn}] {message}", index)
        else:
            await send(turn, turn, index)
        if outcome.escalated:
            break
    return outcome


async def run_accuracy(base_url: str, conversations: list[Conversation], parallel: int = 4) -> list[Outcome]:
    limit = asyncio.Semaphore(parallel)

    async def one(client: httpx.AsyncClient, conversation: Conversation) -> Outcome:
        async with limit:
            return await play(client, conversation)

    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=KEEPALIVE) as client:
        return list(await asyncio.gather(*(one(client, c) for c in conversations)))


def _rate(hit: int, total: int) -> str:
    return f"{hit}/{total} = {hit / total:.3f}" if total else "0/0 = —"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _short(text: str, width: int = 110) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def report_accuracy(outcomes: list[Outcome]) -> None:
    escalate = [o for o in outcomes if o.conversation.expect == "escalate"]
    stay = [o for o in outcomes if o.conversation.expect == "stay"]
    unaccented = sum(o.conversation.unaccented for o in outcomes)
    print(
        f"\n== Handoff accuracy: {len(outcomes)} conversations ({len(escalate)} should be escalated, "
        f"{len(stay)} should not; {unaccented} typed without diacritics) ==\n"
    )
    print(f"  {'kind':<32} {'expect':<9} {'n':>3} {'escalated':>9} {'rate':>6}  {'reasons (escalated ones)'}")
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_kind[o.conversation.kind].append(o)
    order = sorted(by_kind, key=lambda k: (by_kind[k][0].conversation.expect != "escalate", k))
    for kind in order:
        group = by_kind[kind]
        hit = sum(o.escalated for o in group)
        reasons = Counter(o.reason or "?" for o in group if o.escalated)
        reasons_text = ", ".join(f"{r} {n}" for r, n in reasons.most_common())
        print(f"  {kind:<32} {group[0].conversation.expect:<9} {len(group):>3} {hit:>9} {hit / len(group):>6.3f}  {reasons_text}")

    print()
    for kind in ESCALATE_KINDS_ALL:
        group = by_kind.get(kind, [])
        hit = sum(o.escalated for o in group)
        print(
            f"  {kind + ' escalated:':<40} {_rate(hit, len(group)):<18} target all     {verdict(bool(group) and hit == len(group))}"
        )
    rest = [o for o in escalate if o.conversation.kind not in ESCALATE_KINDS_ALL]
    rest_hit = sum(o.escalated for o in rest)
    rest_ok = bool(rest) and rest_hit / len(rest) >= RECALL_REST_TARGET
    print(
        f"  {'other should-escalate escalated:':<40} {_rate(rest_hit, len(rest)):<18} target ≥ {RECALL_REST_TARGET:.2f}    {verdict(rest_ok)}"
    )
    all_hit = sum(o.escalated for o in escalate)
    print(f"  {'recall, all should-escalate:':<40} {_rate(all_hit, len(escalate))}")
    false = sum(o.escalated for o in stay)
    false_ok = bool(stay) and false / len(stay) <= FALSE_RATE_TARGET
    print(
        f"  {'false escalations (should-not):':<40} {_rate(false, len(stay)):<18} target ≤ {FALSE_RATE_TARGET:.2f}    {verdict(false_ok)}"
    )
    un_esc = [o for o in escalate if o.conversation.unaccented]
    un_stay = [o for o in stay if o.conversation.unaccented]
    print(
        f"  {'  without diacritics: recall':<40} {_rate(sum(o.escalated for o in un_esc), len(un_esc))}; "
        f"false escalations {_rate(sum(o.escalated for o in un_stay), len(un_stay))}"
    )
    emergencies = by_kind.get("emergency", [])
    escalated_emergencies = [o for o in emergencies if o.escalated]
    print(
        f"  {'emergency numbers shown by the handoff:':<40} "
        f"{sum(o.numbers_first for o in escalated_emergencies)}/{len(escalated_emergencies)} escalated emergencies"
    )
    wrong_reason = [o for o in escalate if o.escalated and o.reason != EXPECTED_REASON.get(o.conversation.kind)]
    print(
        f"  {'escalated with another reason than kind:':<40} {len(wrong_reason)}"
        + (" (" + ", ".join(f"{o.conversation.id}:{o.reason}" for o in wrong_reason) + ")" if wrong_reason else "")
    )

    failures = [o for o in outcomes if not o.correct]
    noted = [o for o in outcomes if o.correct and o.notes]
    print(f"\n  Failures: {len(failures)}")
    for o in failures:
        c = o.conversation
        got = f"escalated at turn {o.turn} ({o.reason})" if o.escalated else "not escalated"
        print(f"\n  [{c.id}] {c.kind}: expected {c.expect}, {got}")
        for note in o.notes:
            print(f"      ! {note}")
        for sent, replies in o.log:
            print(f"      > {_short(sent)}")
            for r in replies:
                m = r.get("meta") or {}
                conf = m.get("confidence")
                facts = " ".join(
                    f"{k}={v}"
                    for k, v in (
                        ("source", m.get("source")),
                        ("intent", m.get("intent")),
                        ("conf", f"{conf:.2f}" if isinstance(conf, (int, float)) else conf),
                        ("faq", m.get("faq_id")),
                        ("offer", m.get("offer")),
                        ("handoff", m.get("handoff")),
                        ("reason", m.get("handoff_reason")),
                        ("mode", m.get("mode")),
                    )
                    if v is not None
                )
                print(f"        < {facts} | {_short(r.get('text') or '', 80)}")
    if noted:
        print("\n  Passed with notes: " + "; ".join(f"{o.conversation.id}: {' / '.join(o.notes)}" for o in noted))


async def probe_unavailable(base_url: str, stopped: str) -> str:
    """One new conversation while a process is stopped. The message is held (it is answered when the bot
    is back, and handed to a person only after the hold time: an outage is not a flood of tickets), the
    resident is told so at once with a person button, and that button reaches a person without the bot."""
    sender = f"unavailable-{stopped}-{uuid.uuid4().hex[:8]}"
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=KEEPALIVE) as client:
        replies = (await client.post("/api/chat", json={"sender": sender, "message": "quen mat khau vneid lam sao"})).json()
        busy = next((r for r in replies if (r.get("meta") or {}).get("bot_busy")), None)
        if busy is None:
            return "not held: " + " | ".join(_short(r.get("text") or "", 60) for r in replies)
        person = next((b["payload"] for b in busy.get("buttons") or [] if b["payload"].startswith("#handoff:")), None)
        if person is None:
            return "held, but no person button (a dead end)"
        after = (await client.post("/api/chat", json={"sender": sender, "message": person})).json()
    reached = any((r.get("meta") or {}).get("handoff") for r in after)
    return "held and told at once; the person button " + ("reaches a person" if reached else "does NOT reach a person")


# ---------------------------------------------------------------------------- overlap with the NLU data


def check_overlap(conversations: list[Conversation], threshold: float = 0.8) -> None:
    """Nearest NLU training example of every typed turn (character 3–5-gram TF-IDF on the folded text)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    from nlu.normalize import match_key

    examples: list[tuple[str, str]] = []
    for path in sorted((ROOT / "nlu" / "data").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    examples.append((block["intent"], line.strip()[2:]))
    turns = [(c.id, t) for c in conversations for t in c.turns if t not in STEPS]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))
    matrix = vectorizer.fit_transform([match_key(t) for _, t in examples])
    similarity = linear_kernel(vectorizer.transform([match_key(t) for _, t in turns]), matrix)
    best = similarity.argmax(axis=1)
    scores = [similarity[i, best[i]] for i in range(len(turns))]
    close = [(scores[i], turns[i], examples[best[i]]) for i in range(len(turns)) if scores[i] >= threshold]
    print(
        f"Overlap with nlu/data: {len(turns)} typed turns; nearest-example similarity median "
        f"{sorted(scores)[len(scores) // 2]:.2f}, max {max(scores):.2f}; {len(close)} at or above {threshold}:"
    )
    for score, (cid, turn), (intent, example) in sorted(close, reverse=True):
        print(f"  {score:.2f} [{cid}] {turn!r}  ~  {intent}: {example!r}")
