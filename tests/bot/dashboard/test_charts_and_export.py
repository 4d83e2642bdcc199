"""SVG charts escape what they draw; CSV keeps diacritics for Excel and never starts a formula."""

from __future__ import annotations

import csv
import io

from bot.dashboard import charts
from bot.dashboard.export import to_csv
from bot.dashboard.sections.tables import Table, show


def test_chart_labels_are_escaped():
    svg = str(charts.bar_chart([("<script>x</script>", 3.0)]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg


def test_line_chart_and_heat_map_draw_something():
    line = str(charts.line_chart([("01/11", 1.0), ("02/11", 3.0), ("03/11", 2.0)]))
    assert "<polyline" in line and line.count("<circle") == 3
    heat = [[0] * 24 for _ in range(7)]
    heat[0][9] = 5
    duty = [[0.0] * 24 for _ in range(7)]
    duty[0][9] = 1.0
    svg = str(charts.heat_map(heat, duty))
    assert svg.count('fill-opacity="1.00"') == 1  # the busiest cell
    assert svg.count('stroke="#c05621" stroke-width="2"/>') == 2  # the duty cell and its legend


def test_empty_charts_say_so():
    assert "Không có dữ liệu" in str(charts.bar_chart([])) and "Không có dữ liệu" in str(charts.line_chart([]))


def test_csv_has_a_bom_headers_and_no_formulas():
    rows_in = [('=HYPERLINK("http://x")', 3), ("Đăng ký tạm trú", None), ("-1+cmd|'/C calc'!A0", 2.5), ("+12,5 %", 1)]
    text = to_csv(Table("x", "Bảng", ("Câu hỏi", "Số lần"), rows_in))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows == [
        ["Câu hỏi", "Số lần"],
        ['\'=HYPERLINK("http://x")', "3"],
        ["Đăng ký tạm trú", ""],
        ["'-1+cmd|'/C calc'!A0", "2.5"],
        ["+12,5 %", "1"],  # a change against the previous period reads as it is
    ]


def test_numbers_read_the_vietnamese_way():
    assert show(1234) == "1.234" and show(2.5, " phút") == "2,5 phút" and show(None) == "—" and show(4.0) == "4"
