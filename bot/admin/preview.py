"""How an answer will look in the chat widget: ward facts filled in, links made clickable.

The template prints each piece as escaped text (or an <a> for an http(s) address, as
bot/static/widget.js does); line breaks stay because the bubble keeps white space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.admin.faq_form import FaqInput
from bot.ward.facts import fill
from knowledge.entries import Faq, Link
from knowledge.rules import parse_links, safe_url

URL_RE = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING = ".,;:!?…'\"”’»"
CLOSERS = {")": "(", "]": "[", "}": "{"}


@dataclass(frozen=True)
class Piece:
    """A run of text, or a link when href is set."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class Preview:
    """A resident's question and the bot's answer as the widget shows them."""

    question: str
    pieces: list[Piece]
    steps: tuple[list[Piece], ...] = ()  # what «Xem từng bước» shows, one message per step


def _trim(url: str) -> str:
    while url:
        last = url[-1]
        if last in TRAILING or (last in CLOSERS and url.count(last) > url.count(CLOSERS[last])):
            url = url[:-1]
            continue
        break
    return url


def linkify(text: str) -> list[Piece]:
    """Text split into plain runs and http(s) links (the widget's rule)."""
    pieces: list[Piece] = []
    last = 0
    for match in URL_RE.finditer(text):
        raw = _trim(match.group(0))
        start, end = match.start(), match.start() + len(raw)
        if len(raw) <= 8 or not safe_url(raw):
            continue
        if start > last:
            pieces.append(Piece(text[last:start]))
        pieces.append(Piece(raw, raw))
        last = end
    if last < len(text):
        pieces.append(Piece(text[last:]))
    return pieces


def preview(form: FaqInput, facts: dict[str, str]) -> Preview:
    """The reply the bot would send for the form as it stands (invalid link lines are left out)."""
    links, _errors = parse_links(form.links)
    faq = Faq(
        id=form.entry_id or "preview",
        category=form.category_id,
        category_title="",
        title=form.title,
        questions=(),
        answer=form.answer.replace("\r\n", "\n"),
        links=tuple(Link(link["title"], link["url"]) for link in links),
    )
    questions = [line.strip() for line in form.questions.splitlines() if line.strip()]
    question = questions[0] if questions else form.title.strip()
    steps = tuple(
        linkify(fill(f"Bước {number}/{len(lines)}: {line}", facts))
        for lines in [[line.strip() for line in form.steps.splitlines() if line.strip()]]
        for number, line in enumerate(lines, start=1)
    )
    return Preview(question=question, pieces=linkify(fill(faq.reply_text(), facts)), steps=steps)
