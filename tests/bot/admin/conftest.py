"""Editor fixtures: a seeded knowledge base per test (copied from one built once) and a staff log-in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.bot.auth.helpers import add_user, logged_in
from tests.support.database import migrate, seed_content


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """Migrated and seeded once, as `make run` does; each test gets its own copy."""
    path = tmp_path_factory.mktemp("seeded") / "app.db"
    url = f"sqlite:///{path}"
    migrate(url)
    seed_content(url)
    return path


@pytest.fixture
def database_url(tmp_path: Path, seeded_template: Path) -> str:
    """Overrides tests/bot/conftest.py: the same migrated database, with the knowledge base seeded."""
    for suffix in ("", "-wal", "-shm"):
        source = seeded_template.with_name(seeded_template.name + suffix)
        if source.exists():
            shutil.copy(source, tmp_path / f"app.db{suffix}")
    return f"sqlite:///{tmp_path / 'app.db'}"


@pytest.fixture
def seeded(database_url) -> str:
    return database_url


@pytest.fixture
def csrf(client, seeded) -> str:
    """Logs `client` in as staff; the session's CSRF token."""
    add_user(seeded, "lan", "staff", display_name="Chị Lan")
    return logged_in(client, "lan")
