"""Out of hours, or when nobody claims in time: a phone number for the call-back list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from bot.conversations.models import Message
from bot.handoff.models import Callback, CallbackPhone, CallbackPhoneRead, Shift, Ticket
from tests.bot.auth.helpers import sessions
from tests.bot.console.conftest import chat, say


@pytest.fixture
def closed(database_url, client):
    """No shifts at all: volunteers are never on duty."""
    client.app.state.handoff.options.always_open = False
    with sessions(database_url)() as session:
        session.execute(delete(Shift))
        session.commit()


def rows(database_url, model):
    with sessions(database_url)() as session:
        key = model.callback_id if model is CallbackPhone else model.id
        return list(session.scalars(select(model).order_by(key)))


def test_out_of_hours_offers_a_call_back_and_records_the_escalation(client, rasa, database_url, closed):
    say(rasa, "gặp người")
    handing, offer = chat(client, "night", "gặp người")
    assert offer["meta"]["handoff"] is True and offer["meta"]["mode"] == "bot"
    assert "ngoài giờ trực" in offer["text"]
    assert [b["payload"] for b in offer["buttons"]] == [f"#callback:yes:{offer['meta']['ticket_id']}", "#callback:no"]
    [ticket] = rows(database_url, Ticket)
    assert (ticket.status, ticket.reason) == ("expired", "request_human")  # the ward sees the demand at night


def test_leaving_a_number_and_a_question(client, rasa, database_url, closed, volunteers):
    say(rasa, "gặp người")
    _, offer = chat(client, "night", "gặp người")
    [ask] = chat(client, "night", offer["buttons"][0]["payload"])
    assert "số điện thoại" in ask["text"]
    [again] = chat(client, "night", "09 123")
    assert "chưa đúng" in again["text"]
    [question] = chat(client, "night", "+84 901.234.567")
    assert "việc cần hỗ trợ" in question["text"]
    [saved] = chat(client, "night", "tôi cần hỏi về lương hưu")
    assert "gọi lại" in saved["text"]
    [callback] = rows(database_url, Callback)
    assert (callback.question, callback.status, callback.reason) == ("tôi cần hỏi về lương hưu", "open", "request_human")
    # the number as typed is kept apart; the conversation keeps it masked, and tells no «I hid it» notice
    [kept] = rows(database_url, CallbackPhone)
    assert (kept.callback_id, kept.phone) == (callback.id, "0901234567")
    said = rows(database_url, Message)
    typed = [m.text for m in said if m.direction == "in"]
    assert "[số điện thoại đã che]" in typed and not any("901" in text for text in typed)
    assert not any(m.meta.get("notice") for m in said)
    # volunteers see the question, the number only when they ask for it, each read recorded
    lan = volunteers("lan")
    page = lan.get("/console/callbacks")
    assert "lương hưu" in page.text and "0901234567" not in page.text and "Xem số để gọi" in page.text
    assert rows(database_url, CallbackPhoneRead) == []
    shown = lan.form(f"/console/callbacks/{callback.id}/phone", {})
    assert shown.status_code == 200 and 'href="tel:0901234567"' in shown.text
    [read] = rows(database_url, CallbackPhoneRead)
    assert (read.callback_id, read.username) == (callback.id, "lan") and read.at is not None
    marked = lan.form(f"/console/callbacks/{callback.id}", {"status": "done"})
    assert marked.status_code == 303
    assert rows(database_url, Callback)[0].status == "done"
    again = lan.form(f"/console/callbacks/{callback.id}", {"status": "unreachable"})
    assert again.headers["location"].endswith("msg=stale")
    assert rows(database_url, Callback)[0].status == "done"


def test_a_question_instead_of_a_number_goes_to_the_bot(client, rasa, database_url, closed):
    say(rasa, "gặp người")
    _, offer = chat(client, "night", "gặp người")
    chat(client, "night", offer["buttons"][0]["payload"])
    [reply] = chat(client, "night", "làm căn cước ở đâu")
    assert reply["meta"]["source"] == "dialogue"
    assert rows(database_url, Callback) == []


def test_declining_the_call_back(client, rasa, database_url, closed):
    say(rasa, "gặp người")
    chat(client, "night", "gặp người")
    [reply] = chat(client, "night", "#callback:no")
    assert "đường dây nóng" in reply["text"] and "{ward_hotline}" not in reply["text"]


def test_nobody_claims_in_time(client, rasa, database_url, settings):
    say(rasa, "gặp người")
    chat(client, "late", "gặp người")
    handoff = client.app.state.handoff
    assert client.portal.call(handoff.expire_waiting) == 0  # not yet
    handoff.options.max_wait = timedelta(0)
    assert client.portal.call(handoff.expire_waiting) == 1
    [ticket] = rows(database_url, Ticket)
    assert ticket.status == "expired"
    [offer] = chat(client, "late", f"#callback:yes:{ticket.id}")
    assert "số điện thoại" in offer["text"]


def test_bad_callback_volunteer_forms(client, volunteers):
    lan = volunteers("lan")
    assert lan.form("/console/callbacks/999", {"status": "done"}).headers["location"].endswith("msg=stale")
    refused = lan._as_me().post("/console/callbacks/1", data={"status": "done"})
    assert refused.status_code == 403  # no CSRF token
