"""`make eval-kb`: how well the knowledge search answers questions it has never seen.

Prints, on the held-out questions of knowledge/eval/questions.yml (never indexed):
top-1 / top-3 accuracy per input style, what the bot would do (answer, ask "Ý bác là…?",
admit not knowing), out-of-scope precision and recall, search latency at the real size
and at 5,000 synthetic entries, and edit-to-live time through the database. In the same
run it measures Rasa's own alternative, a retrieval intent with ResponseSelector, on the
same questions (devtools/eval_kb_rasa.py in Rasa's virtualenv). Writes var/eval-kb.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from actions.civic import report_entry
from actions.not_ours import not_ours
from devtools import rasa_nlu
from devtools.stats import percentile
from knowledge import content_check
from knowledge.calibration import ANSWER, CLARIFY, UNKNOWN, Decision
from knowledge.database import make_engine, make_sessionmaker
from knowledge.deciding import decide
from knowledge.entries import Faq, load_content
from knowledge.index import Hit, SearchIndex
from knowledge.live import LiveIndex
from knowledge.reading import search_message
from knowledge.store import edit_entry, seed

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "knowledge" / "eval" / "questions.yml"


# the deployed decision (knowledge.calibration.Decision) in this report's three columns: an answer with
# alternatives under it is an answer
DEPLOYED = {
    Decision.ANSWER: ANSWER,
    Decision.ANSWER_WITH_ALTERNATIVES: ANSWER,
    Decision.CHOOSE: CLARIFY,
    Decision.UNKNOWN: UNKNOWN,
}


def load_questions() -> list[dict]:
    return yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]


def routing(intent: str | None, confidence: float, text: str = "") -> str:
    """How the deployed actions use the search for an NLU reading: "full" (answer, ask which, or
    not known: ask_question, and what actions/fallback.py handles — no intent, an unsure out-of-scope,
    an unsure complaint, a hesitant "no" to nothing, as every test question is a first message; a
    report the NLU is unsure of, which actions/civic.py answers from the search when no reporting
    entry fits; an unsure emergency that names no danger, which actions/emergency.py answers from the
    search), "sure" (only a sure answer: a sure out-of-scope), "report" (a report the NLU is sure of:
    its reporting entry when the search finds one), or "none" (the dialogue answers)."""
    from actions.civic import SURE_REPORT
    from actions.emergency import UNSURE_EMERGENCY
    from actions.human import SURE_COMPLAINT
    from actions.out_of_scope import SURE_OUT_OF_SCOPE
    from actions.yes_no import SURE_NO
    from nlu.danger import any_danger

    if (
        intent in ("ask_question", "nlu_fallback", None)
        or (intent == "out_of_scope" and confidence < SURE_OUT_OF_SCOPE)
        or (intent == "complain" and confidence < SURE_COMPLAINT)
        or (intent == "deny" and confidence < SURE_NO)
        or (intent == "civic_report" and confidence < SURE_REPORT)
        or (intent == "emergency" and confidence < UNSURE_EMERGENCY and not any_danger(text))
    ):
        return "full"
    return {"out_of_scope": "sure", "civic_report": "report"}.get(intent or "", "none")


def quality(index: SearchIndex, questions: list[dict], intents: list[str] | None = None) -> dict:
    """Accuracy per style, decisions, out-of-scope precision/recall, latency.

    With `intents` (the NLU's reading of each question), a question the NLU does not route
    to the knowledge base gets no FAQ answer, as in the deployed assistant.
    """
    per_style: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "top1": 0, "top3": 0})
    decisions = {"in_scope": defaultdict(int), "out_of_scope": defaultdict(int)}
    latencies = []
    for n, question in enumerate(questions):
        started = time.perf_counter()
        hits = search_message(index, question["text"], k=3)
        latencies.append((time.perf_counter() - started) * 1000)
        decided = decide(index.calibration, hits)
        decision = DEPLOYED[decided]
        route = routing(*intents[n], question["text"]) if intents is not None else "full"
        if route == "none" or (route == "sure" and (not hits or hits[0].score < index.calibration.answer_at)):
            hits, decision = [], UNKNOWN
        elif intents is not None and route != "report" and decided is not Decision.ANSWER and not_ours(question["text"]):
            # which shop or brand to pick, a visa, private insurance, a lawsuit: refused unless sure (actions/not_ours.py)
            hits, decision = [], UNKNOWN
        elif route == "report":
            entry = report_entry(question["text"], index)
            hits, decision = ([Hit(entry, 1.0, 1.0)], ANSWER) if entry is not None else ([], UNKNOWN)
        expected = question["expected"]
        if expected is None:
            decisions["out_of_scope"][decision] += 1
            continue
        ids = [hit.entry.id for hit in hits]
        for style in (question["style"], "all"):
            row = per_style[style]
            row["n"] += 1
            row["top1"] += bool(ids) and ids[0] == expected
            row["top3"] += expected in ids
        right = bool(ids) and ids[0] == expected
        if decision == ANSWER:
            decisions["in_scope"]["answer_right" if right else "answer_wrong"] += 1
        elif decision == CLARIFY:
            decisions["in_scope"]["clarify_with_right" if expected in ids else "clarify_without"] += 1
        else:
            decisions["in_scope"]["unknown"] += 1
    oos = decisions["out_of_scope"]
    n_oos = sum(oos.values())
    rejected_oos = oos[UNKNOWN]
    rejected_in = decisions["in_scope"]["unknown"]
    return {
        "styles": {s: {"n": r["n"], "top1": r["top1"] / r["n"], "top3": r["top3"] / r["n"]} for s, r in per_style.items()},
        "decisions_in_scope": dict(decisions["in_scope"]),
        "decisions_out_of_scope": dict(oos),
        "oos_recall": rejected_oos / n_oos if n_oos else None,
        "oos_no_faq_answer": (n_oos - oos[ANSWER]) / n_oos if n_oos else None,
        "oos_precision": rejected_oos / (rejected_oos + rejected_in) if rejected_oos + rejected_in else None,
        "latency_ms": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95)},
    }


def synthetic(faqs: list[Faq], size: int, seed_value: int = 7) -> list[Faq]:
    """`size` entries made by recombining real phrasings and answers (realistic vocabulary)."""
    rng = random.Random(seed_value)
    out = list(faqs)
    while len(out) < size:
        a, b = rng.sample(faqs, 2)
        words = [w for q in a.questions + b.questions for w in q.split()]
        questions = tuple(" ".join(rng.sample(words, min(len(words), rng.randint(4, 10)))) for _ in range(6))
        out.append(replace(a, id=f"synthetic-{len(out)}", title=questions[0], questions=questions[1:], answer=b.answer))
    return out


def latency_at(faqs: list[Faq], questions: list[dict], size: int) -> dict:
    started = time.perf_counter()
    index = SearchIndex(synthetic(faqs, size))
    build_s = time.perf_counter() - started
    texts = [q["text"] for q in questions]
    index.search(texts[0])
    latencies = []
    for text in texts:
        started = time.perf_counter()
        index.search(text, k=5)
        latencies.append((time.perf_counter() - started) * 1000)
    return {"entries": size, "build_s": build_s, "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95)}


def migrate(url: str) -> None:
    """The real schema, through Alembic."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


def edit_to_live(faqs: list[Faq], rounds: int = 5) -> dict:
    """Seconds from committing an edit to the live index answering with the new text."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/kb.db"
        migrate(url)
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        with sessions() as session:
            seed(session, faqs)
            session.commit()
        live = LiveIndex(sessions)
        live.current()
        timings = []
        for n in range(rounds):
            marker = f"Nội dung đã sửa lần {n} — mã {random.randrange(10**9)}"
            target = faqs[n * 7 % len(faqs)]
            started = time.perf_counter()
            with sessions() as session:
                edit_entry(session, target.id, {"answer": f"Dạ, {marker}."}, "eval")
                session.commit()
            deadline = started + 30
            while time.perf_counter() < deadline:
                index = live.current()
                index.search(target.questions[0], k=3)  # the next question is answered from the new index
                if marker in index.by_id[target.id].answer:
                    break
            else:
                raise RuntimeError("an edit did not go live within 30 s")
            timings.append(time.perf_counter() - started)
        engine.dispose()
    return {"rounds": rounds, "median_s": statistics.median(timings), "max_s": max(timings)}


def nlu_intents(questions: list[dict]) -> list[list] | None:
    """The trained model's [intent, confidence] for each question (None when no model has been trained)."""
    return rasa_nlu.parse([q["text"] for q in questions])


def rasa_alternative(questions_path: Path) -> dict | None:
    result: dict | None = rasa_nlu.run_in_rasa("devtools.eval_kb_rasa", str(questions_path))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-rasa", action="store_true", help="leave out the ResponseSelector comparison")
    args = parser.parse_args()
    faqs = load_content()
    questions = load_questions()
    index = SearchIndex(faqs)
    index.search("khởi động")  # first call loads the segmenter model
    report = {"entries": len(faqs), "questions": len(questions), "ours": quality(index, questions)}
    report["content"] = content_check.summary(faqs, date.today())
    intents = nlu_intents(questions)
    if intents is not None:
        report["ours_behind_nlu"] = quality(index, questions, intents)
    report["latency_5000"] = latency_at(faqs, questions, 5000)
    report["edit_to_live"] = edit_to_live(faqs)
    if not args.skip_rasa:
        report["rasa_response_selector"] = rasa_alternative(QUESTIONS)
    print_report(report)
    out = ROOT / "var" / "eval-kb.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\nwritten to {out.relative_to(ROOT)}")


