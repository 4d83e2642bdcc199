"""The dashboard's sections: each one's figures as tables (what screen readers and CSV read) and charts.

A section computes only its own figures, so a page, or one CSV export, runs only the queries it shows.

The package holds each section's builder (overview.py, when.py, what.py, handoff.py, satisfaction.py,
skills.py), what they are made of (tables.py) and the figures several of them share (figures.py); this
module lists them, in the order the dashboard shows them, and which one makes each CSV export.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.dashboard.sections.figures import Figures
from bot.dashboard.sections.handoff import handoff
from bot.dashboard.sections.overview import overview
from bot.dashboard.sections.satisfaction import satisfaction
from bot.dashboard.sections.skills import skills
from bot.dashboard.sections.tables import Section, Viewer
from bot.dashboard.sections.what import what
from bot.dashboard.sections.when import when

Builder = Callable[[Figures, Viewer], Section]
SECTIONS: dict[str, tuple[str, Builder]] = {
    "tong-quan": ("Tổng quan", overview),
    "khi-nao": ("Khi nào", when),
    "hoi-gi": ("Hỏi gì", what),
    "ho-tro": ("Chuyển người hỗ trợ", handoff),
    "hai-long": ("Hài lòng", satisfaction),
    "ky-nang": ("Kỹ năng số", skills),
}
# which section computes each CSV export
TABLES: dict[str, str] = {
    "tong-quan": "tong-quan",
    "theo-ngay": "khi-nao",
    "gio-trong-tuan": "khi-nao",
    "ngoai-gio": "khi-nao",
    "nhom-cau-hoi": "hoi-gi",
    "cau-hoi-nhieu-nhat": "hoi-gi",
    "cau-hoi-bi-che": "hoi-gi",
    "chua-tra-loi": "hoi-gi",
    "ly-do": "ho-tro",
    "thoi-gian-cho": "ho-tro",
    "phan-hoi-dau": "ho-tro",
    "trang-thai": "ho-tro",
    "ket-qua": "ho-tro",
    "goi-lai": "ho-tro",
    "tinh-nguyen-vien": "ho-tro",
    "so-sao": "hai-long",
    "sao-theo-thoi-gian": "hai-long",
    "danh-gia-theo-nhom": "hai-long",
    "ket-thuc": "hai-long",
    "nhan-xet": "hai-long",
    "huong-dan": "ky-nang",
    "dung-o-buoc": "ky-nang",
}
