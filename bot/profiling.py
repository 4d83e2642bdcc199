"""Stage timings of a turn for `make bench` (BENCH_PROFILE=1 only; off in normal runs)."""

from __future__ import annotations

import functools
import inspect
import logging
import time
from collections.abc import Callable
from typing import Any

from bot.conversations.service import ConversationService


def profile_stages(service: ConversationService) -> None:
    """BENCH_PROFILE=1 (make bench only): logs how long each stage of a turn takes ("bench-profile <stage> <ms>")."""
    log = logging.getLogger("bot.bench_profile")
    log.setLevel(logging.INFO)
    log.propagate = False
    log.addHandler(logging.StreamHandler())  # stderr: the process's log file, whatever the log level

    def timed(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(method):

            @functools.wraps(method)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return await method(*args, **kwargs)
                finally:
                    log.info("bench-profile %s %.3f", name, (time.perf_counter() - started) * 1000)

            return run_async

        @functools.wraps(method)
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                log.info("bench-profile %s %.3f", name, (time.perf_counter() - started) * 1000)

        return run

    # (object, method, stage name): each method is replaced by a timed one on that instance only
    stages: list[tuple[object, str, str]] = [
        (service, name, name)
        for name in ("accept", "answer", "_store_inbound", "_load_conversation", "_handle_here", "_store_bot_turn", "_publish")
    ]
    stages.append((service.rasa, "send", "rasa.send"))
    for owner, method, stage in stages:
        setattr(owner, method, timed(stage, getattr(owner, method)))
