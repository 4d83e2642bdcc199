"""One action run's view of the knowledge base (knowledge/turn.py), and the live index read through it."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from knowledge import turn
from knowledge.database import make_engine, make_sessionmaker
from knowledge.live import LiveIndex
from knowledge.reading import search_message
from tests.support.database import seeded_sqlite


@pytest.fixture(scope="module")
def knowledge_url(tmp_path_factory) -> str:
    return seeded_sqlite(tmp_path_factory.mktemp("turn"))


def test_outside_a_turn_every_value_is_computed_afresh():
    made = []
    assert [turn.kept("k", lambda: made.append(1) or len(made)) for _ in range(3)] == [1, 2, 3]


def test_inside_a_turn_each_key_is_computed_once_and_forgotten_after():
    made = []

    def make() -> int:
        made.append(1)
        return len(made)

    with turn.one_turn():
        assert [turn.kept("k", make), turn.kept("k", make), turn.kept("other", make)] == [1, 1, 2]
    assert turn.kept("k", make) == 3


async def test_concurrent_turns_do_not_share_what_they_keep():
    async def one(name: str) -> list[str]:
        with turn.one_turn():
            first = turn.kept("k", lambda: name)
            await asyncio.sleep(0.01)  # the other run sets its own value meanwhile
            return [first, turn.kept("k", lambda: "again")]

    assert await asyncio.gather(one("a"), one("b")) == [["a", "a"], ["b", "b"]]


def _bump(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE kb_revision SET revision = revision + 1 WHERE id = 1"))
    engine.dispose()


def test_a_turn_reads_the_revision_once_and_the_next_turn_sees_an_edit(knowledge_url):
    live = LiveIndex(make_sessionmaker(make_engine(knowledge_url)))
    with turn.one_turn():
        first = live.current()
        _bump(knowledge_url)  # staff publish an edit in the middle of the turn
        assert live.current() is first  # the turn keeps the index it started with
    assert live.current() is not first  # the very next question is answered from the edit


def test_a_search_made_twice_in_a_turn_is_made_once(knowledge_url, monkeypatch):
    index = LiveIndex(make_sessionmaker(make_engine(knowledge_url))).current()
    searched = []
    original = type(index).search
    monkeypatch.setattr(type(index), "search", lambda self, q, k=5: searched.append(q) or original(self, q, k))
    with turn.one_turn():
        once = search_message(index, "quên mật khẩu VNeID", k=3)
        again = search_message(index, "quên mật khẩu VNeID", k=3)
    assert once == again and searched == ["quên mật khẩu VNeID"]
    search_message(index, "quên mật khẩu VNeID", k=3)
    assert len(searched) == 2
