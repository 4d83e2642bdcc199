"""FAQ entries as content files describe them (knowledge/content/*.yml, see SCHEMA.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

CONTENT_DIR = Path(__file__).parent / "content"


@dataclass(frozen=True)
class Link:
    """An official page the answer points to."""

    title: str
    url: str


@dataclass(frozen=True)
class Faq:
    """One FAQ: what residents ask, and the answer."""

    id: str
    category: str
    category_title: str
    title: str
    questions: tuple[str, ...]
    answer: str
    links: tuple[Link, ...] = ()
    source: str = ""
    last_reviewed: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    def reply_text(self) -> str:
        """The answer as the resident reads it, with the official links after it."""
        text = self.answer.strip()
        if self.links:
            text += "\n\n" + "\n".join(f"🔗 {link.title}: {link.url}" for link in self.links)
        return text


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
        )
        for item in data.get("entries") or ()
    ]


def load_content(directory: Path = CONTENT_DIR) -> list[Faq]:
    """Every entry of every category file, in file order."""
    entries: list[Faq] = []
    for path in sorted(directory.glob("*.yml")):
        entries.extend(load_file(path))
    return entries