def print_report(report: dict) -> None:
    print(f"{report['questions']} held-out questions, {report['entries']} entries")
    if "content" in report:
        print("content: ", end="")
        content_check.print_summary(report["content"])
    print_quality("The knowledge search alone", report["ours"])
    if "ours_behind_nlu" in report:
        print_quality("As deployed: the NLU first, the knowledge search for ask_question", report["ours_behind_nlu"])
    print_speed(report)


def print_quality(title: str, ours: dict) -> None:
    print(f"\n== {title}")
    print(f"{'style':<12} {'n':>4} {'top-1':>6} {'top-3':>6}")
    for style in ("accented", "unaccented", "teencode", "misspelt", "all"):
        row = ours["styles"].get(style)
        if row:
            print(f"{style:<12} {row['n']:>4} {row['top1']:>6.3f} {row['top3']:>6.3f}")
    print(f"\nin-scope decisions: {ours['decisions_in_scope']}")
    print(f"out-of-scope decisions: {ours['decisions_out_of_scope']}")
    print(f"out-of-scope (admitted not knowing): recall {ours['oos_recall']:.3f}, precision {ours['oos_precision']:.3f}")
    print(f"out-of-scope given no FAQ answer: {ours['oos_no_faq_answer']:.3f}")


def print_speed(report: dict) -> None:
    ours = report["ours"]
    print(
        f"\nsearch latency at {report['entries']} entries: p50 {ours['latency_ms']['p50']:.2f} ms, p95 {ours['latency_ms']['p95']:.2f} ms"
    )
    big = report["latency_5000"]
    print(
        f"search latency at {big['entries']} entries: p50 {big['p50_ms']:.2f} ms, p95 {big['p95_ms']:.2f} ms (index built in {big['build_s']:.1f} s)"
    )
    live = report["edit_to_live"]
    print(
        f"edit-to-live through the database: median {live['median_s']:.3f} s, max {live['max_s']:.3f} s over {live['rounds']} edits"
    )
    rasa = report.get("rasa_response_selector")
    if rasa:
        print(
            f"\nRasa ResponseSelector (retrieval intent, same questions): top-1 {rasa['top1']:.3f} in scope "
            f"(unaccented {rasa['top1_unaccented']:.3f}, teencode {rasa['top1_teencode']:.3f}); "
            f"edit-to-live = retraining: {rasa['train_s']:.0f} s"
        )


if __name__ == "__main__":
    main()
