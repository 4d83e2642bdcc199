"""The real three processes (Rasa, action server, gateway), started once for the e2e tests."""

from __future__ import annotations

import pytest

from devtools.stack import MODEL_DIR, Stack, free_port


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    model = MODEL_DIR / "current.tar.gz"
    assert model.exists(), "train first: `make model` (make test does it)"
    running = Stack(
        workdir=tmp_path_factory.mktemp("stack"),
        rasa_port=free_port(),
        action_port=free_port(),
        gateway_port=free_port(),
        model=model,
        extra_env={"CHAT_RATE_PER_MINUTE": "600"},
    )
    running.migrate()
    running.start()
    try:
        running.wait_ready(timeout=240)
        yield running
    finally:
        running.stop()
