"""«Khi nào»: when residents ask, by day and by weekday × hour, and how much of it is outside duty hours."""

from __future__ import annotations

from bot.dashboard import charts
from bot.dashboard.metrics import overview as overview_figures
from bot.dashboard.metrics import timing as timing_figures
from bot.dashboard.sections.figures import Figures
from bot.dashboard.sections.tables import Cell, Section, Table, Viewer, percent
from bot.handoff.schedule import WEEKDAYS


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
