"""Closing a conversation: the outcome is always chosen, and an unanswered last message needs a confirmation.

Issue 18: «Kết thúc» closed at once with the default outcome while the resident's last message (a phone
number) had no reply, and the resident got the rating prompt as the answer to it.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.conversations.models import Message
from bot.handoff.models import Ticket
from tests.bot.auth.helpers import sessions
from tests.bot.console.conftest import chat, say


def held(client, rasa, volunteers, resident: str):
    say(rasa, "gặp người")
    chat(client, resident, "gặp người")
    lan = volunteers("lan")
    return lan, lan.claim().json()["ticket_id"]


def state(database_url, ticket_id: int) -> tuple[str, list[str]]:
    with sessions(database_url)() as session:
        ticket = session.get_one(Ticket, ticket_id)
        said = session.scalars(select(Message.text).where(Message.conversation_id == ticket.conversation_id))
        return ticket.status, list(said)


def test_the_outcome_has_no_default(client, rasa, volunteers, database_url):
    lan, ticket_id = held(client, rasa, volunteers, "ba-nam")
    for body in ({}, {"outcome": ""}, {"outcome": None}, {"confirm_unanswered": True}):
        refused = lan.post(f"/console/api/tickets/{ticket_id}/resolve", body)
        assert refused.status_code == 422 and refused.json()["error"] == "bad_outcome", body
    assert state(database_url, ticket_id)[0] == "assigned"


def test_an_unanswered_last_message_needs_a_confirmation(client, rasa, volunteers, database_url):
    lan, ticket_id = held(client, rasa, volunteers, "ba-tam")
    chat(client, "ba-tam", "số của bác 0901234567")
    refused = lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "guided"})
    assert refused.status_code == 409 and refused.json()["error"] == "unanswered"
    assert "chưa có ai trả lời" in refused.json()["message"]
    status, said = state(database_url, ticket_id)
    assert status == "assigned" and not any("chấm điểm" in text for text in said)  # no rating prompt yet
    # anything but a literal true is no confirmation
    assert (
        lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "guided", "confirm_unanswered": "yes"}).status_code
        == 409
    )
    confirmed = lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "call_back", "confirm_unanswered": True})
    assert confirmed.status_code == 200, confirmed.text
    status, said = state(database_url, ticket_id)
    assert status == "resolved" and "chấm điểm" in said[-1]


def test_an_answered_conversation_closes_without_a_confirmation(client, rasa, volunteers, database_url):
    lan, ticket_id = held(client, rasa, volunteers, "ba-sau")
    chat(client, "ba-sau", "bác hỏi cách cài VNeID")
    lan.reply(ticket_id, "Dạ, Bác mở CH Play, tìm VNeID rồi bấm Cài đặt ạ.")
    assert lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "guided"}).status_code == 200
    assert state(database_url, ticket_id)[0] == "resolved"


def test_the_ticket_page_asks_for_the_outcome_and_scrolls_by_keyboard(client, rasa, volunteers):
    lan, ticket_id = held(client, rasa, volunteers, "ba-chin")
    page = lan.get(f"/console/tickets/{ticket_id}").text
    assert '<option value="" selected>— Chọn kết quả —</option>' in page  # no outcome chosen for the volunteer
    assert 'data-testid="resolve-confirm" role="alert" hidden' in page
    transcript = page[page.index('<ol class="transcript"') :].split(">", 1)[0]
    assert 'tabindex="0"' in transcript and 'aria-label="Nội dung cuộc trò chuyện' in transcript
