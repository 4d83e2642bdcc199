"""Dashboard fixtures: a migrated, seeded database (the editor's) and a session on it."""

from __future__ import annotations

import pytest

from knowledge.database import make_engine, make_sessionmaker
from tests.bot.admin.conftest import seeded_template  # noqa: F401  (the editor's seeded database, built once)


@pytest.fixture
def database_url(tmp_path, seeded_template):  # noqa: F811
    """The seeded knowledge base (categories and entries the figures name), copied for each test."""
    import shutil

    for suffix in ("", "-wal", "-shm"):
        source = seeded_template.with_name(seeded_template.name + suffix)
        if source.exists():
            shutil.copy(source, tmp_path / f"app.db{suffix}")
    return f"sqlite:///{tmp_path / 'app.db'}"


@pytest.fixture
def db(database_url):
    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()
