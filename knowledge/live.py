"""The knowledge base the running assistant searches, built once on first use."""

from __future__ import annotations

import threading

from knowledge.entries import Entry, load_content
from knowledge.index import SearchIndex

_lock = threading.Lock()
_index: SearchIndex | None = None


def current_index() -> SearchIndex:
    """The live search index (built lazily, so importing costs nothing)."""
    global _index
    with _lock:
        if _index is None:
            _index = SearchIndex(load_content())
        return _index


def find_entry(entry_id: str) -> Entry | None:
    """An entry by its id, from the live index."""
    return next((e for e in current_index().entries if e.id == entry_id), None)
