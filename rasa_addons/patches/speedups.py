"""Speed-ups for the Rasa server process, installed by the gateway channel (rasa_addons/channel.py) at start-up.

Each replaces one Rasa 3.6 internal with code that gives the same results faster. There is one
function per patch; the reasons, measured with `make bench`:

patch_sqlite_pragmas() — the SQLite tracker store: Rasa opens it with SQLite's defaults (rollback
journal, a full sync on every commit: several ms per turn). Like the gateway's own database, it is
switched to WAL with synchronous=NORMAL — still safe against a process crash, which is what restarts are.

patch_jsonschema() — Rasa 3.6 checks every action server answer with ``jsonschema.validate(result,
schema)``, which with jsonschema 4.17 first validates the schema itself against the 2020-12
meta-schema: about 25 ms of CPU per custom action, more than half of all Rasa's work for a turn. Here
the checked validator is built once per schema and reused; the answer is validated exactly as before
(same validator class, the same best-matching error raised). Rasa builds its (unchanging) schema anew
for every call; it is built once here, so its validator is found by identity — the JSON text used as
the cache key for other schemas cost about 5 % of Rasa's CPU under load (py-spy).

patch_graph_runner() — Rasa runs its NLU and policy graphs (three runs a turn) through dask, which on
every run recomputes the subgraph for the targets (a recursive walk without memo), builds a dask graph
and orders it. The graph never changes while a model is loaded, so the order of the nodes is computed
once per set of targets and the nodes are called in that order, with the same inputs and outputs as
under dask's synchronous scheduler (what Rasa used). About 7 % of Rasa's CPU per turn.

patch_action_sessions() — Rasa opened a new aiohttp session, and so a new TCP connection, for every
action call (and the action server accepted one each time). kept_session() keeps one session per
endpoint and event loop, with its connections kept alive; the action server keeps idle connections for
120 s and aiohttp drops its own after 15 s, so the client always closes an idle connection first, and a
connection the server closed (a restart) is noticed and replaced, never reused.

freeze_heap() — Rasa, TensorFlow and the loaded model (millions of objects) sit in the heap Python's
full collections walk; each took 300–400 ms and stalled every conversation in flight (the long tail of
the open loop). It moves what exists once the model is loaded out of the collector's way; what turns
allocate afterwards is collected as before. The channel calls it once the model is loaded.

patch_past_states() — each prediction (two a turn) has the rule policy read the conversation's states
twice (once with the message's text, once with its intent) and the memoization policy once more, and
each read replays the whole conversation on a fresh tracker: a sixth of Rasa's time per turn
(cProfile, in-process). past_states() keeps the last answer per tracker and settings while the
tracker's events are unchanged (same event list object, same length, same last event) and hands out
copies, as the policies edit the last state in place.

patch_domain_is_empty() — before every turn Rasa asks whether the model's domain is empty, which built
the domain's whole dictionary and an empty domain's to compare them: 2 % of Rasa's CPU under load
(py-spy). A loaded domain does not change, so the answer is kept on the domain object.

Switching on: install() applies the patch_* functions. The channel calls it when Rasa builds the
channel's routes, once while the server starts (before the model loads and before Sanic forks any
workers), not when the module is imported: importing the channel (tests, tools) changes nothing.
install() may be called again; nothing is replaced twice. uninstall() puts Rasa's own code back.

Switching off and versions (guard.py): RASA_SPEEDUPS=0 in Rasa's environment turns every
patch, and freeze_heap, off (said once at info level), to compare (`python -m devtools.bench
--speedups-off`) or to rule them out. The patches lean on private details of the versions in
guard.PINNED (the graph runner's and the tracker's attributes, aiohttp's session loop,
jsonschema's validator API and costs): each patch checks the versions it depends on, install() checks
them all first, and with any other version found nothing is replaced and one warning per process names
it; Rasa then runs as shipped, slower but correct. After an upgrade, run
tests/rasa_addons/patches/test_speedups.py, then update PINNED (or drop a patch the new version no
longer needs).
"""

from __future__ import annotations

import gc
import json
import logging
from functools import lru_cache
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from rasa_addons.patches.guard import PINNED, allowed, say_once

_patched: dict[tuple[Any, str], Any] = {}  # (owner, attribute) → Rasa's own value, for uninstall()


# ---------------------------------------------------------------------------- installing


def _replace(owner: Any, name: str, new: Any) -> Any:
    """Puts `new` in place of owner.name unless done already; returns Rasa's own value."""
    if (owner, name) not in _patched:
        _patched[(owner, name)] = owner.__dict__[name]  # as defined (a staticmethod stays one)
        setattr(owner, name, new)
    return _patched[(owner, name)]


