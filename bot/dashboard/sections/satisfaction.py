"""«Hài lòng»: the stars, their trend, the votes per category, how conversation-days ended, the comments."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from bot.dashboard import charts
from bot.dashboard.metrics import entries as entries_figures
from bot.dashboard.metrics import overview as overview_figures
from bot.dashboard.metrics import satisfaction as satisfaction_figures
from bot.dashboard.sections.figures import Figures
from bot.dashboard.sections.tables import TOP, Section, Table, Viewer, percent


def satisfaction(figures: Figures, viewer: Viewer) -> Section:
    session, filters = figures.session, figures.filters
    handed = figures.tickets_if_read()
    if handed is None:  # this section alone needs only counts: no reason to read each ticket
        rated = satisfaction_figures.ratings_by_day(session, filters)
        statuses = satisfaction_figures.ticket_statuses(session, filters)
    else:
        rated = [(day, rating, count) for (day, rating), count in Counter((t.day, t.rating) for t in handed if t.rating).items()]
        statuses = Counter(t.status for t in handed)
    stars: Counter[int] = Counter()
    by_bucket: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [sum of stars, ratings]
    weekly = filters.period.days <= 62
    for day, rating, count in rated:
        stars[rating] += count
        bucket = by_bucket[_bucket(day, weekly)]
        bucket[0] += rating * count
        bucket[1] += count
    trend = [(k, round(total / n, 2), n) for k, (total, n) in sorted(by_bucket.items())]
    votes = [(c, up, dn) for c, _, up, dn in entries_figures.by_category(figures.entries) if up + dn]
    ended = satisfaction_figures.endings(session, filters, statuses)
    tables = [
        Table(
            "so-sao",
            "Phân bố số sao người dân chấm cho tình nguyện viên",
            ("Số sao", "Số lượt"),
            [(f"{s} sao", stars[s]) for s in range(5, 0, -1)],
            charts.bar_chart([(f"{s} sao", float(stars[s])) for s in range(5, 0, -1)]),
        ),
        Table(
            "sao-theo-thoi-gian",
            f"Điểm đánh giá trung bình theo {'tuần' if weekly else 'tháng'}",
            ("Tuần bắt đầu" if weekly else "Tháng", "Điểm trung bình", "Số lượt"),
            list(trend),
            charts.line_chart([(k, float(a)) for k, a, _ in trend]),
        ),
        Table(
            "danh-gia-theo-nhom",
            "Đánh giá «Hữu ích» / «Chưa đúng» theo nhóm câu hỏi",
            ("Nhóm", "Hữu ích", "Chưa đúng", "Tỷ lệ hữu ích (%)"),
            [(c, up, dn, percent(overview_figures.share(up, up + dn))) for c, up, dn in votes],
            charts.bar_chart([(c, float(percent(overview_figures.share(up, up + dn)) or 0)) for c, up, dn in votes[:TOP]], " %"),
        ),
        Table(
            "ket-thuc",
            "Các lượt trò chuyện kết thúc thế nào",
            ("Kết thúc", "Số lượt"),
            [(satisfaction_figures.ENDINGS[k], n) for k, n in ended.items()],
            charts.bar_chart([(satisfaction_figures.ENDINGS[k], float(n)) for k, n in ended.items()]),
        ),
        Table(
            "nhan-xet",
            "Nhận xét mới nhất của người dân (số cá nhân đã được che)",
            ("Thời điểm", "Số sao", "Nhận xét"),
            [(f"{when:%d/%m/%Y}", rating, text) for when, rating, text in satisfaction_figures.comments(session, filters)],
        ),
    ]
    return Section("hai-long", "Mức độ hài lòng", tables)


def _bucket(day: date, weekly: bool) -> str:
    if weekly:
        monday = date.fromordinal(day.toordinal() - day.weekday())
        return monday.isoformat()
    return f"{day:%Y-%m}"
