"""Seeding, editing, versions, revert and the revision counter of the SQL knowledge base."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from knowledge.entries import load_content
from knowledge.models import Entry, Version
from knowledge.store import (
    EntryNotFound,
    create_entry,
    current_revision,
    edit_entry,
    history,
    published_faqs,
    revert,
    seed,
    set_status,
)

FAQS = load_content()


def test_seeding_is_idempotent(sessions):
    with sessions() as session:
        first = seed(session, FAQS)
        session.commit()
        again = seed(session, FAQS)
        session.commit()
        assert first["added"] == len(FAQS) and again == {"added": 0, "updated": 0, "kept": 0, "unchanged": len(FAQS)}
        assert session.scalar(select(func.count()).select_from(Version)) == len(FAQS)
        assert len(published_faqs(session)) == len(FAQS)


def test_reseeding_follows_the_file_but_never_overwrites_a_staff_edit(sessions):
    with sessions() as session:
        seed(session, FAQS)
        edit_entry(session, FAQS[0].id, {"answer": "Dạ, bản của cán bộ."}, "can-bo")
        changed = [replace(FAQS[0], answer="Dạ, bản mới trong tệp."), replace(FAQS[1], answer="Dạ, tệp đổi."), *FAQS[2:]]
        counts = seed(session, changed)
        session.commit()
        assert counts["kept"] == 1 and counts["updated"] == 1
        assert session.get(Entry, FAQS[0].id).answer == "Dạ, bản của cán bộ."
        assert session.get(Entry, FAQS[1].id).answer == "Dạ, tệp đổi."


def test_every_change_is_versioned_and_moves_the_revision(sessions):
    with sessions() as session:
        seed(session, FAQS[:3])
        before = current_revision(session)
        create_entry(
            session, "thu-nghiem", {"category_id": FAQS[0].category, "title": "Thử", "answer": "Dạ.", "questions": ["a"]}, "u"
        )
        set_status(session, "thu-nghiem", "published", "u")
        edit_entry(session, "thu-nghiem", {"answer": "Dạ, mới."}, "u")
        set_status(session, "thu-nghiem", "draft", "u")
        session.commit()
        assert current_revision(session) == before + 4
        assert [v.action for v in history(session, "thu-nghiem")] == ["unpublish", "edit", "publish", "create"]


def test_drafts_are_not_searchable(sessions):
    with sessions() as session:
        seed(session, FAQS[:3])
        set_status(session, FAQS[0].id, "draft", "u")
        session.commit()
        assert FAQS[0].id not in [f.id for f in published_faqs(session)]


def test_revert_restores_text_and_status_as_a_new_version(sessions):
    with sessions() as session:
        seed(session, FAQS[:1])
        entry_id = FAQS[0].id
        edit_entry(session, entry_id, {"answer": "Dạ, sai.", "questions": ["x"]}, "u")
        set_status(session, entry_id, "draft", "u")
        revert(session, entry_id, 1, "admin")
        session.commit()
        entry = session.get(Entry, entry_id)
        assert entry.answer == FAQS[0].answer and entry.status == "published"
        assert [q.text for q in entry.questions] == list(FAQS[0].questions)
        newest = history(session, entry_id)[0]
        assert newest.action == "revert" and newest.changed_by == "admin" and newest.version == entry.version == 4


def test_unknown_entries_raise(sessions):
    with sessions() as session:
        with pytest.raises(EntryNotFound):
            edit_entry(session, "khong-co", {"answer": "x"}, "u")
        with pytest.raises(EntryNotFound):
            revert(session, "khong-co", 1, "u")
