"""The production path with real processes: PostgreSQL for the application and Rasa's tracker,
Redis for Rasa's lock store and between two gateway instances; a resident on one instance and a
volunteer on the other."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import httpx
import pytest
from sqlalchemy import create_engine, text

from devtools.stack import MODEL_DIR, Stack, free_port
from tests.e2e.console_client import Console, create_user, next_frame
from tests.support.postgres import SERVER, postgres_schema

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    with postgres_schema() as app_url, postgres_schema() as tracker_url:
        tracker_schema = tracker_url.rsplit("%3D", 1)[1]
        running = Stack(
            workdir=tmp_path_factory.mktemp("production"),
            rasa_port=free_port(),
            action_port=free_port(),
            gateway_port=free_port(),
            model=MODEL_DIR / "current.tar.gz",
            more_gateways={"gateway-b": free_port()},
            extra_env={
                "DATABASE_URL": app_url,
                "REDIS_URL": REDIS_URL,
                "REDIS_CHANNEL": f"tlsp:e2e:{uuid.uuid4().hex}",
                "HANDOFF_ALWAYS_OPEN": "true",
                "CHAT_RATE_PER_MINUTE": "600",
                # Rasa: tracker in PostgreSQL (its own schema), locks in Redis
                "RASA_TRACKER_DIALECT": "postgresql",
                "RASA_TRACKER_HOST": f"postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{tracker_schema}",
                "RASA_TRACKER_DB": "test",
                "RASA_LOCK_STORE": "redis",
                "RASA_LOCK_STORE_DB": "2",
                "RASA_LOCK_STORE_PREFIX": f"e2e{uuid.uuid4().hex[:8]}",
            },
        )
        running.migrate()
        running.start(("rasa", "actions", "gateway", "gateway-b"))
        try:
            running.wait_ready(timeout=240)
            _wait_ready(running.url_of("gateway-b"))
            yield running, tracker_schema
        finally:
            running.stop()


def _wait_ready(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=3).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(url)


def test_resident_on_one_instance_volunteer_on_the_other(production):
    stack, tracker_schema = production
    resident_url = stack.url_of("gateway-b")
    create_user(stack, "prod_vol", display_name="Lan")
    volunteer = Console(stack, "prod_vol")  # on instance A
    sender = uuid.uuid4().hex

    def chat(message: str) -> list[dict]:
        response = httpx.post(f"{resident_url}/api/chat", json={"sender": sender, "message": message}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    answer, *_ = chat("quen mat khau vneid")  # the real bot answers on instance B
    assert answer["meta"]["source"] == "faq"

    async def handoff():
        async with volunteer.socket() as ws:
            await next_frame(ws, "queue")
            _, queued = chat("cho toi gap nguoi that")
            assert queued["meta"]["mode"] == "waiting"
            frame = await next_frame(ws, "queue", match=lambda f: any(t["channel"] == "api" for t in f["waiting"]))
            ticket_id = frame["waiting"][0]["ticket_id"]
            volunteer.claim(ticket_id)
            await ws.send(json.dumps({"type": "watch", "ticket_id": ticket_id, "after_seq": 10_000}))
            volunteer.reply(ticket_id, "Chào Bác, cháu là Lan")
            assert chat("bac muon hoi ve tam tru") == []  # sent to instance B …
            arrived = await next_frame(ws, "message", match=lambda f: f["message"]["direction"] == "in")
            assert arrived["message"]["text"] == "bac muon hoi ve tam tru"  # … seen on instance A
            return ticket_id

    ticket_id = asyncio.run(handoff())
    volunteer.resolve(ticket_id)
    engine = create_engine(SERVER)
    with engine.connect() as connection:
        events = connection.execute(text(f'SELECT count(*) FROM "{tracker_schema}".events')).scalar_one()
    engine.dispose()
    assert events > 0  # Rasa's tracker lives in PostgreSQL
    volunteer.close()
