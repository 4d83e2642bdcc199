"""A loopback stand-in for the Rasa server's gateway channel, for tests of the gateway alone.

It speaks the same HTTP contract as rasa_addons/channel.py; end-to-end tests use
the real Rasa server instead. Replies are scripted per message text.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.support.loopback import LoopbackServer


class FakeRasa(LoopbackServer):
    """Answers POST /webhooks/meta/webhook from a script; records what it was sent. `down`: every
    call fails, health checks included."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.parsed: list[str] = []
        self.script: dict[str, dict[str, Any]] = {}
        self.down = False
        self.delay_s = 0.0
        app = FastAPI()

        @app.get("/webhooks/meta/")
        async def health():
            return JSONResponse({"status": "ok"}, status_code=503 if self.down else 200)

        @app.get("/health")  # the action server's health check (the tests point both URLs here)
        async def action_server_health():
            return JSONResponse({"status": "ok"}, status_code=503 if self.down else 200)

        @app.post("/webhooks/meta/parse")
        async def parse(request: Request):
            body = await request.json()
            self.parsed.append(body["message"])
            if self.down:
                return JSONResponse({"error": "processing failed"}, status_code=500)
            scripted = self.script.get(body["message"]) or {"intent": "ask_question", "confidence": 0.9}
            return {"intent": scripted.get("intent"), "confidence": scripted.get("confidence")}

        @app.post("/webhooks/meta/webhook")
        async def webhook(request: Request):
            body = await request.json()
            self.received.append(body)
            if self.delay_s:
                time.sleep(self.delay_s)
            if self.down:
                return JSONResponse({"error": "processing failed"}, status_code=500)
            scripted = self.script.get(body["message"])
            if scripted is not None:
                return scripted
            return {
                "messages": [{"recipient_id": body["sender"], "text": f"Dạ, bot nhận được: {body['message']}"}],
                "intent": "ask_question",
                "confidence": 0.9,
            }

        self.serve(app)
