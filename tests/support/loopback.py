"""Runs a stand-in HTTP server (a FastAPI app) on a free loopback port in a thread."""

from __future__ import annotations

import threading
import time

import uvicorn

from devtools.stack import free_port


class LoopbackServer:
    """Base of the test stand-ins: start() waits until it listens, stop() ends it."""

    def serve(self, app) -> None:
        """Prepares `app` to run on a free port (call from the subclass's __init__)."""
        self.port = free_port()
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)


# The client address TestClient should report for a caller on this machine (its default, "testclient", is no
# address): /api/chat without an API key serves only such callers, as under `make run`.
LOCAL_CALLER = ("127.0.0.1", 50000)
