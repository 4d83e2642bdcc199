"""What the migration tests share: Alembic pointed at a database, and each test on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from alembic.config import Config

from tests.support.database import ROOT
from tests.support.postgres import postgres_schema

DATABASES = ["sqlite", "postgresql"]


def alembic_config(url: str) -> Config:
    """Alembic on this database, leaving the test run's logging alone."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def empty_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of that kind (a PostgreSQL schema of its own, dropped afterwards)."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    with postgres_schema() as schema_url:
        yield schema_url
