"""Test databases built the way production builds them: Alembic migrations, then seeding."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def migrate(database_url: str) -> None:
    """Runs the Alembic migrations against a database, as `make run` does."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


def seed_content(database_url: str) -> None:
    """Loads knowledge/content/ as `make run` does."""
    from knowledge.database import make_engine, make_sessionmaker
    from knowledge.entries import load_content
    from knowledge.store import seed

    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as session:
        seed(session, load_content())
        session.commit()
    engine.dispose()


def seeded_sqlite(directory: Path) -> str:
    """The URL of a migrated, seeded SQLite file in `directory`: a knowledge base as production has it."""
    url = f"sqlite:///{directory / 'app.db'}"
    migrate(url)
    seed_content(url)
    return url
