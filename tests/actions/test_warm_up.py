"""The action server builds the knowledge index at start when asked to; a plain import does nothing."""

from __future__ import annotations

import importlib
import threading

import actions


def warm_up_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "knowledge-warm-up"]


def test_import_does_no_work_by_default(monkeypatch, live_index):
    monkeypatch.delenv("ACTIONS_WARM_UP", raising=False)
    importlib.reload(actions)
    assert warm_up_threads() == []
    assert live_index._revision == -1  # nothing built yet


def test_the_action_server_warms_the_index_up(monkeypatch, live_index):
    monkeypatch.setenv("ACTIONS_WARM_UP", "1")
    importlib.reload(actions)
    for thread in warm_up_threads():
        thread.join(timeout=120)
    assert live_index._revision != -1 and len(live_index.current().by_id) >= 150
