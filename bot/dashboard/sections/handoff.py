"""«Chuyển người hỗ trợ»: why and how residents were handed to volunteers, the waits, the call-backs and,
for admins, each volunteer's figures."""

from __future__ import annotations

from collections import Counter

from bot.console.labels import CALLBACK_STATUSES, OUTCOMES, REASONS, STATUSES
from bot.dashboard import charts
from bot.dashboard.metrics import handoff as handoff_figures
from bot.dashboard.sections.figures import Figures
from bot.dashboard.sections.tables import Cell, Section, Table, Viewer, minutes, one_decimal
from bot.percentiles import percentile

REASON_NAMES = {str(k): v for k, v in REASONS.items()}
STATUS_NAMES = {str(k): v for k, v in STATUSES.items()}

CALLBACKS_ALL_CATEGORIES = "Yêu cầu gọi lại không gắn với nhóm câu hỏi nào: bảng này tính mọi nhóm."


def handoff(figures: Figures, viewer: Viewer) -> Section:
    session, filters = figures.session, figures.filters
    handed = figures.tickets
    reasons = Counter(t.reason for t in handed)
    waits = [t.wait_s for t in handed if t.wait_s is not None]
    replies = [float(t.first_reply_s) for t in handed if t.first_reply_s is not None]
    outcomes = Counter(t.outcome for t in handed if t.status == "resolved")
    statuses = Counter(t.status for t in handed)
    calls = handoff_figures.callbacks(session, filters)
    reason_rows: list[tuple[Cell, ...]] = [(REASON_NAMES.get(r, r), n) for r, n in reasons.most_common()]
    tables = [
        Table(
            "ly-do",
            "Lý do chuyển tình nguyện viên",
            ("Lý do", "Số lượt"),
            reason_rows,
            charts.bar_chart([(str(r[0]), float(r[1] or 0)) for r in reason_rows]),
        ),
        _durations("thoi-gian-cho", "Thời gian chờ có người nhận", waits),
        _durations("phan-hoi-dau", "Từ lúc nhận đến tin nhắn đầu tiên của tình nguyện viên", replies),
        Table(
            "trang-thai",
            "Kết cục các lượt chuyển",
            ("Trạng thái", "Số lượt"),
            [(STATUS_NAMES.get(s, s), n) for s, n in statuses.most_common()],
            charts.bar_chart([(STATUS_NAMES.get(s, s), float(n)) for s, n in statuses.most_common()]),
        ),
        Table(
            "ket-qua",
            "Kết quả hỗ trợ (lượt đã xong)",
            ("Kết quả", "Số lượt"),
            [(OUTCOMES.get(o or "", o or "Không ghi"), n) for o, n in outcomes.most_common()],
            charts.bar_chart([(OUTCOMES.get(o or "", o or "Không ghi"), float(n)) for o, n in outcomes.most_common()]),
        ),
        Table(
            "goi-lai",
            "Yêu cầu gọi lại",
            ("Trạng thái", "Số yêu cầu"),
            [(CALLBACK_STATUSES[s], n) for s, n in calls.items()],
            charts.bar_chart([(CALLBACK_STATUSES[s], float(n)) for s, n in calls.items()]),
            # a call-back is about what the resident says on the phone, not an entry: no category to filter by
            note=CALLBACKS_ALL_CATEGORIES if filters.category else "",
        ),
    ]
    if viewer.is_admin:  # volunteers' own figures are for the admins who lead them, not for every staff member
        people = handoff_figures.per_volunteer(session, handed)
        tables.append(
            Table(
                "tinh-nguyen-vien",
                "Theo tình nguyện viên",
                ("Tình nguyện viên", "Số lượt", "Thời gian xử lý trung vị (phút)", "Số đánh giá", "Điểm trung bình"),
                [
                    (p.name, p.tickets, minutes(p.handling_median_s), p.rating_count, one_decimal(p.rating_average))
                    for p in people
                ],
            )
        )
    return Section("ho-tro", "Chuyển người hỗ trợ", tables)


def _durations(key: str, title: str, values: list[float]) -> Table:
    ordered = sorted(values)  # once: sorting what is sorted already takes one pass (buckets, percentiles)
    buckets = handoff_figures.wait_buckets(ordered)
    rows: list[tuple[Cell, ...]] = [(label, n) for label, n in buckets]
    rows += [
        ("Trung vị (phút)", minutes(percentile(ordered, 0.5))),
        ("90 % lượt không quá (phút)", minutes(percentile(ordered, 0.9))),
    ]
    return Table(key, title, ("Khoảng", "Số lượt"), rows, charts.bar_chart([(label, float(n)) for label, n in buckets]))
