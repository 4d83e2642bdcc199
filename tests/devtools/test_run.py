"""`make run` says which ward facts nobody has set yet."""

from __future__ import annotations

from devtools.run import unset_ward_facts
from tests.support.database import migrate


def test_unset_ward_facts_are_listed_by_their_labels(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    migrate(url)
    monkeypatch.setenv("DATABASE_URL", url)
    for key in ("WARD_NAME", "WARD_ADDRESS", "WARD_HOURS", "WARD_HOTLINE", "CLASS_SCHEDULE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    assert unset_ward_facts() == [
        "Tên phường",
        "Địa chỉ bộ phận một cửa",
        "Giờ làm việc",
        "Đường dây nóng",
        "Lịch lớp Bình dân học vụ số",
    ]
    monkeypatch.setenv("WARD_HOTLINE", "028 3822 0000")
    assert "Đường dây nóng" not in unset_ward_facts()
