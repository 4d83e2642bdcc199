"""bot/percentiles.py gives the figures the dashboard and devtools/ computed with their own copies before."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from bot.percentiles import percentile


def linear_before(values: list[float], fraction: float) -> float | None:
    """bot/dashboard/metrics.py's (and devtools/bench_dashboard.py's) copy."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def nearest_rank_before(values: list[float], q: float) -> float:
    """devtools/stats.py's copy (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


SAMPLES = [[random.Random(seed).uniform(0, 500) for _ in range(random.Random(seed).randint(1, 400))] for seed in range(60)]


@pytest.mark.parametrize("fraction", [0.0, 0.05, 0.1, 0.5, 0.9, 0.95, 0.99, 1.0])
def test_linear_is_the_dashboards(fraction):
    for values in SAMPLES:
        assert percentile(values, fraction) == linear_before(values, fraction)


def test_nearest_rank_is_the_load_reports_at_every_whole_percent():
    for values in [*SAMPLES, list(range(1, 101)), list(range(1, 201))]:
        for q in range(101):
            assert percentile(values, Fraction(q, 100), nearest_rank=True) == nearest_rank_before(values, q), q


def test_no_values():
    assert percentile([], 0.5) is None
    assert percentile([], Fraction(1, 2), nearest_rank=True) is None


def test_percentile_is_linear_between_neighbours():
    assert percentile([], 0.5) is None
    assert percentile([4.0], 0.9) == 4.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([10.0, 0.0, 20.0, 30.0, 40.0], 0.9) == pytest.approx(36.0)
