"""Figures the measuring scripts share."""

from __future__ import annotations

from fractions import Fraction

from bot.percentiles import percentile as _percentile


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list (bot/percentiles.py)."""
    found = _percentile(values, Fraction(q) / 100, nearest_rank=True)
    if found is None:
        raise ValueError("no values")
    return found
