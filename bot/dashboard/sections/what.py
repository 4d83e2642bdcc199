"""«Hỏi gì»: the categories and entries answered most, the answers voted down, the unanswered questions."""

from __future__ import annotations

from bot.dashboard import charts
from bot.dashboard.metrics import entries as entries_figures
from bot.dashboard.sections.figures import Figures
from bot.dashboard.sections.tables import TOP, Section, Table, Viewer


def what(figures: Figures, viewer: Viewer) -> Section:
    session, filters = figures.session, figures.filters
    entries = figures.entries
    categories = entries_figures.by_category(entries)
    down = sorted((e for e in entries if e.thumbs_down > 0), key=lambda e: (-e.thumbs_down, e.title))[:TOP]
    # each group's representative once: it normalises every wording of the group (a year: 30 ms a pass)
    groups = [(g.representative, g.count) for g in entries_figures.unanswered_groups(session, filters)[:TOP]]
    tables = [
        Table(
            "nhom-cau-hoi",
            "Nhóm câu hỏi được trả lời nhiều nhất",
            ("Nhóm", "Số câu trả lời"),
            [(c, n) for c, n, _, _ in categories],
            charts.bar_chart([(c, float(n)) for c, n, _, _ in categories[:TOP]]),
        ),
        Table(
            "cau-hoi-nhieu-nhat",
            "Câu hỏi thường gặp được dùng nhiều nhất",
            ("Câu hỏi", "Nhóm", "Số câu trả lời"),
            [(e.title, e.category, e.answers) for e in entries[:TOP]],
            charts.bar_chart([(e.title, float(e.answers)) for e in entries[:TOP]]),
        ),
        Table(
            "cau-hoi-bi-che",
            "Câu trả lời bị đánh giá «Chưa đúng» nhiều nhất",
            ("Câu hỏi", "Nhóm", "Hữu ích", "Chưa đúng"),
            [(e.title, e.category, e.thumbs_up, e.thumbs_down) for e in down],
            charts.bar_chart([(e.title, float(e.thumbs_down)) for e in down]),
        ),
        Table(
            "chua-tra-loi",
            "Nhóm câu hỏi bot chưa trả lời được, chưa xử lý",
            ("Câu hỏi tiêu biểu (đã che số cá nhân)", "Số lần hỏi"),
            [(text, count) for text, count in groups],
            charts.bar_chart([(text, float(count)) for text, count in groups]),
            f"Trong {entries_figures.UNANSWERED_PAIRS} lượt trò chuyện gần nhất của khoảng thời gian đã chọn có câu bot không trả lời được.",
        ),
    ]
    return Section("hoi-gi", "Người dân hỏi gì", tables)
