"""Sets the gateway's clock (bot/clock.py) for a test, in this process: every module asks bot.clock.utcnow(),
whose body reads the `datetime` of bot.clock, so replacing that one name moves the whole gateway's time."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo

import pytest


class SetClock:
    """utcnow() answers `moment` (timezone-aware) until set again; time does not pass by itself."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
        import bot.clock

        self.set(moment)
        clock = self

        class _Frozen(datetime):
            @classmethod
            def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
                return clock.moment.astimezone(tz) if tz else clock.moment.replace(tzinfo=None)

        monkeypatch.setattr(bot.clock, "datetime", _Frozen)

    def set(self, moment: datetime) -> None:
        assert moment.tzinfo is not None, "a moment in a known zone"
        self.moment = moment.astimezone(timezone.utc)
