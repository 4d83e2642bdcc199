"""Per-key token buckets: a resident may send bursts, not floods."""

from __future__ import annotations

import time
from collections import OrderedDict


class RateLimiter:
    """`rate_per_minute` messages per key, bursts up to `burst`; remembers at most `max_keys` keys."""

    def __init__(self, rate_per_minute: float, burst: int | None = None, max_keys: int = 100_000) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst or max(1, int(rate_per_minute // 3)))
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Takes a token for the key if one is left."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed


RATE_LIMITED_TEXT = "Dạ, Bác gửi nhanh quá ạ. Xin chờ vài giây rồi gửi tiếp giúp con nhé."
