"""Percentiles, one helper for the dashboard's figures and the measuring scripts in devtools/ (which may
import bot/, never the other way round).

Two definitions are in use, kept as they were measured and shown: the dashboard's waits (and the dashboard
benchmark's p95) are linear between the two nearest ranks, as numpy's default; the load and evaluation
reports' p50/p95/p99 are nearest-rank (devtools/stats.py), a value that was measured, never one between two.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction


def percentile(values: Iterable[float], fraction: float | Fraction, *, nearest_rank: bool = False) -> float | None:
    """The value below which `fraction` (0 to 1) of the values fall, linear between neighbours; with
    `nearest_rank`, the smallest value that at least that fraction of them do not exceed (give a Fraction
    such as Fraction(95, 100) for an exact rank). None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    if nearest_rank:
        rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
        return ordered[rank - 1]
    position = (len(ordered) - 1) * float(fraction)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
