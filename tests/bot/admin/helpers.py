"""Reading what the editor stored, and the knowledge base as residents search it."""

from __future__ import annotations

from sqlalchemy import select

from bot.feedback.models import UnansweredHandled
from knowledge import store
from knowledge.models import Entry, Version
from tests.bot.auth.helpers import sessions


def entry(database_url: str, entry_id: str) -> Entry | None:
    with sessions(database_url)() as session:
        try:
            found = store.get_entry(session, entry_id)
        except store.EntryNotFound:
            return None
        _ = found.questions  # loaded before the session closes
        return found


def versions(database_url: str, entry_id: str) -> list[Version]:
    with sessions(database_url)() as session:
        return store.history(session, entry_id)


def count_entries(database_url: str) -> int:
    with sessions(database_url)() as session:
        return len(session.scalars(select(Entry.id)).all())


def handled(database_url: str) -> dict[int, str]:
    with sessions(database_url)() as session:
        return {row.message_id: row.action for row in session.scalars(select(UnansweredHandled))}


def search_ids(client, q: str, k: int = 5) -> list[str]:
    response = client.get("/api/kb/search", params={"q": q, "k": k})
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()]


from knowledge.entries import rule_line  # noqa: E402


def form_of(e: Entry, **changes: str) -> dict[str, str]:
    """The edit form as the browser would post it, with some fields changed."""
    data = {
        "category_id": e.category_id,
        "title": e.title,
        "questions": "\r\n".join(q.text for q in e.questions),
        "answer": e.answer.replace("\n", "\r\n"),
        "steps": "\r\n".join(e.steps or ()),
        "rules": "\r\n".join(rule_line(rule) for rule in e.rules or ()),
        "no_link": e.no_link or "",
        "links": "\r\n".join(f"{link['title']} | {link['url']}" for link in e.links or ()),
        "source": e.source,
        "last_reviewed": e.last_reviewed,
        "tags": ", ".join(e.tags or ()),
        "version": str(e.version),
        "action": "save",
    }
    data.update(changes)
    return data
