"""A migrated database per test, seeded from the content files when asked."""

from __future__ import annotations

import pytest

from knowledge.database import make_engine, make_sessionmaker
from tests.support.database import migrate


@pytest.fixture
def sessions(tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    migrate(url)
    engine = make_engine(url)
    yield make_sessionmaker(engine)
    engine.dispose()
