"""One action run's view of the knowledge base: the index it read first, and the searches it already made.

An action run reads the revision counter and searches the same message (or the message with the topic's
title) several times: the follow-up reader, the topic and the answer each ask. Inside `one_turn()` (the
action server opens it around each run: actions/__main__.py) the first index read is kept for the rest of
the run, so a turn never mixes two revisions and reads the counter once, and a search already made is
reused. Outside it (tests, tools, the gateway) nothing is kept: every read and search is made afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

# a context variable, not a global: concurrent runs on one event loop each have their own
_kept: ContextVar[dict[Hashable, Any] | None] = ContextVar("knowledge_turn", default=None)


@contextmanager
def one_turn() -> Iterator[None]:
    """Within the block, `kept()` computes each key once."""
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def kept(key: Hashable, compute: Callable[[], T]) -> T:
    """compute()'s value, made once per key inside one_turn() and every time outside it."""
    memo = _kept.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    value: T = memo[key]
    return value
