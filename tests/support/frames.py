"""Hypothesis strategies for WebSocket frames: what a careless or hostile client may send."""

from __future__ import annotations

import json

from hypothesis import strategies as st

HUGE = st.sampled_from([2**31, 2**63, 2**64, -(2**64), 10**400])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), HUGE, st.floats(allow_nan=False), st.text(max_size=40))
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12
)


def deep(depth: int, opener: str = "[") -> str:
    """Arrays or objects nested `depth` levels (Python's json recurses once a level)."""
    return "[" * depth + "]" * depth if opener == "[" else '{"a":' * depth + "1" + "}" * depth


def frames(types: list[str], fields: list[str]) -> st.SearchStrategy[str | bytes]:
    """Text frames (JSON objects with known or unknown types and fields of any kind, other JSON, not JSON),
    frames nested thousands deep, integers of thousands of digits, and binary frames."""
    objects = st.fixed_dictionaries(
        {"type": st.one_of(st.sampled_from(types), VALUES)},
        optional={name: VALUES for name in fields},
    )
    return st.one_of(
        objects.map(json.dumps),
        VALUES.map(json.dumps),
        st.text(max_size=200),
        st.integers(min_value=40, max_value=6000).map(deep),
        st.integers(min_value=40, max_value=6000).map(lambda n: deep(n, "{")),
        st.sampled_from(types).map(lambda kind: f'{{"type": {json.dumps(kind)}, "x": {deep(5000)}}}'),
        st.integers(min_value=4000, max_value=6000).map(lambda n: '{"type": "watch", "ticket_id": ' + "9" * n + "}"),
        st.binary(max_size=64),
    )
