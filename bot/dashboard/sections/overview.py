"""«Tổng quan»: the overview's tiles against the previous period, and conversation-days per day."""

from __future__ import annotations

from bot.dashboard.metrics import overview as overview_figures
from bot.dashboard.sections.figures import Figures
from bot.dashboard.sections.tables import Cell, Section, Table, Tile, Viewer, minutes, one_decimal, percent, show


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
            one_decimal(now.rating_average),
            one_decimal(before.rating_average),
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


def _num(value: Cell) -> float | None:
    return float(value) if isinstance(value, int | float) else None
