"""`python -m knowledge.seed`: load knowledge/content/ into the database (idempotent, keeps staff edits)."""

from __future__ import annotations

import os

from knowledge.database import make_engine, make_sessionmaker
from knowledge.entries import load_content
from knowledge.store import seed


def main() -> None:
    engine = make_engine(os.environ.get("DATABASE_URL", "sqlite:///var/app.db"))
    with make_sessionmaker(engine)() as session:
        counts = seed(session, load_content())
        session.commit()
    engine.dispose()
    print(
        f"✓ Kho câu hỏi: thêm {counts['added']}, cập nhật {counts['updated']}, "
        f"giữ nguyên bản cán bộ đã sửa {counts['kept']}, không đổi {counts['unchanged']}."
    )


if __name__ == "__main__":
    main()
