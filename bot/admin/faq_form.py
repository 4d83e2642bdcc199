"""The FAQ form: what staff typed, checked and turned into knowledge.store's fields."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy.orm import Session

from knowledge.entries import parse_rule_lines, rule_line
from knowledge.models import Category, Entry

ID_RE = re.compile(r"^[a-z0-9-]{3,120}$")
MAX_TITLE, MAX_QUESTION, MAX_QUESTIONS, MAX_ANSWER = 300, 500, 100, 8000
MAX_SOURCE, MAX_TAG, MAX_TAGS, MAX_LINKS, MAX_URL = 500, 60, 30, 20, 500
MAX_STEPS, MAX_STEP, MAX_NO_LINK = 30, 600, 300
# The first message an elderly resident reads: about 60 words (the seed keeps 60, knowledge/content_check.py);
# the editor refuses only clearly longer ones, so a quick fix by staff is never blocked by a few words.
SHORT_ANSWER_WORDS, SHORT_ANSWER_MAX = 60, 80


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
            links="\n".join(f"{link['title']} | {link['url']}" for link in entry.links or ()),
            no_link=entry.no_link or "",
            source=entry.source or "",
            tags=", ".join(entry.tags or ()),
            version=str(entry.version),
        )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def safe_url(url: str) -> bool:
    """An http(s) address with a host and no spaces."""
    if not url or len(url) > MAX_URL or any(c.isspace() or ord(c) < 0x20 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def parse_links(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """Lines of "Tiêu đề | https://…" as {title, url}; and what is wrong with the others."""
    links, errors = [], []
    for number, line in enumerate(_lines(text), start=1):
        title, bar, url = line.rpartition("|")
        title, url = title.strip(), url.strip()
        if not bar or not title:
            errors.append(f"Dòng liên kết {number} phải có dạng «Tiêu đề | https://…».")
        elif not safe_url(url):
            errors.append(f"Dòng liên kết {number}: địa chỉ phải bắt đầu bằng http:// hoặc https:// và không có khoảng trắng.")
        elif len(title) > 200:
            errors.append(f"Dòng liên kết {number}: tiêu đề quá dài (tối đa 200 ký tự).")
        else:
            links.append({"title": title, "url": url})
    if len(links) > MAX_LINKS:
        errors.append(f"Tối đa {MAX_LINKS} liên kết.")
    return links, errors


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

    if creating:
        entry_id = form.entry_id.strip()
        if not ID_RE.fullmatch(entry_id):
            problem("entry_id", "Mã câu hỏi chỉ gồm chữ thường không dấu (a–z), số và dấu gạch ngang, dài 3–120 ký tự.")
        elif session.get(Entry, entry_id) is not None:
            problem("entry_id", f"Mã «{entry_id}» đã có. Bạn chọn mã khác.")
    if not form.category_id or session.get(Category, form.category_id) is None:
        problem("category_id", "Chọn một chủ đề.")
    title = " ".join(form.title.split())
    if not title:
        problem("title", "Tiêu đề không được để trống.")
    elif len(title) > MAX_TITLE:
        problem("title", f"Tiêu đề tối đa {MAX_TITLE} ký tự.")
    questions = []
    for line in _lines(form.questions):
        if line not in questions:
            questions.append(line)
    if not questions:
        problem("questions", "Cần ít nhất một cách hỏi (mỗi dòng một câu).")
    elif len(questions) > MAX_QUESTIONS:
        problem("questions", f"Tối đa {MAX_QUESTIONS} cách hỏi.")
    for number, question in enumerate(questions, start=1):
        if len(question) > MAX_QUESTION:
            problem("questions", f"Cách hỏi thứ {number} quá dài (tối đa {MAX_QUESTION} ký tự).")
    answer = clean_answer(form.answer)
    if not answer:
        problem("answer", "Câu trả lời không được để trống.")
    elif len(answer) > MAX_ANSWER:
        problem("answer", f"Câu trả lời tối đa {MAX_ANSWER} ký tự.")
    elif len(answer.split()) > SHORT_ANSWER_MAX:
        problem(
            "answer",
            f"Câu trả lời đầu tiên cần ngắn, khoảng {SHORT_ANSWER_WORDS} chữ, tối đa {SHORT_ANSWER_MAX} "
            f"(hiện có {len(answer.split())} chữ): các bước làm hãy ghi ở ô «Các bước».",
        )
    steps = [re.sub(r"^\s*(?:Bước\s*)?\d+\s*[.):-]\s*", "", line) for line in _lines(form.steps)]
    if len(steps) > MAX_STEPS:
        problem("steps", f"Tối đa {MAX_STEPS} bước.")
    for number, step in enumerate(steps, start=1):
        if len(step) > MAX_STEP:
            problem("steps", f"Bước {number} quá dài (tối đa {MAX_STEP} ký tự): hãy tách thành hai bước.")
    rules, rule_errors = parse_rule_lines(form.rules)
    for message in rule_errors:
        problem("rules", message)
    links, link_errors = parse_links(form.links)
    for message in link_errors:
        problem("links", message)
    no_link = " ".join(form.no_link.split())
    if len(no_link) > MAX_NO_LINK:
        problem("no_link", f"Lý do tối đa {MAX_NO_LINK} ký tự.")
    source = " ".join(form.source.split())
    if len(source) > MAX_SOURCE:
        problem("source", f"Nguồn tối đa {MAX_SOURCE} ký tự.")
    tags = parse_tags(form.tags)
    if len(tags) > MAX_TAGS:
        problem("tags", f"Tối đa {MAX_TAGS} thẻ.")
    if any(len(tag) > MAX_TAG for tag in tags):
        problem("tags", f"Mỗi thẻ tối đa {MAX_TAG} ký tự.")
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