def install() -> None:
    """Applies every patch below, or none (RASA_SPEEDUPS=0, or versions other than PINNED)."""
    if not allowed(*PINNED):
        return
    patch_sqlite_pragmas()
    patch_jsonschema()
    patch_graph_runner()
    patch_action_sessions()
    patch_past_states()
    patch_domain_is_empty()
    say_once("on", logging.INFO, "Rasa speed-ups on (%s)", ", ".join(f"{p} {v}" for p, v in PINNED.items()))


def uninstall() -> None:
    """Puts back what install() replaced (for the tests); freeze_heap() is not undone."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    for (owner, name), original in _patched.items():
        setattr(owner, name, original)
    _patched.clear()
    if event.contains(Engine, "connect", _sqlite_pragmas):
        event.remove(Engine, "connect", _sqlite_pragmas)


# ---------------------------------------------------------------------------- SQLite tracker store


def patch_sqlite_pragmas() -> None:
    """Every SQLite connection Rasa opens (its tracker store) in WAL mode with synchronous=NORMAL."""
    if not allowed("rasa"):
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


# ---------------------------------------------------------------------------- JSON schema checks

_original_validate = jsonschema.validate


def patch_jsonschema() -> None:
    """jsonschema.validate checking each schema once, and Rasa's action-answer schema built once."""
    if not allowed("rasa", "jsonschema"):
        return
    from rasa.core.actions.action import RemoteAction

    # Rasa imports validate inside the function that validates, so it finds this one at call time
    _replace(jsonschema, "validate", validate)
    if (RemoteAction, "action_response_format_spec") not in _patched:
        spec = constant_schema(RemoteAction.action_response_format_spec())
        _replace(RemoteAction, "action_response_format_spec", staticmethod(lambda: spec))


@lru_cache(maxsize=64)
def _checked_validator(schema_json: str) -> Any:
    schema = json.loads(schema_json)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


# Validators of schemas that never change (Rasa's action-server answer format), by the schema object.
_constant_schemas: dict[int, tuple[Any, Any]] = {}


def constant_schema(schema: Any) -> Any:
    """Registers a schema object that is never modified: validate() finds its validator by identity."""
    _constant_schemas[id(schema)] = (schema, _checked_validator(json.dumps(schema, sort_keys=True)))
    return schema


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """jsonschema.validate with the schema checked once, not on every call."""
    if cls is not None or args or kwargs:
        return _original_validate(instance, schema, cls, *args, **kwargs)
    known = _constant_schemas.get(id(schema))
    if known is not None and known[0] is schema:
        validator = known[1]
    else:
        try:
            key = json.dumps(schema, sort_keys=True)
        except (TypeError, ValueError):
            return _original_validate(instance, schema)
        validator = _checked_validator(key)
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error
    return None


# ---------------------------------------------------------------------------- graph runs without dask


def patch_graph_runner() -> None:
    """DaskGraphRunner.run calling the planned nodes in order (dask's version is Rasa's, exactly)."""
    if not allowed("rasa"):
        return
    from rasa.engine.runner.dask import DaskGraphRunner

    _replace(DaskGraphRunner, "run", run_graph)


def _plan(runner: Any, targets: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """The nodes the targets depend on, each after its needs, with the names of those needs."""
    plans = runner.__dict__.setdefault("_tlsp_plans", {})
    plan = plans.get(targets)
    if plan is None:
        nodes = runner._graph_schema.nodes
        plan, seen = [], set()

        def visit(name: str) -> None:
            if name in seen or name not in nodes:  # not a node: an input placeholder
                return
            seen.add(name)
            needs = tuple(nodes[name].needs.values())
            for need in needs:
                visit(need)
            plan.append((name, needs))

        for target in targets:
            visit(target)
        plans[targets] = plan
    return plan


def run_graph(self: Any, inputs: Any = None, targets: Any = None) -> dict:
    """DaskGraphRunner.run without dask: the planned nodes in order (see the module's docstring)."""
    from rasa.engine.exceptions import GraphRunError

    run_targets = tuple(targets if targets else self._graph_schema.target_names)
    plan = _plan(self, run_targets)
    values: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and (value in self._graph_schema.nodes or value in (inputs or {})):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input names "
                f"passed to the `run` method are the same as node names in the graph schema."
            )
        values[name] = (name, value)
    try:
        for name, needs in plan:
            # dask passes a need that is neither a node nor an input as the plain string
            values[name] = self._instantiated_nodes[name](*(values.get(need, need) for need in needs))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(values[target] for target in run_targets)


