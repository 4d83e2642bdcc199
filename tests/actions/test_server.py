"""`python -m actions` serves rasa_sdk's action server in one process (actions/__main__.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from rasa_sdk.executor import ActionExecutor

from devtools.stack import free_port

ROOT = Path(__file__).resolve().parents[2]


def get(url: str, body: dict | None = None, timeout: float = 10) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.load(response)


def test_one_process_serves_every_action(knowledge_url):
    port = free_port()
    env = dict(os.environ, DATABASE_URL=knowledge_url, SANIC_HOST="127.0.0.1", PYTHONPATH=str(ROOT))
    env.pop("ACTIONS_WARM_UP", None)
    env.pop("ACTION_SERVER_SANIC_WORKERS", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "actions", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stdout.read().decode(errors="replace")[-3000:]
            try:
                assert get(base + "/health") == (200, {"status": "ok"})
                break
            except OSError:
                assert time.monotonic() < deadline, "the action server did not start"
                time.sleep(0.3)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        assert children == []  # no manager, worker or helper processes

        expected = ActionExecutor()
        expected.register_package("actions")
        status, listed = get(base + "/actions")
        assert status == 200 and sorted(a["name"] for a in listed) == sorted(expected.actions)

        tracker = {
            "sender_id": "t",
            "slots": {},
            "latest_message": {"text": "bạn là ai", "intent": {"name": "bot_identity", "confidence": 1.0}},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": None,
        }
        call = {"next_action": "action_bot_identity", "sender_id": "t", "tracker": tracker, "domain": {}}
        status, answer = get(base + "/webhook", call, timeout=120)  # may build the knowledge index first
        assert status == 200 and [r["response"] for r in answer["responses"]] == ["utter_bot_identity"]
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0


async def test_each_action_call_is_one_turn_of_the_knowledge_base(monkeypatch):
    from actions.__main__ import OneTurnExecutor
    from knowledge import turn

    made: list[int] = []

    async def action_call(self, call):
        # what an action does: reads the same thing twice in one run
        return [turn.kept("index", lambda: made.append(1) or len(made)) for _ in range(2)]

    monkeypatch.setattr(ActionExecutor, "run", action_call)
    executor = OneTurnExecutor()
    assert await executor.run({}) == [1, 1]
    assert await executor.run({}) == [2, 2]  # the next call reads afresh
