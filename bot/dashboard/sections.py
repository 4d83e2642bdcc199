"""The dashboard's sections: each one's figures as tables (what screen readers and CSV read) and charts.

A section computes only its own figures, so a page, or one CSV export, runs only the queries it shows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session

from bot.console.labels import CALLBACK_STATUSES, OUTCOMES, REASONS, STATUSES
from bot.dashboard import charts
from bot.dashboard.metrics import entries as entries_figures
from bot.dashboard.metrics import guides as guides_figures
from bot.dashboard.metrics import handoff as handoff_figures
from bot.dashboard.metrics import overview as overview_figures
from bot.dashboard.metrics import satisfaction as satisfaction_figures
from bot.dashboard.metrics import timing as timing_figures
from bot.dashboard.period import Filters
from bot.handoff.schedule import WEEKDAYS
from bot.percentiles import percentile

Cell = str | int | float | None
REASON_NAMES = {str(k): v for k, v in REASONS.items()}
STATUS_NAMES = {str(k): v for k, v in STATUSES.items()}


@dataclass
class Table:
    """One chart's numbers: a caption, column headings and rows of plain values."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    chart: Markup | None = None
    note: str = ""


@dataclass(frozen=True)
class Tile:
    """An overview figure against the previous period."""

    label: str
    value: str
    previous: str
    change: str  # "+12 %", "−3 điểm %", "" when there is nothing to compare
    hint: str = ""


