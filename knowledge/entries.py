"""FAQ entries as content files describe them (knowledge/content/*.yml, see SCHEMA.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).parent / "content"


@dataclass(frozen=True)
class Link:
    """An official page the answer points to."""

    title: str
    url: str


@dataclass(frozen=True)
class Rule:
    """A fact that holds only for a period (a halved fee, a deduction from a given year)."""

    note: str
    valid_from: str = ""  # ISO date, "" when it has no start worth saying
    valid_until: str = ""  # ISO date, "" when open-ended

    def expired(self, today: date) -> bool:
        """True once the last day of the rule has passed."""
        return bool(self.valid_until) and date.fromisoformat(self.valid_until) < today

    def expires_within(self, today: date, days: int) -> bool:
        """True when the rule is still in force but ends within `days` days."""
        if not self.valid_until:
            return False
        left = (date.fromisoformat(self.valid_until) - today).days
        return 0 <= left <= days

    def as_dict(self) -> dict[str, str]:
        return {"note": self.note, "valid_from": self.valid_from, "valid_until": self.valid_until}


@dataclass(frozen=True)
class Faq:
    """One FAQ: what residents ask, the short answer, and its steps."""

    id: str
    category: str
    category_title: str
    title: str
    questions: tuple[str, ...]
    answer: str  # the first message: short, what to do and where
    links: tuple[Link, ...] = ()
    source: str = ""
    last_reviewed: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    steps: tuple[str, ...] = ()  # one action each, shown one at a time on «Xem từng bước»
    rules: tuple[Rule, ...] = ()
    no_link: str = ""  # why no official page is linked

    def reply_text(self) -> str:
        """The answer as the resident reads it, with the official links after it."""
        text = self.answer.strip()
        if self.links:
            text += "\n\n" + "\n".join(f"🔗 {link.title}: {link.url}" for link in self.links)
        return text

    def full_text(self) -> str:
        """The answer and its steps as one text (what search reads, what a part of the answer is cut from)."""
        return "\n".join([self.answer.strip(), *self.steps])

    def expired_rules(self, today: date) -> tuple[Rule, ...]:
        """The rules this answer relies on whose period is over."""
        return tuple(rule for rule in self.rules if rule.expired(today))


# a note says the rule and its basis; seed notes run to about 430 characters (the passport and ID-card fees)
MAX_RULES, MAX_NOTE = 10, 500


def rule_line(rule: dict[str, str]) -> str:
    """A stored rule as staff type it in the editor and the spreadsheet: «Nội dung | từ ngày | đến ngày»."""
    return " | ".join([rule.get("note", ""), rule.get("valid_from", ""), rule.get("valid_until", "")]).rstrip(" |")


def _day(text: str) -> str | None:
    """An ISO day, or None when the text is not a real one ("" stays "")."""
    if not text:
        return ""
    try:
        return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) and date.fromisoformat(text) else None
    except ValueError:
        return None


def parse_rule_lines(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """Lines of «Nội dung | từ ngày | đến ngày» (dates NNNN-TT-NN, either may be empty, not both) as stored
    rules, and what is wrong with the others (Vietnamese, for staff): the editor's and the import's reading."""
    rules, errors = [], []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split("|")]
        note, start, end = (parts + ["", "", ""])[:3]
        first, last = _day(start), _day(end)
        if len(parts) > 3 or not note:
            errors.append(f"Dòng quy định {number} phải có dạng «Nội dung | từ ngày | đến ngày».")
        elif first is None or last is None:
            errors.append(f"Dòng quy định {number}: ngày phải có thật, dạng NNNN-TT-NN (ví dụ 2026-12-31).")
        elif not first and not last:
            errors.append(f"Dòng quy định {number}: cần ít nhất ngày bắt đầu hoặc ngày hết hạn.")
        elif first and last and first > last:
            errors.append(f"Dòng quy định {number}: ngày hết hạn phải sau ngày bắt đầu.")
        elif len(note) > MAX_NOTE:
            errors.append(f"Dòng quy định {number}: nội dung tối đa {MAX_NOTE} ký tự.")
        else:
            rules.append({"note": note, "valid_from": first, "valid_until": last})
    if len(rules) > MAX_RULES:
        errors.append(f"Tối đa {MAX_RULES} quy định có thời hạn.")
    return rules, errors


def rules_from(items: Any) -> tuple[Rule, ...]:
    """Rules as content files and the database hold them (a list of dicts)."""
    return tuple(
        Rule(str(item.get("note", "")).strip(), str(item.get("valid_from") or ""), str(item.get("valid_until") or ""))
        for item in items or ()
    )


def load_file(path: Path) -> list[Faq]:
    """Entries of one category file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    category, title = data["category"], data["category_title"]
    return [
        Faq(
            id=item["id"],
            category=category,
            category_title=title,
            title=item["title"],
            questions=tuple(item.get("questions") or ()),
            answer=item["answer"],
            links=tuple(Link(link["title"], link["url"]) for link in item.get("links") or ()),
            source=item.get("source", ""),
            last_reviewed=str(item.get("last_reviewed", "")),
            tags=tuple(str(t) for t in item.get("tags") or ()),
            steps=tuple(str(step).strip() for step in item.get("steps") or ()),
            rules=rules_from(item.get("rules")),
            no_link=str(item.get("no_link") or "").strip(),
        )
        for item in data.get("entries") or ()
    ]


def load_content(directory: Path = CONTENT_DIR) -> list[Faq]:
    """Every entry of every category file, in file order."""
    entries: list[Faq] = []
    for path in sorted(directory.glob("*.yml")):
        entries.extend(load_file(path))
    return entries
