"""Actions run against a migrated, seeded knowledge base, as in production."""

from __future__ import annotations

import pytest

from knowledge import live
from knowledge.database import make_engine, make_sessionmaker
from tests.support.database import seeded_sqlite


@pytest.fixture(scope="session")
def knowledge_url(tmp_path_factory) -> str:
    return seeded_sqlite(tmp_path_factory.mktemp("kb"))


@pytest.fixture(autouse=True)
def live_index(knowledge_url):
    index = live.LiveIndex(make_sessionmaker(make_engine(knowledge_url)))
    live.use(index)
    yield index
    live.use(None)
