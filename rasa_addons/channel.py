"""Rasa input channel for the gateway: Rasa's REST shape plus what the NLU understood.

Runs inside the Rasa server (Rasa's virtualenv), loaded from credentials.yml. It differs
from the stock REST channel in three ways the gateway needs: every reply stays one message
(text, buttons and custom payload together, no splitting on blank lines), the response
carries the intent and confidence, and a failure is an HTTP error instead of an empty list.
When Rasa builds its routes at start-up it also switches on the speed-ups (patches/speedups.py).
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_addons.patches import lean, speedups

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000


class WholeMessageCollector(CollectingOutputChannel):
    """Collects each bot message whole, the way the action or response produced it."""

    @classmethod
    def name(cls) -> Text:
        """Name of the output channel."""
        return "meta"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        """Keeps text, buttons (or quick replies) and custom payload in one message."""
        out: Dict[Text, Any] = {"recipient_id": recipient_id}
        if message.get("text"):
            out["text"] = message["text"]
        buttons = message.get("buttons") or message.get("quick_replies")
        if buttons:
            out["buttons"] = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in buttons]
        if message.get("custom"):
            out["custom"] = message["custom"]
        if len(out) > 1:
            await self._persist_message(out)


class MetaRestInput(InputChannel):
    """POST /webhooks/meta/webhook: {"sender", "message", "metadata"?} → replies and NLU."""

    @classmethod
    def name(cls) -> Text:
        """URL prefix of the channel."""
        return "meta"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The channel's routes: health, webhook (a dialogue turn) and parse (NLU only)."""
        # Rasa asks for the routes once per server start, before it loads the model and before Sanic
        # forks any workers (they inherit the patches): the one start-up hook every `rasa run` with this
        # channel goes through. Off with RASA_SPEEDUPS=0 or another Rasa version (patches/speedups.py says why).
        speedups.install()
        lean.report()  # what `python -m rasa_addons.patches.lean` left out of this process, if it started it
        hook = Blueprint("meta_webhook", __name__)

        @hook.listener("after_server_start")
        async def model_loaded(_app: Any, _loop: Any) -> None:
            speedups.freeze_heap()  # Rasa loads the model before the server starts; same switch

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            ready = bool(agent and agent.is_ready())
            return response.json({"status": "ok" if ready else "loading"}, status=200 if ready else 503)

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.json if isinstance(request.json, dict) else {}
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender or not isinstance(text, str):
                return response.json({"error": "sender and message must be strings"}, status=400)
            if len(text) > MAX_MESSAGE_CHARS:
                return response.json({"error": "message too long"}, status=413)
            metadata: Optional[Dict[Text, Any]] = body.get("metadata")
            agent = request.app.ctx.agent
            collector = WholeMessageCollector()
            message = UserMessage(
                text,
                collector,
                sender,
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else None,
            )
            try:
                # Parse once here so the gateway learns intent and confidence;
                # the processor reuses this parse instead of running NLU again.
                message.parse_data = await agent.processor.parse_message(message)
                await on_new_message(message)
            except Exception:  # the gateway must see a failure, not an empty answer
                logger.exception("Handling a message for the gateway failed")
                return response.json({"error": "processing failed"}, status=500)
            intent = message.parse_data.get("intent") or {}
            return response.json(
                {
                    "messages": collector.messages,
                    "intent": intent.get("name"),
                    "confidence": intent.get("confidence"),
                }
            )

        @hook.route("/parse", methods=["POST"])
        async def parse(request: Request) -> HTTPResponse:
            # What the NLU makes of a text, without a dialogue turn (nothing enters the tracker):
            # the gateway checks messages written while a resident waits for a person.
            body = request.json if isinstance(request.json, dict) else {}
            text = body.get("message")
            if not isinstance(text, str) or len(text) > MAX_MESSAGE_CHARS:
                return response.json({"error": "message must be a string"}, status=400)
            try:
                parsed = await request.app.ctx.agent.parse_message(text)
            except Exception:
                logger.exception("Parsing a message for the gateway failed")
                return response.json({"error": "processing failed"}, status=500)
            intent = parsed.get("intent") or {}
            return response.json({"intent": intent.get("name"), "confidence": intent.get("confidence")})

        return hook
