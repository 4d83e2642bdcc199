"""What a section is made of (tables, tiles) and how its values read in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

Cell = str | int | float | None
TOP = 10  # the rows of a «most …» list, and the bars of its chart


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


def minutes(seconds: float | None) -> float | None:
    return round(seconds / 60, 1) if seconds is not None else None


def percent(value: float | None) -> float | None:
    return round(value * 100, 1) if value is not None else None


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


def one_decimal(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None
