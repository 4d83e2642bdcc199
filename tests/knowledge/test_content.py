"""The seed FAQ content: complete, well-formed entries that residents can find."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from knowledge.entries import CONTENT_DIR, load_content
from nlu.normalize import has_diacritics, uses_teencode

ENTRIES = load_content()
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
WARD_FACTS = {"ward_name", "ward_address", "ward_hours", "ward_hotline", "class_schedule"}
ROOT = Path(__file__).resolve().parents[2]


def test_ids_are_unique_and_prefixed_by_category():
    counts = Counter(e.id for e in ENTRIES)
    assert [i for i, n in counts.items() if n > 1] == []
    assert all(e.id.startswith(e.category) for e in ENTRIES)


def test_each_file_is_one_category_named_like_the_file():
    for path in CONTENT_DIR.glob("*.yml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["category"] == path.stem


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_entry_is_complete(entry):
    assert entry.title and entry.answer.startswith("Dạ")
    assert len(entry.questions) >= 4
    assert any(not has_diacritics(q) for q in entry.questions), "one phrasing without diacritics"
    assert any(uses_teencode(q) for q in entry.questions), "one phrasing in chat shorthand"
    assert entry.source and re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.last_reviewed)
    assert all(link.url.startswith("https://") for link in entry.links)
    assert set(PLACEHOLDER.findall(entry.answer)) <= WARD_FACTS


def test_at_least_150_entries_in_at_least_12_categories():
    assert len(ENTRIES) >= 150 and len({e.category for e in ENTRIES}) >= 12


def test_dialogue_buttons_point_at_existing_entries():
    domain = (ROOT / "bot" / "dialogue" / "domain.yml").read_text(encoding="utf-8")
    referenced = re.findall(r'"faq_id":"([^"]+)"', domain)
    ids = {e.id for e in ENTRIES}
    assert referenced and [r for r in referenced if r not in ids] == []