# ---------------------------------------------------------------------------- action server connections


def patch_action_sessions() -> None:
    """EndpointConfig.session keeping one aiohttp session per endpoint and event loop."""
    global _original_session
    if not allowed("rasa", "aiohttp"):  # relies on aiohttp's idle timeout and session._loop
        return
    from rasa.utils.endpoints import EndpointConfig

    _original_session = _replace(EndpointConfig, "session", kept_session)


class _Kept:
    """`async with` over a shared aiohttp session: the session stays open afterwards."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def __aenter__(self) -> Any:
        return self._session

    async def __aexit__(self, *_exc: Any) -> None:
        return None


_kept_sessions: dict = {}
_original_session: Any = None


def kept_session(self: Any) -> Any:
    """EndpointConfig.session reusing one session per endpoint and event loop (see the docstring)."""
    import asyncio

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not called from a coroutine: Rasa's own behaviour
        return _original_session(self)
    key = (id(loop), self.url, json.dumps(self.headers, sort_keys=True), json.dumps(self.basic_auth, sort_keys=True))
    session = _kept_sessions.get(key)
    if session is None or session.closed or getattr(session, "_loop", loop) is not loop:
        session = _kept_sessions[key] = _original_session(self)
    return _Kept(session)


# ---------------------------------------------------------------------------- garbage collection

# Collections while serving: Python's defaults (700, 10, 10) ran a full collection every few seconds
# under load, each walking every object made since start-up (Rasa's kept trackers, the gateway's
# sockets) for 30–310 ms while every conversation in flight waited: most of the open loop's p95
# (`make bench`; pauses measured with gc.callbacks). Young collections 70× rarer make full ones so
# too; cyclic garbage waits a little longer to be freed. The gateway and the action server use the same.
SERVING_GC_THRESHOLDS = (50_000, 20, 100)


def freeze_heap() -> None:
    """Collects once, leaves the objects alive now (the loaded model) out of later collections, and
    collects less often from now on."""
    if not allowed("rasa"):
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVING_GC_THRESHOLDS)


# ---------------------------------------------------------------------------- dialogue states


def patch_past_states() -> None:
    """DialogueStateTracker.past_states remembered while the tracker's events stay the same."""
    global _original_past_states
    if not allowed("rasa"):
        return
    from rasa.shared.core.trackers import DialogueStateTracker

    _original_past_states = _replace(DialogueStateTracker, "past_states", past_states)


_original_past_states: Any = None
_PAST_STATES = "_tlsp_past_states"


def past_states(
    self: Any,
    domain: Any,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: Any = None,
) -> list:
    """DialogueStateTracker.past_states, remembered while the tracker's events stay the same."""
    events = self.events
    now = (events, len(events), events[-1] if events else None, domain, rule_only_data)
    kept = self.__dict__.setdefault(_PAST_STATES, {})
    key = (omit_unset_slots, ignore_rule_only_turns)
    known = kept.get(key)
    if known is None or not _same(known[0], now):
        states = _original_past_states(
            self,
            domain,
            omit_unset_slots=omit_unset_slots,
            ignore_rule_only_turns=ignore_rule_only_turns,
            rule_only_data=rule_only_data,
        )
        known = kept[key] = (now, states)
    # a state is {"user": {...}, "prev_action": {...}, ...}; callers delete keys of the inner dicts
    return [{part: dict(value) if isinstance(value, dict) else value for part, value in state.items()} for state in known[1]]


def _same(a: tuple, b: tuple) -> bool:
    return a[0] is b[0] and a[1] == b[1] and a[2] is b[2] and a[3] is b[3] and a[4] == b[4]


# ---------------------------------------------------------------------------- Domain.is_empty


def patch_domain_is_empty() -> None:
    """Domain.is_empty answered once per domain object."""
    global _original_is_empty
    if not allowed("rasa"):
        return
    from rasa.shared.core.domain import Domain

    _original_is_empty = _replace(Domain, "is_empty", is_empty)


_original_is_empty: Any = None
_IS_EMPTY = "_tlsp_is_empty"


def is_empty(self: Any) -> bool:
    """Domain.is_empty, computed once per domain object."""
    known = self.__dict__.get(_IS_EMPTY)
    if known is None:
        known = self.__dict__[_IS_EMPTY] = bool(_original_is_empty(self))
    return known
