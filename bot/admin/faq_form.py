"""The FAQ form: what staff typed, checked and turned into knowledge.store's fields."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy.orm import Session

from knowledge.entries import parse_rule_lines, rule_line
from knowledge.models import Category, Entry
from knowledge.rules import LINK_SEPARATOR, check_entry, parse_links

# the form's names of the store's fields, where they differ
FORM_FIELDS = {"id": "entry_id"}


class FaqInput(BaseModel):
    """The form's fields as text, exactly as typed (kept when the form comes back with errors)."""

    model_config = ConfigDict(extra="ignore")

    entry_id: str = ""
    category_id: str = ""
    title: str = ""
    questions: str = ""
    answer: str = ""
    steps: str = ""
    rules: str = ""
    links: str = ""
    no_link: str = ""
    source: str = ""
    tags: str = ""
    version: str = ""
    from_messages: str = ""

    @field_validator("*", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        """Browsers send CRLF line breaks; anything that is not text counts as empty."""
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else ""

    @classmethod
    def from_entry(cls, entry: Entry) -> FaqInput:
        """The form showing a stored entry."""
        return cls(
            entry_id=entry.id,
            category_id=entry.category_id,
            title=entry.title,
            questions="\n".join(q.text for q in entry.questions),
            answer=entry.answer,
            steps="\n".join(entry.steps or ()),
            rules="\n".join(rule_line(rule) for rule in entry.rules or ()),
            links="\n".join(f"{link['title']}{LINK_SEPARATOR}{link['url']}" for link in entry.links or ()),
            no_link=entry.no_link or "",
            source=entry.source or "",
            tags=", ".join(entry.tags or ()),
            version=str(entry.version),
        )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags, trimmed, without repeats."""
    tags: list[str] = []
    for tag in text.split(","):
        tag = " ".join(tag.split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def validate(form: FaqInput, session: Session, *, creating: bool) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The entry's fields for knowledge.store, and the errors per form field (Vietnamese)."""
    errors: dict[str, list[str]] = {}

    def problem(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    entry_id = form.entry_id.strip()
    if creating and entry_id and session.get(Entry, entry_id) is not None:
        problem("entry_id", f"Mã «{entry_id}» đã có. Bạn chọn mã khác.")
    if not form.category_id or session.get(Category, form.category_id) is None:
        problem("category_id", "Chọn một chủ đề.")
    title = " ".join(form.title.split())
    questions = []
    for line in _lines(form.questions):
        if line not in questions:
            questions.append(line)
    answer = clean_answer(form.answer)
    steps = [re.sub(r"^\s*(?:Bước\s*)?\d+\s*[.):-]\s*", "", line) for line in _lines(form.steps)]
    rules, rule_errors = parse_rule_lines(form.rules)
    for message in rule_errors:
        problem("rules", message)
    links, link_errors = parse_links(form.links)
    for message in link_errors:
        problem("links", message)
    no_link = " ".join(form.no_link.split())
    source = " ".join(form.source.split())
    tags = parse_tags(form.tags)
    data = {
        "category_id": form.category_id,
        "title": title,
        "questions": questions,
        "answer": answer,
        "steps": steps,
        "rules": rules,
        "links": links,
        "no_link": no_link,
        "source": source,
        "tags": tags,
    }
    for name, message in check_entry({**data, "id": entry_id} if creating else data):
        name = FORM_FIELDS.get(name, name)
        if message not in errors.get(name, ()):  # the rules' count, once more for the lines that did read
            problem(name, message)
    return data, errors


def clean_answer(text: str) -> str:
    """An answer without trailing spaces on its lines nor blank lines around it."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def changed_fields(entry: Entry, data: dict[str, Any]) -> list[str]:
    """Which of the entry's fields the form would change (ignoring what the form itself tidies up)."""
    snapshot = entry.snapshot()
    current = {
        **snapshot,
        "title": " ".join((snapshot["title"] or "").split()),
        "answer": clean_answer(snapshot["answer"] or ""),
        "source": " ".join((snapshot["source"] or "").split()),
    }
    return [key for key, value in data.items() if current.get(key) != value]
