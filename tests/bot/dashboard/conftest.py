"""Dashboard fixtures: a migrated, seeded database (the editor's) and a session on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.database import make_engine, make_sessionmaker
from tests.bot.admin.conftest import seeded_template  # noqa: F401  (the editor's seeded database, built once)
from tests.support.database import migrate, seed_content
from tests.support.postgres import postgres_schema


def copy_of(template: Path, folder: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copy(source, folder / f"app.db{suffix}")
    return f"sqlite:///{folder / 'app.db'}"


def seeded_database(kind: str, tmp_path: Path, template: Path) -> Iterator[str]:
    """The seeded knowledge base in SQLite (a copy of the template) or PostgreSQL (a schema of its own), for
    the tests that run on both: the SQL differs where they do (seconds between timestamps, INSERT … SELECT)."""
    if kind == "sqlite":
        yield copy_of(template, tmp_path)
        return
    with postgres_schema() as url:
        migrate(url)
        seed_content(url)
        yield url


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
