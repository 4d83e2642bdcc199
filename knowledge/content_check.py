"""`python -m knowledge.content_check [FILE…]`: what in the content files breaks SCHEMA.md's writing rules.

One function per rule, each returning the problems of one entry in plain English, so the content tests
(tests/knowledge/test_content.py) and the writers run the same checks. The last one is knowledge.rules'
check_entry, the editor's and the import's rules (in Vietnamese): a seed entry staff can always save.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from knowledge import store
from knowledge.entries import CONTENT_DIR, Faq, load_file
from knowledge.rules import ID_RE, SHORT_ANSWER_WORDS, check_entry

MAX_ANSWER_WORDS = SHORT_ANSWER_WORDS  # what the seed keeps; the editor refuses only clearly longer ones
MAX_STEP_WORDS = 40
MIN_QUESTIONS = 4
# the first day a fact of this knowledge base was checked; an older or future date is a stamp, not a check
FIRST_CHECK = date(2025, 1, 1)

WARD_FACTS = ("ward_name", "ward_address", "ward_hours", "ward_hotline", "class_schedule")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# text meant for staff that once reached residents
INTERNAL_NOTE = re.compile(r"do phường cập nhật|rà soát ngày|thông tin rà soát|\(cập nhật sau\)|TODO|\?\?\?", re.IGNORECASE)
# slashed or foreign forms of address; the resident is «Bác», the bot «con»
OTHER_ADDRESS = re.compile(
    r"\b(?:Bác|Anh|Chị|Cô|Chú)\s*/\s*(?:Bác|Anh|Chị|Cô|Chú|Em)\b|\bquý khách\b|\bBác mời\b|\bmời Bác\b(?= đến tại)",
    re.IGNORECASE,
)
NUMBERED = re.compile(r"^\s*\d+\s*[.)]\s", re.MULTILINE)
# a sentence end inside a line: ".", "!" or "?" followed by a space and a capital letter
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZĐÀ-Ỹ]")


def words(text: str) -> int:
    """Words as a reader counts them (a placeholder or a number is one word)."""
    return len([token for token in text.split() if any(ch.isalnum() for ch in token)])


def _has_no_marks(text: str) -> bool:
    return all(unicodedata.category(ch) != "Mn" for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")))


def short_answer(faq: Faq) -> list[str]:
    problems = []
    if words(faq.answer) > MAX_ANSWER_WORDS:
        problems.append(f"answer has {words(faq.answer)} words (at most {MAX_ANSWER_WORDS})")
    if NUMBERED.search(faq.answer):
        problems.append("answer holds a numbered list: put the steps in `steps`")
    if re.match(r"\s*Dạ\b", faq.answer):
        problems.append("answer starts with «Dạ» (the bot already opens with «Dạ, về …»)")
    return problems


def step_list(faq: Faq) -> list[str]:
    problems = []
    for i, step in enumerate(faq.steps, start=1):
        if not step:
            problems.append(f"step {i} is empty")
        elif words(step) > MAX_STEP_WORDS:
            problems.append(f"step {i} has {words(step)} words (at most {MAX_STEP_WORDS})")
        elif NUMBERED.match(step) or re.match(r"\s*(?:Bước\s*)?\d+\s*[:.)-]", step):
            problems.append(f"step {i} starts with its own number (the bot numbers steps)")
    return problems


def _texts(faq: Faq) -> list[tuple[str, str]]:
    return [("answer", faq.answer)] + [(f"step {i}", step) for i, step in enumerate(faq.steps, start=1)]


def no_internal_text(faq: Faq) -> list[str]:
    problems = [
        f"{where} holds a note meant for staff: «{m.group(0)}»"
        for where, text in _texts(faq)
        for m in [INTERNAL_NOTE.search(text)]
        if m
    ]
    for where, text in _texts(faq):
        if any(line.lower().count("bộ phận một cửa") > 1 for line in text.splitlines()):
            problems.append(f"{where} names «bộ phận một cửa» twice in one line")
    return problems


def one_form_of_address(faq: Faq) -> list[str]:
    return [
        f"{where} uses another form of address: «{m.group(0)}»"
        for where, text in _texts(faq)
        for m in [OTHER_ADDRESS.search(text)]
        if m
    ]


def ward_facts(faq: Faq) -> list[str]:
    """Ward facts only as known placeholders, each in a line of one sentence (replaced whole while unset)."""
    problems = []
    for where, text in _texts(faq) + [("title", faq.title)]:
        for line in text.splitlines():
            names = PLACEHOLDER.findall(line)
            unknown = [name for name in names if name not in WARD_FACTS]
            if unknown:
                problems.append(f"{where} has unknown placeholder(s) {unknown}")
            if names and where == "title":
                problems.append("title uses a ward fact")
            elif names and SENTENCE_BREAK.search(line):
                problems.append(f"{where}: a line with a ward fact must be one sentence: «{line.strip()[:80]}»")
    return problems


def sources(faq: Faq, today: date | None = None) -> list[str]:
    today = today or date.today()
    problems = []
    if not faq.source.strip():
        problems.append("no source")
    if not faq.links and not faq.no_link:
        problems.append("no official link and no `no_link` reason")
    try:
        reviewed = date.fromisoformat(faq.last_reviewed)
    except ValueError:
        return problems + [f"last_reviewed {faq.last_reviewed!r} is not a date"]
    if not FIRST_CHECK <= reviewed <= today:
        problems.append(f"last_reviewed {faq.last_reviewed} is not a real check date")
    return problems


def dated_rules(faq: Faq) -> list[str]:
    problems = []
    said = faq.full_text()
    for rule in faq.rules:
        if not rule.note:
            problems.append("a rule without a note")
        try:
            start = date.fromisoformat(rule.valid_from) if rule.valid_from else None
            end = date.fromisoformat(rule.valid_until) if rule.valid_until else None
        except ValueError:
            problems.append(f"rule «{rule.note[:40]}» has a date that is not YYYY-MM-DD")
            continue
        if start is None and end is None:
            problems.append(f"rule «{rule.note[:40]}» has neither valid_from nor valid_until")
        if start and end and start > end:
            problems.append(f"rule «{rule.note[:40]}» ends before it starts")
        # a time-bound figure says its period: the answer names the year the rule starts or ends
        bound = end or start
        year = str(bound.year) if bound else ""
        if year and year not in said:
            problems.append(f"rule «{rule.note[:40]}»: the answer does not say its period ({year})")
    return problems


def questions(faq: Faq) -> list[str]:
    problems = []
    if len(faq.questions) < MIN_QUESTIONS:
        problems.append(f"{len(faq.questions)} phrasings (at least {MIN_QUESTIONS})")
    if faq.questions and not any(_has_no_marks(q) for q in faq.questions):
        problems.append("no phrasing without diacritics")
    return problems


def identity(faq: Faq) -> list[str]:
    if not ID_RE.fullmatch(faq.id):
        return [f"id {faq.id!r} is not a lowercase ascii slug"]
    if not faq.id.startswith(faq.category + "-"):
        return [f"id {faq.id!r} does not start with its category {faq.category!r}"]
    return []


def editor_rules(faq: Faq) -> list[str]:
    """What the editor and the spreadsheet import would refuse (knowledge.rules, in Vietnamese)."""
    return [f"{field}: {message}" for field, message in check_entry({**store.faq_data(faq), "id": faq.id})]


CHECKS: dict[str, Callable[[Faq], list[str]]] = {
    "short answer": short_answer,
    "steps": step_list,
    "internal text": no_internal_text,
    "form of address": one_form_of_address,
    "ward facts": ward_facts,
    "sources": sources,
    "dated rules": dated_rules,
    "questions": questions,
    "identity": identity,
    "editor rules": editor_rules,
}


def problems(faq: Faq) -> list[str]:
    """Every rule this entry breaks."""
    return [problem for check in CHECKS.values() for problem in check(faq)]


def duplicate_ids(entries: list[Faq]) -> list[str]:
    return [entry_id for entry_id, count in Counter(e.id for e in entries).items() if count > 1]


def shared_phrasings(entries: list[Faq]) -> list[str]:
    """Phrasings written under two entries: search could never tell which one they mean."""
    owners = Counter(q for e in entries for q in set(e.questions))
    return sorted(q for q, count in owners.items() if count > 1)


def summary(entries: list[Faq], today: date, interval_days: int = 182, expiring_days: int = 30) -> dict[str, float]:
    """What `make eval-kb` prints about the content: links, first-message length, reviews due, rules ending."""
    lengths = sorted(words(e.answer) for e in entries) or [0]

    def overdue(entry: Faq) -> bool:
        try:
            return (today - date.fromisoformat(entry.last_reviewed)).days > interval_days
        except ValueError:
            return True

    return {
        "entries": len(entries),
        "with_links": sum(bool(e.links) for e in entries),
        "first_message_words_median": lengths[len(lengths) // 2],
        "first_message_words_max": lengths[-1],
        "with_steps": sum(bool(e.steps) for e in entries),
        "past_review": sum(overdue(e) for e in entries),
        "rules_expiring_30_days": sum(rule.expires_within(today, expiring_days) for e in entries for rule in e.rules),
        "rules_expired": sum(rule.expired(today) for e in entries for rule in e.rules),
    }


def print_summary(figures: dict[str, float]) -> None:
    print(
        f"{figures['entries']} entries, {figures['with_links']} with official links, {figures['with_steps']} with steps; "
        f"first message median {figures['first_message_words_median']} words, max {figures['first_message_words_max']}; "
        f"past review {figures['past_review']}; rules expiring within 30 days {figures['rules_expiring_30_days']}, "
        f"expired {figures['rules_expired']}"
    )


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or sorted(CONTENT_DIR.glob("*.yml"))
    entries: list[Faq] = []
    bad = 0
    for path in paths:
        try:
            faqs = load_file(path)
        except Exception as error:  # a file that does not load is the first thing to fix
            print(f"{path}: does not load: {error}")
            bad += 1
            continue
        entries.extend(faqs)
        for faq in faqs:
            for problem in problems(faq):
                print(f"{path.name}: {faq.id}: {problem}")
                bad += 1
    for entry_id in duplicate_ids(entries):
        print(f"duplicate id {entry_id}")
        bad += 1
    for question in shared_phrasings(entries):
        print(f"phrasing under two entries: {question!r}")
        bad += 1
    print(f"{len(entries)} entries, {bad} problems")
    print_summary(summary(entries, date.today()))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
