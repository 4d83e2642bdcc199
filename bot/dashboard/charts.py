"""Charts as SVG written on the server.

Why not a chart library in the browser: the editor has no front-end build and loads nothing from a CDN
(the pages' CSP allows only the gateway's own files); a library shipped in bot/static would be a few
hundred kilobytes of someone else's code to keep up to date, for four kinds of chart. SVG made here
prints sharply in the monthly report, shows without JavaScript, and every text in it goes through
markupsafe's escape. Each chart is decoration for sighted readers: its numbers are in the HTML
table under it (the SVG is aria-hidden, the table is what screen readers read).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from bot.handoff.schedule import WEEKDAYS

WIDTH = 720
INK = "#1f3b57"
ACCENT = "#2b6cb0"
GRID = "#d5dde5"


def _svg(width: int, height: int, body: str) -> Markup:
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-hidden="true" focusable="false" font-family="sans-serif" font-size="12">{body}</svg>'
    )


def _text(x: float, y: float, value: object, anchor: str = "start", size: int = 12) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{INK}">{escape(str(value))}</text>'


def line_chart(points: Sequence[tuple[str, float]], height: int = 220) -> Markup:
    """A line over time (labels under the first, middle and last points)."""
    left, right, top, bottom = 48, 12, 12, 28
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    if not points:
        return _svg(WIDTH, height, _text(WIDTH / 2, height / 2, "Không có dữ liệu", "middle"))
    top_value = max(max(v for _, v in points), 1)
    step = plot_w / max(len(points) - 1, 1)
    coords = [(left + i * step, top + plot_h - v / top_value * plot_h) for i, (_, v) in enumerate(points)]
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="{GRID}"/>']
    for fraction in (0.5, 1.0):
        y = top + plot_h - fraction * plot_h
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="{GRID}" stroke-dasharray="3 3"/>')
        body.append(_text(left - 6, y + 4, _number(top_value * fraction), "end"))
    body.append(_text(left - 6, top + plot_h + 4, "0", "end"))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    body.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    if len(coords) <= 62:
        body.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{ACCENT}"/>' for x, y in coords)
    for index in sorted({0, len(points) // 2, len(points) - 1}):
        anchor = "start" if index == 0 else "end" if index == len(points) - 1 else "middle"
        body.append(_text(coords[index][0], height - 8, points[index][0], anchor))
    return _svg(WIDTH, height, "".join(body))


def bar_chart(items: Sequence[tuple[str, float]], value_label: str = "") -> Markup:
    """Horizontal bars, one per item, its value at its end."""
    row, label_w, right = 24, 260, 60
    height = max(row * len(items) + 8, 40)
    if not items:
        return _svg(WIDTH, 40, _text(WIDTH / 2, 24, "Không có dữ liệu", "middle"))
    top_value = max(max(v for _, v in items), 1)
    body = []
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        length = (WIDTH - label_w - right) * value / top_value
        short = label if len(label) <= 40 else label[:39] + "…"
        body.append(_text(label_w - 8, y + 15, short, "end"))
        body.append(f'<rect x="{label_w}" y="{y + 3}" width="{max(length, 1):.1f}" height="{row - 8}" fill="{ACCENT}"/>')
        body.append(_text(label_w + length + 6, y + 15, _number(value) + value_label))
    return _svg(WIDTH, height, "".join(body))


def heat_map(counts: Sequence[Sequence[int]], duty: Sequence[Sequence[float]]) -> Markup:
    """Weekday × hour; darker is busier; cells at least half on duty get a thick outline."""
    cell_w, cell_h, left, top = 26, 24, 70, 20
    width, height = left + 24 * cell_w + 8, top + 7 * cell_h + 34
    busiest = max((max(row) for row in counts), default=0) or 1
    body = [_text(left + h * cell_w + cell_w / 2, top - 6, h, "middle", 10) for h in range(0, 24, 2)]
    for d in range(7):
        y = top + d * cell_h
        body.append(_text(left - 6, y + 16, WEEKDAYS[d], "end", 11))
        for h in range(24):
            x = left + h * cell_w
            level = counts[d][h] / busiest
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="{ACCENT}" fill-opacity="{0.06 + 0.94 * level:.2f}"/>'
            )
            if duty[d][h] >= 0.5:
                body.append(
                    f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 4}" height="{cell_h - 4}" '
                    f'fill="none" stroke="#c05621" stroke-width="2"/>'
                )
    legend_y = top + 7 * cell_h + 18
    body.append(f'<rect x="{left}" y="{legend_y - 10}" width="14" height="12" fill="none" stroke="#c05621" stroke-width="2"/>')
    body.append(_text(left + 20, legend_y, "Giờ có tình nguyện viên trực"))
    body.append(f'<rect x="{left + 250}" y="{legend_y - 10}" width="14" height="12" fill="{ACCENT}"/>')
    body.append(_text(left + 270, legend_y, "Màu càng đậm, càng nhiều lượt"))
    return _svg(width, height, "".join(body))


def _number(value: float) -> str:
    """Vietnamese number style: 1.234 for thousands, 2,5 for decimals."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
