"""Python's cyclic garbage collector held off while a dashboard request reads and renders.

A year's report builds some 60,000 small objects (tickets, rows, table cells) that reference counting
alone frees; meanwhile the collector would run full passes over every object the gateway holds (about
200,000 after start), which on the bench cost more CPU than the report's own Python code (110 ms of
250). Nothing the dashboard makes is cyclic, so nothing is left for the collector to find afterwards.
The collector is process-wide: it stays off while any dashboard request runs, and comes back on
when the last one ends, as it was before the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_was_enabled = True


@contextmanager
def held_off() -> Iterator[None]:
    """Runs the block with the collector off (nested and concurrent uses share one pause)."""
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _was_enabled:
                gc.enable()
