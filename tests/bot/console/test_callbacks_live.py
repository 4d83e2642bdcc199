"""The call-back page updates live: open consoles hear when a call-back is left, completed or marked.

Issue 18: the page's badge stayed on «Đang kết nối…» (it never opened the socket) and never updated.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.handoff.models import Callback
from tests.bot.auth.helpers import sessions
from tests.bot.console.conftest import chat, say
from tests.bot.console.test_callbacks import closed  # noqa: F401  (a fixture: volunteers off duty)
from tests.bot.console.test_live import next_of


def frames_until_pong(ws) -> list[dict]:
    ws.send_json({"type": "ping"})
    frames = []
    while (frame := ws.receive_json())["type"] != "pong":
        frames.append(frame)
    return frames


def test_call_backs_left_and_marked_reach_open_consoles(client, rasa, volunteers, database_url, closed):  # noqa: F811
    say(rasa, "gặp người")
    lan, minh = volunteers("lan"), volunteers("minh")
    with lan.socket() as ws:
        before = next_of(ws, "queue")["callbacks"]
        _, offer = chat(client, "night", "gặp người")
        chat(client, "night", offer["buttons"][0]["payload"])
        frames_until_pong(ws)
        chat(client, "night", "0901234567")  # the call-back is on the list now
        assert {"type": "callbacks"} in frames_until_pong(ws)
        chat(client, "night", "hỏi về lương hưu")  # its question is added
        assert {"type": "callbacks"} in frames_until_pong(ws)
        with sessions(database_url)() as session:
            callback_id = session.scalars(select(Callback.id)).one()
        # a colleague marks it done: every console's next snapshot says the call-backs changed
        assert minh.form(f"/console/callbacks/{callback_id}", {"status": "done"}).status_code == 303
        snapshots = [f for f in frames_until_pong(ws) if f["type"] == "queue"]
        assert snapshots and snapshots[-1]["callbacks"] != before
        assert "done:1" in snapshots[-1]["callbacks"]


def test_the_call_back_page_has_what_its_script_refreshes(client, volunteers):
    page = volunteers("lan").get("/console/callbacks?status=done")
    assert 'data-page="callbacks"' in page.text and 'data-status="done"' in page.text
    assert 'data-testid="callbacks-updated"' in page.text