@dataclass
class Section:
    slug: str
    title: str
    tables: list[Table] = field(default_factory=list)
    tiles: list[Tile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Viewer:
    is_admin: bool


class Figures:
    """The figures of one request, each computed once however many sections show it (the report shows all)."""

    def __init__(self, session: Session, filters: Filters) -> None:
        self.session, self.filters = session, filters

    @cached_property
    def timing(self) -> timing_figures.Timing:
        return timing_figures.timing(self.session, self.filters)

    @cached_property
    def per_day(self) -> Table:
        """Conversation-days per day (the overview and «when» both show it)."""
        return _per_day(self.timing)

    @cached_property
    def tickets(self) -> list[handoff_figures.HandedTicket]:
        return handoff_figures.tickets(self.session, self.filters)

    def tickets_if_read(self) -> list[handoff_figures.HandedTicket] | None:
        """The tickets if a section read them already (the overview alone needs only two of their columns)."""
        found: list[handoff_figures.HandedTicket] | None = self.__dict__.get("tickets")
        return found

    @cached_property
    def entries(self) -> list[entries_figures.EntryFigures]:
        return entries_figures.entries(self.session, self.filters)


def minutes(seconds: float | None) -> float | None:
    return round(seconds / 60, 1) if seconds is not None else None


def percent(value: float | None) -> float | None:
    return round(value * 100, 1) if value is not None else None


CALLBACKS_ALL_CATEGORIES = "Yêu cầu gọi lại không gắn với nhóm câu hỏi nào: bảng này tính mọi nhóm."


def show(value: Cell, unit: str = "") -> str:
    """A value as Vietnamese read it (1.234; 2,5); «—» when there is none."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    elif isinstance(value, int | float):
        text = f"{int(value):,}".replace(",", ".")
    else:
        text = str(value)
    return f"{text}{unit}"


def _change(now: float | None, before: float | None, points: bool = False) -> str:
    if now is None or before is None:
        return ""
    if points:  # a share: the difference in percentage points says more than a ratio of ratios
        diff = now - before
        return f"{'+' if diff >= 0 else '−'}{show(round(abs(diff), 1))} điểm %"
    if before == 0:
        return ""
    ratio = (now - before) / before * 100
    return f"{'+' if ratio >= 0 else '−'}{show(round(abs(ratio), 1))} %"


# -- overview ------------------------------------------------------------------------------------


def overview(figures: Figures, viewer: Viewer) -> Section:
    session, filters = figures.session, figures.filters
    now = overview_figures.overview(session, filters, filters.period, figures.tickets_if_read())
    before = overview_figures.overview(session, filters, filters.previous)
    rows: list[tuple[str, Cell, Cell, bool, str, str]] = [
        (
            "Người dân được giúp",
            now.residents_helped,
            before.residents_helped,
            False,
            "",
            "Số người dân được bot hoặc tình nguyện viên trả lời.",
        ),
        (
            "Lượt trò chuyện",
            now.conversations,
            before.conversations,
            False,
            "",
            "Một người dân trò chuyện trong một ngày là một lượt.",
        ),
        (
            "Bot tự giải quyết",
            percent(now.bot_resolved_share),
            percent(before.bot_resolved_share),
            True,
            " %",
            "Bot trả lời; không chuyển người, không bị đánh giá «Chưa đúng», không hỏi lại trong 10 phút.",
        ),
        ("Chuyển tình nguyện viên", percent(now.handed_over_share), percent(before.handed_over_share), True, " %", ""),
        (
            "Thời gian chờ (trung vị)",
            minutes(now.wait_median_s),
            minutes(before.wait_median_s),
            False,
            " phút",
            "Từ lúc chuyển đến lúc có người nhận"
            + (f"; {show(now.unclaimed)} lượt chưa hoặc không có ai nhận không tính ở đây." if now.unclaimed else "."),
        ),
        (
            "Thời gian chờ (90 % lượt)",
            minutes(now.wait_p90_s),
            minutes(before.wait_p90_s),
            False,
            " phút",
            "9 trên 10 lượt chờ không quá thời gian này.",
        ),
        (
            "Điểm đánh giá trung bình",
            _round(now.rating_average),
            _round(before.rating_average),
            False,
            " / 5",
            f"{show(now.rating_count)} lượt đánh giá (kỳ trước {show(before.rating_count)}).",
        ),
        (
            "Tỷ lệ đánh giá «Hữu ích»",
            percent(now.thumbs_up_share),
            percent(before.thumbs_up_share),
            True,
            " %",
            f"{show(now.thumbs_up)} lượt «Hữu ích», {show(now.thumbs_down)} lượt «Chưa đúng».",
        ),
        ("Câu hỏi bot chưa trả lời được", now.unanswered, before.unanswered, False, "", ""),
    ]
    tiles = [
        Tile(label, show(value, unit), show(old, unit), _change(_num(value), _num(old), points), hint)
        for label, value, old, points, unit, hint in rows
    ]
    table = Table(
        "tong-quan",
        f"Tổng quan {filters.period.label()} so với {filters.previous.label()}",
        ("Chỉ số", "Kỳ này", "Kỳ trước", "Thay đổi"),
        [(label, value, old, tile.change) for (label, value, old, _, _, _), tile in zip(rows, tiles)],
    )
    section = Section("tong-quan", "Tổng quan", [table], tiles)
    section.tables.append(figures.per_day)
    return section


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _num(value: Cell) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _per_day(timing: timing_figures.Timing) -> Table:
    rows: list[tuple[Cell, ...]] = [(d.isoformat(), n, timing.questions_per_day[d]) for d, n in timing.per_day.items()]
    points = [(f"{d:%d/%m}", float(n)) for d, n in timing.per_day.items()]
    return Table("theo-ngay", "Lượt trò chuyện mỗi ngày", ("Ngày", "Lượt trò chuyện", "Câu hỏi"), rows, charts.line_chart(points))


# -- when ---------------------------------------------------------------------------------------


def when(figures: Figures, viewer: Viewer) -> Section:
    session = figures.session
    timing = figures.timing
    duty = timing_figures.duty_hours(session)
    outside, total = timing_figures.out_of_hours(timing.heat, duty)
    heat_rows: list[tuple[Cell, ...]] = [(WEEKDAYS[d], *timing.heat[d]) for d in range(7)]
    heat = Table(
        "gio-trong-tuan",
        "Lượt trò chuyện theo thứ và giờ bắt đầu (giờ Việt Nam)",
        ("Thứ / giờ", *(str(h) for h in range(24))),
        heat_rows,
        charts.heat_map(timing.heat, duty),
        "Ô viền cam: giờ có tình nguyện viên trực theo lịch trực hằng tuần (không tính ngày nghỉ lễ).",
    )
    hours = Table(
        "ngoai-gio",
        "Nhu cầu ngoài giờ trực",
        ("Chỉ số", "Giá trị"),
        [
            ("Lượt bắt đầu ngoài giờ trực", outside),
            ("Tổng số lượt", total),
            ("Tỷ lệ ngoài giờ trực (%)", percent(overview_figures.share(outside, total))),
        ],
    )
    return Section("khi-nao", "Khi nào người dân hỏi", [figures.per_day, heat, hours])


# -- what -----------------------------------------------------------------------------------------


TOP = 10


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


# -- handoff ------------------------------------------------------------------------------------


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
                [(p.name, p.tickets, minutes(p.handling_median_s), p.rating_count, _round(p.rating_average)) for p in people],
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


# -- satisfaction -------------------------------------------------------------------------------


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


# -- digital skills -----------------------------------------------------------------------------


def skills(figures: Figures, viewer: Viewer) -> Section:
    session, filters = figures.session, figures.filters
    progress = guides_figures.guides(session, filters)
    summary = Table(
        "huong-dan",
        "Hướng dẫn từng bước: số người làm xong",
        ("Hướng dẫn", "Số bước", "Bắt đầu", "Làm xong", "Tỷ lệ xong (%)"),
        [(g.title, g.total, g.started, g.finished, percent(overview_figures.share(g.finished, g.started))) for g in progress],
        charts.bar_chart(
            [(g.title, float(percent(overview_figures.share(g.finished, g.started)) or 0)) for g in progress[:TOP]], " %"
        ),
    )
    stops = Table(
        "dung-o-buoc",
        "Người dân dừng ở bước nào (chưa làm xong)",
        ("Hướng dẫn", "Bước", "Số người dừng ở bước này"),
        [(g.title, step, n) for g in progress for step, n in g.stopped_at.items()],
        note="Nơi nhiều người dừng lại là nơi lớp «Bình dân học vụ số» nên tập trung.",
    )
    return Section("ky-nang", "Tiến bộ kỹ năng số", [summary, stops])


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
