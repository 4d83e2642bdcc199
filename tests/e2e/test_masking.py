"""A CCCD number typed in the widget is seen masked everywhere: database, Rasa's tracker, console, logs.

The real three processes; a look-alike date in the same message is kept everywhere it is stored.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from tests.e2e.console_client import Console, create_user, next_frame
from tests.e2e.test_recovery import _ws_turn

CCCD = "079160004321"  # CCCD-shaped (HCMC, 1960s birth), used by no other test
SPACED = "079 160 004 321"
DATE = "12/05/2026"
LABEL = "[số CCCD đã che]"


def files_containing(workdir: Path, needle: str) -> list[str]:
    """Every file of the stack (databases with their WAL, logs) whose bytes contain the needle."""
    return [str(p.name) for p in workdir.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


def test_a_cccd_number_appears_nowhere_and_the_date_is_kept(stack):
    url = stack.gateway_url.replace("http", "ws") + "/ws/chat"
    text = f"Cho bác hỏi, căn cước của bác số {CCCD}, hẹn ngày {DATE} mà chưa có thẻ"
    welcome, frames = asyncio.run(_ws_turn(url, None, 0, text))
    token = welcome["token"]
    said = [f for f in frames if f["type"] == "message"]
    inbound = next(f for f in said if f["direction"] == "in")
    assert CCCD not in inbound["text"] and LABEL in inbound["text"] and DATE in inbound["text"]
    notices = [f for f in said if f["meta"].get("notice") == "masked"]
    assert len(notices) == 1 and "con đã che số CCCD" in notices[0]["text"]

    # a spaced number in the same conversation: masked too, and no second notice
    _, frames = asyncio.run(_ws_turn(url, token, 0, f"cccd {SPACED} nha", client_id="c-2"))
    assert not any(f["type"] == "message" and f["meta"].get("notice") for f in frames)

    # handed over: the volunteer's console shows the masked text, the date as typed
    asyncio.run(_ws_turn(url, token, 0, "cho toi gap nguoi that", client_id="c-3"))
    create_user(stack, "masking_vol", display_name="Hạnh")
    volunteer = Console(stack, "masking_vol")
    waiting = volunteer.http.get("/console/api/queue").json()["waiting"]
    ticket_id = max(t["ticket_id"] for t in waiting if t["channel"] == "web")
    volunteer.claim(ticket_id)
    page = volunteer.http.get(f"/console/tickets/{ticket_id}").text
    assert CCCD not in page and SPACED not in page and LABEL in page and DATE in page

    async def watched() -> list[dict]:
        async with volunteer.socket() as ws:
            await ws.send(json.dumps({"type": "watch", "ticket_id": ticket_id, "after_seq": 0}))
            messages = []
            while not any("gap nguoi" in m["text"] for m in messages):
                messages.append((await next_frame(ws, "message"))["message"])
            return messages

    live = asyncio.run(watched())
    assert not any(CCCD in m["text"] or SPACED in m["text"] for m in live) and any(DATE in m["text"] for m in live)
    volunteer.resolve(ticket_id)
    volunteer.close()

    time.sleep(1)  # the processes' logs flushed
    # the application database, Rasa's tracker (SQLite files and their WAL) and every log
    assert files_containing(stack.workdir, CCCD) == []
    assert files_containing(stack.workdir, SPACED) == []
    kept = files_containing(stack.workdir, DATE)
    assert any(name.startswith("app.db") for name in kept), kept
    assert any(name.startswith("rasa_tracker.db") for name in kept), kept
    # (at the stack's log level the gateway logs no message text; tests/bot/test_redaction.py checks the logs' masking)
