"""SQLite files holding residents' messages are readable by their owner only (0600)."""

from __future__ import annotations

import os
import stat

from sqlalchemy import text

from knowledge.database import make_engine


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_database_file_and_its_wal_files_are_0600(tmp_path):
    old_umask = os.umask(0o022)  # the usual umask, which made them 0644
    try:
        engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'app.db'}")
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x TEXT)"))
            connection.execute(text("INSERT INTO t VALUES ('CCCD 079123456789')"))
            files = sorted(p.name for p in (tmp_path / "var").iterdir())
            modes = {name: mode(tmp_path / "var" / name) for name in files}
        engine.dispose()
    finally:
        os.umask(old_umask)
    assert "app.db-wal" in files
    assert modes == dict.fromkeys(files, 0o600)


def test_an_existing_readable_file_is_made_private(tmp_path):
    path = tmp_path / "app.db"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    make_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600
