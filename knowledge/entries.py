"""FAQ entries as content files describe them (knowledge/content/*.yml, see SCHEMA.md)."""

from __future__ import annotations

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
