"""Per-key token buckets: a resident may send bursts, not floods."""

from __future__ import annotations

import time
from collections import OrderedDict
from enum import Enum


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


class Limited(Enum):
    """Which bucket ran dry."""

    RESIDENT = "resident"
    ADDRESS = "address"  # one client IP: rotating resident ids does not get round it
    OVERALL = "overall"  # the whole gateway: a flood from many addresses


BUSY_TEXT = "Dạ, lúc này có rất nhiều người hỏi cùng lúc ạ. Bác chờ một chút rồi gửi lại giúp con nhé."


class ChatLimits:
    """A message is let through only if the resident's, their address's and the gateway's buckets all
    have a token. The resident's is checked first, so one busy resident does not drain the others'."""

    def __init__(self, resident_per_minute: float, address_per_minute: float, overall_per_minute: float) -> None:
        self.resident = RateLimiter(resident_per_minute)
        self.address = RateLimiter(address_per_minute)
        self.overall = RateLimiter(overall_per_minute, burst=max(1, int(overall_per_minute // 10)), max_keys=1)

    def check(self, resident: str, address: str | None) -> Limited | None:
        """None if the message may go on, else the bucket that refused it."""
        if not self.resident.allow(resident):
            return Limited.RESIDENT
        if address is not None and not self.address.allow(address):
            return Limited.ADDRESS
        if not self.overall.allow(""):
            return Limited.OVERALL
        return None

    @staticmethod
    def text(limited: Limited) -> str:
        return BUSY_TEXT if limited is Limited.OVERALL else RATE_LIMITED_TEXT
