"""Dashboard fixtures: a migrated, seeded database (the editor's) and a session on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.database import make_engine, make_sessionmaker
from tests.bot.admin.conftest import seeded_template  # noqa: F401  (the editor's seeded database, built once)


def copy_of(template: Path, folder: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copy(source, folder / f"app.db{suffix}")
    return f"sqlite:///{folder / 'app.db'}"


@pytest.fixture
def database_url(tmp_path, seeded_template):  # noqa: F811
    """The seeded knowledge base (categories and entries the figures name), copied for each test."""
    return copy_of(seeded_template, tmp_path)


@pytest.fixture
def db(database_url):
    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()
