"""«Kỹ năng số»: how many residents finished each step-by-step guide, and where the others stopped."""

from __future__ import annotations

from bot.dashboard import charts
from bot.dashboard.metrics import guides as guides_figures
from bot.dashboard.metrics import overview as overview_figures
from bot.dashboard.sections.figures import Figures
from bot.dashboard.sections.tables import TOP, Section, Table, Viewer, percent


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
