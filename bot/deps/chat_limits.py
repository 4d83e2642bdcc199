"""The buckets residents' messages are counted in: per resident, per client address, for the whole gateway."""

from __future__ import annotations

from typing import Annotated

from bot.deps.state import from_state
from bot.ratelimit import ChatLimits

ChatRateLimits = Annotated[ChatLimits, from_state("chat_limits")]
