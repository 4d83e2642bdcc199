"""Raising the gateway's errors again and again does not grow memory (no traceback kept alive by a shared
instance, no cache of refusals): each error type is raised 1,000 times, measured with tracemalloc."""

from __future__ import annotations

import gc
import importlib
import inspect
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

import bot
from bot.admin.phone_reads import BadFilter
from bot.auth.cli import CliError
from bot.auth.deps import AccessDenied, AuthRequired
from bot.channels.telegram.runner import TelegramNotConfigured
from bot.console import api, desk
from bot.conversations import inputs
from bot.conversations.rasa_client import RasaUnavailable
from bot.dashboard.period import FilterError
from bot.handoff.models import UnknownHandoffReason
from bot.handoff.queue import TicketNotOpen

# every error the gateway raises, made as the code makes it (the refusal factories give a fresh one each time)
MAKERS: dict[str, list[Callable[[], BaseException]]] = {
    "bot.admin.phone_reads.BadFilter": [lambda: BadFilter("Người xem không hợp lệ.")],
    "bot.auth.cli.CliError": [lambda: CliError("Biến môi trường X chưa được đặt.")],
    "bot.auth.deps.AuthRequired": [AuthRequired],
    "bot.auth.deps.AccessDenied": [AccessDenied],
    "bot.channels.telegram.runner.TelegramNotConfigured": [lambda: TelegramNotConfigured("no token")],
    "bot.console.desk.DeskError": [desk.not_yours, desk.nothing_to_claim, desk.bad_outcome, desk.bad_target, api.bad_id],
    "bot.conversations.inputs.InputRejected": [inputs.not_text, inputs.empty, lambda: inputs.too_long(3000, 2000)],
    "bot.conversations.rasa_client.RasaUnavailable": [lambda: RasaUnavailable("timeout")],
    "bot.dashboard.period.FilterError": [lambda: FilterError("Kênh không có trong danh sách.")],
    "bot.handoff.models.UnknownHandoffReason": [lambda: UnknownHandoffReason("made_up")],
    "bot.handoff.queue.TicketNotOpen": [lambda: TicketNotOpen(7)],
    "bot.limits._TooLarge": [lambda: importlib.import_module("bot.limits")._TooLarge()],
}
SKIPPED_PACKAGES = ("bot.migrations", "bot.main")  # Alembic scripts; starts a server
ALLOWED_GROWTH = 64 * 1024  # bytes after 1,000 raises: noise, not 1,000 tracebacks


def _error_types() -> set[str]:
    found = set()
    root = Path(bot.__file__).parent
    for path in sorted(root.rglob("*.py")):  # not pkgutil: some packages are namespace packages
        name = ".".join(("bot", *path.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        if name.startswith(SKIPPED_PACKAGES):
            continue
        module = importlib.import_module(name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.__name__:
                found.add(f"{module.__name__}.{name}")
    return found


def test_every_error_type_is_measured():
    assert _error_types() == set(MAKERS)


def _raise_and_catch(make: Callable[[], BaseException], times: int) -> None:
    for _ in range(times):
        try:
            raise make()
        except BaseException as error:  # noqa: B036  # what a handler does: read it, let it go
            assert error is not None


@pytest.mark.parametrize("maker", [m for makers in MAKERS.values() for m in makers])
def test_raising_an_error_1000_times_does_not_grow_memory(maker):
    _raise_and_catch(maker, 50)  # warm caches (interned strings, lambdas' code)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        _raise_and_catch(maker, 1000)
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    growth = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert growth < ALLOWED_GROWTH, f"{growth} bytes kept after 1,000 raises"
