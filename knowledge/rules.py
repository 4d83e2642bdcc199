"""What a FAQ entry must be to be stored: one set of rules for the editor, the spreadsheet import and the
content checks.

The limits (lengths, counts), the id, category and date formats, the link separator, and `check_entry`, which
lists what is wrong with an entry's fields in Vietnamese, for staff. The editor (bot/admin/faq_form.py) and
the import (knowledge/spreadsheet/) first read their text into knowledge.store's fields, reporting what
does not read (a link line without its separator, a day that does not exist), then ask `check_entry` about
the rest; the content checks (knowledge/content_check.py) ask it about every seed entry, so an entry the
seed or an import holds is never refused when staff press «Lưu».

The writing rules for the seed content (about 60 words in the first message, four phrasings, …) are
stricter and stay in knowledge/content_check.py: they guide writers, and never block a quick fix by staff.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from knowledge.entries import MAX_NOTE, MAX_RULES, parse_rule_lines, rule_line

__all__ = [
    "CATEGORY_RE",
    "DATE_RE",
    "ID_RE",
    "LINK_SEPARATOR",
    "MAX_ANSWER",
    "MAX_CATEGORY_TITLE",
    "MAX_LINKS",
    "MAX_LINK_TITLE",
    "MAX_NOTE",
    "MAX_NO_LINK",
    "MAX_QUESTION",
    "MAX_QUESTIONS",
    "MAX_RULES",
    "MAX_SOURCE",
    "MAX_STEP",
    "MAX_STEPS",
    "MAX_TAG",
    "MAX_TAGS",
    "MAX_TITLE",
    "MAX_URL",
    "SHORT_ANSWER_MAX",
    "SHORT_ANSWER_WORDS",
    "Problem",
    "check_entry",
    "is_date",
    "parse_links",
    "safe_url",
]

ID_RE = re.compile(r"[a-z0-9-]{3,120}")  # kb_entries.id
CATEGORY_RE = re.compile(r"[a-z0-9-]{2,64}")  # kb_categories.id
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")  # an ISO day, NNNN-TT-NN
LINK_SEPARATOR = " | "  # «Tiêu đề | https://…», one link a line in the editor and the spreadsheet

MAX_TITLE = 300  # kb_entries.title
MAX_QUESTION, MAX_QUESTIONS = 500, 100  # kb_questions.text
MAX_ANSWER = 8000
# The first message an elderly resident reads: about 60 words (the seed keeps 60, knowledge/content_check.py);
# only clearly longer ones are refused, so a quick fix by staff is never blocked by a few words.
SHORT_ANSWER_WORDS, SHORT_ANSWER_MAX = 60, 80
MAX_STEPS, MAX_STEP = 30, 600
MAX_LINKS, MAX_LINK_TITLE, MAX_URL = 20, 200, 500
MAX_NO_LINK = 300
MAX_SOURCE = 500  # kb_entries.source
MAX_TAGS, MAX_TAG = 30, 60
MAX_CATEGORY_TITLE = 200  # kb_categories.title


class Problem(NamedTuple):
    """One thing wrong with an entry: the store field it is about, and what to do (Vietnamese, for staff)."""

    field: str
    message: str


def safe_url(url: str) -> bool:
    """An http(s) address with a host, no spaces nor control characters, at most MAX_URL characters."""
    if not url or len(url) > MAX_URL or any(c.isspace() or ord(c) < 0x20 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_date(text: str) -> bool:
    """A real day written NNNN-TT-NN."""
    if not DATE_RE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_links(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """Lines of «Tiêu đề | https://…» as {title, url}, and what is wrong with the lines that do not read
    (the editor's wording; the limits on the links read are check_entry's)."""
    links, errors = [], []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        title, bar, url = line.rpartition("|")  # written with LINK_SEPARATOR; read with or without its spaces
        title, url = title.strip(), url.strip()
        if not bar or not title:
            errors.append(f"Dòng liên kết {number} phải có dạng «Tiêu đề | https://…».")
        elif not safe_url(url):
            errors.append(f"Dòng liên kết {number}: địa chỉ phải bắt đầu bằng http:// hoặc https:// và không có khoảng trắng.")
        else:
            links.append({"title": title, "url": url})
    return links, errors


def check_entry(fields: Mapping[str, Any]) -> list[Problem]:
    """What is wrong with an entry's knowledge.store fields (only the fields given are checked):
    "id", "title", "questions", "answer", "steps", "rules", "links", "no_link", "source", "tags",
    "last_reviewed"."""
    problems: list[Problem] = []

    def problem(name: str, message: str) -> None:
        problems.append(Problem(name, message))

    if "id" in fields and not ID_RE.fullmatch(fields["id"]):
        problem("id", "Mã câu hỏi chỉ gồm chữ thường không dấu (a–z), số và dấu gạch ngang, dài 3–120 ký tự.")
    if "title" in fields:
        title = fields["title"]
        if not title.strip():
            problem("title", "Tiêu đề không được để trống.")
        elif len(title) > MAX_TITLE:
            problem("title", f"Tiêu đề tối đa {MAX_TITLE} ký tự.")
    if "questions" in fields:
        questions = list(fields["questions"])
        if not questions:
            problem("questions", "Cần ít nhất một cách hỏi (mỗi dòng một câu).")
        elif len(questions) > MAX_QUESTIONS:
            problem("questions", f"Tối đa {MAX_QUESTIONS} cách hỏi.")
        for number, question in enumerate(questions, start=1):
            if len(question) > MAX_QUESTION:
                problem("questions", f"Cách hỏi thứ {number} quá dài (tối đa {MAX_QUESTION} ký tự).")
    if "answer" in fields:
        answer, words = fields["answer"], len(fields["answer"].split())
        if not answer.strip():
            problem("answer", "Câu trả lời không được để trống.")
        elif len(answer) > MAX_ANSWER:
            problem("answer", f"Câu trả lời tối đa {MAX_ANSWER} ký tự.")
        elif words > SHORT_ANSWER_MAX:
            problem(
                "answer",
                f"Câu trả lời đầu tiên cần ngắn, khoảng {SHORT_ANSWER_WORDS} chữ, tối đa {SHORT_ANSWER_MAX} "
                f"(hiện có {words} chữ): các bước làm hãy ghi ở ô «Các bước».",
            )
    steps = list(fields.get("steps") or ())
    if len(steps) > MAX_STEPS:
        problem("steps", f"Tối đa {MAX_STEPS} bước.")
    for number, step in enumerate(steps, start=1):
        if len(step) > MAX_STEP:
            problem("steps", f"Bước {number} quá dài (tối đa {MAX_STEP} ký tự): hãy tách thành hai bước.")
    rules = list(fields.get("rules") or ())
    # the rules read back from the lines staff see: the same dates, note lengths and count as typed ones
    for message in parse_rule_lines("\n".join(rule_line(rule) for rule in rules))[1]:
        problem("rules", message)
    links = list(fields.get("links") or ())
    for number, link in enumerate(links, start=1):
        if not link.get("title", "").strip():
            problem("links", f"Dòng liên kết {number} phải có dạng «Tiêu đề | https://…».")
        elif not safe_url(link.get("url", "")):
            problem("links", f"Dòng liên kết {number}: địa chỉ phải bắt đầu bằng http:// hoặc https:// và không có khoảng trắng.")
        elif len(link["title"]) > MAX_LINK_TITLE:
            problem("links", f"Dòng liên kết {number}: tiêu đề quá dài (tối đa {MAX_LINK_TITLE} ký tự).")
    if len(links) > MAX_LINKS:
        problem("links", f"Tối đa {MAX_LINKS} liên kết.")
    if len(fields.get("no_link") or "") > MAX_NO_LINK:
        problem("no_link", f"Lý do tối đa {MAX_NO_LINK} ký tự.")
    if len(fields.get("source") or "") > MAX_SOURCE:
        problem("source", f"Nguồn tối đa {MAX_SOURCE} ký tự.")
    tags = list(fields.get("tags") or ())
    if len(tags) > MAX_TAGS:
        problem("tags", f"Tối đa {MAX_TAGS} thẻ.")
    if any(len(tag) > MAX_TAG for tag in tags):
        problem("tags", f"Mỗi thẻ tối đa {MAX_TAG} ký tự.")
    reviewed = fields.get("last_reviewed") or ""
    if reviewed and not is_date(reviewed):
        problem("last_reviewed", "Ngày xem lại phải là một ngày có thật, dạng NNNN-TT-NN (ví dụ 2026-11-23).")
    return problems
