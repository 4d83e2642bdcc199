"""GET /api/widget/topics: pinned entries first, then the most answered, published ones only."""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.web.topics import pinned, topics
from bot.conversations.models import Conversation, Message, Mode
from knowledge.models import Entry


def _answers(session: Session, counts: dict[str, int]) -> None:
    """FAQ answers as the gateway stores them: outbound messages with meta.faq_id."""
    conversation = Conversation(channel="web", external_id="res-1", mode=Mode.BOT, last_seq=0)
    session.add(conversation)
    session.flush()
    seq = 0
    for faq_id, n in counts.items():
        for _ in range(n):
            seq += 1
            session.add(Message(conversation_id=conversation.id, seq=seq, direction="out", text="…", meta={"faq_id": faq_id}))
    seq += 1  # a reply that is no FAQ answer counts for nothing
    session.add(Message(conversation_id=conversation.id, seq=seq, direction="out", text="chào", meta={"source": "dialogue"}))
    session.commit()


def _check(url: str) -> None:
    from tests.support.database import migrate, seed_content

    migrate(url)
    seed_content(url)
    engine = create_engine(url)
    try:
        with sessionmaker(engine)() as session:
            ids = session.scalars(select(Entry.id).where(Entry.status == "published").order_by(Entry.id)).all()
            assert len(ids) >= 6
            a, b, c, d = ids[-1], ids[-2], ids[-3], ids[-4]
            draft = session.get(Entry, d)
            assert draft is not None
            draft.status = "draft"  # unpublished: never offered, however often it was answered
            _answers(session, {b: 2, c: 5, d: 9})
            found = topics(session, pinned(f" {a} , no-such-entry,{a}"))
            assert [t["id"] for t in found] == [a, c, b, ids[0]]  # pinned, most asked, then the rest by id
            assert all(t["title"] and t["ask"] for t in found)
    finally:
        engine.dispose()


def test_pinned_first_then_the_most_asked_on_sqlite(tmp_path):
    _check(f"sqlite:///{tmp_path / 'app.db'}")


def test_pinned_first_then_the_most_asked_on_postgresql():
    from tests.support.postgres import postgres_schema

    with postgres_schema() as url:
        _check(url)


def test_the_route_answers_json(client):
    from tests.support.database import seed_content

    seed_content(client.app.state.settings.database_url)
    answer = client.get("/api/widget/topics")
    assert answer.status_code == 200
    found = answer.json()["topics"]
    assert 1 <= len(found) <= 4
    assert set(found[0]) == {"id", "title", "ask"}


def test_the_route_counts_the_answers_once_a_minute(client, monkeypatch):
    from bot.channels.web import topics as module

    calls = []
    real = module.topics
    monkeypatch.setattr(module, "topics", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    first = client.get("/api/widget/topics").json()
    assert client.get("/api/widget/topics").json() == first and len(calls) == 1
    client.app.state.widget_topics.forget()  # a minute later
    client.get("/api/widget/topics")
    assert len(calls) == 2


def test_a_change_to_the_knowledge_base_is_counted_at_once(client, monkeypatch):
    from bot.channels.web import topics as module
    from knowledge.store import bump_revision

    calls = []
    real = module.topics
    monkeypatch.setattr(module, "topics", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    client.get("/api/widget/topics")
    client.get("/api/widget/topics")
    assert len(calls) == 1
    with client.app.state.sessions() as session:  # what every edit in the editor does (an entry unpublished…)
        bump_revision(session)
        session.commit()
    client.get("/api/widget/topics")
    assert len(calls) == 2


def test_the_editors_pins_replace_the_setting_and_may_be_more_than_four(tmp_path):
    from bot.channels.web.pins import MAX_PINNED, pinned_ids, replace
    from bot.channels.web.topics import effective_pins
    from tests.support.database import migrate, seed_content

    url = f"sqlite:///{tmp_path / 'app.db'}"
    migrate(url)
    seed_content(url)
    engine = create_engine(url)
    try:
        with sessionmaker(engine)() as session:
            ids = session.scalars(select(Entry.id).where(Entry.status == "published").order_by(Entry.id)).all()
            assert effective_pins(session, f"{ids[0]},{ids[1]}") == [ids[0], ids[1]]  # nothing pinned: the setting
            replace(session, [ids[5], "khong-co-muc-nay", ids[4], ids[5], *ids[6:20]], by="lan")
            session.commit()
            stored = pinned_ids(session)
            assert stored == [ids[5], "khong-co-muc-nay", ids[4], *ids[6:9]] and len(stored) == MAX_PINNED
            assert effective_pins(session, f"{ids[0]},{ids[1]}") == stored
            found = [t["id"] for t in topics(session, stored)]
            assert found == [ids[5], ids[4], *ids[6:9]]  # five real pins, all shown; the unknown one skipped
            replace(session, [ids[2]], by="lan")
            session.commit()
            assert [t["id"] for t in topics(session, pinned_ids(session))][0] == ids[2]
            assert len(topics(session, pinned_ids(session))) == 4  # one pin: the usual four buttons
    finally:
        engine.dispose()
