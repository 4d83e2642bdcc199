"""A volunteer proposes an FAQ from a conversation; staff find it with the unanswered questions."""

from __future__ import annotations

from bot.admin import grouping
from tests.bot.auth.helpers import sessions
from tests.bot.console.conftest import chat, say


def test_a_suggestion_lands_in_the_unanswered_list(client, rasa, database_url, volunteers):
    say(rasa, "gặp người")
    chat(client, "r1", "làm sao chuyển hộ khẩu cho con về nhà mới")
    chat(client, "r1", "gặp người")
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    page = lan.get(f"/console/tickets/{ticket_id}").text
    # the service question, not the request for a person, is prefilled
    assert ">làm sao chuyển hộ khẩu cho con về nhà mới</textarea>" in page
    sent = lan.post(f"/console/api/tickets/{ticket_id}/suggest", {"text": "Chuyển hộ khẩu cho con về nhà mới thế nào?"})
    assert sent.status_code == 200, sent.text
    with sessions(database_url)() as session:
        items = grouping.find_unanswered(session)
    assert [(i.kind, i.text) for i in items] == [("suggested", "Chuyển hộ khẩu cho con về nhà mới thế nào?")]
    # a second suggestion from the same conversation replaces the first
    lan.post(f"/console/api/tickets/{ticket_id}/suggest", {"text": "Chuyển khẩu cho con"})
    with sessions(database_url)() as session:
        assert [i.text for i in grouping.find_unanswered(session)] == ["Chuyển khẩu cho con"]


def test_empty_suggestions_are_refused(client, rasa, volunteers):
    say(rasa, "gặp người")
    chat(client, "r2", "gặp người")
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    refused = lan.post(f"/console/api/tickets/{ticket_id}/suggest", {"text": " "})
    assert refused.status_code == 422


def test_suggestions_and_notes_keep_no_residents_numbers(client, rasa, database_url, volunteers):
    from sqlalchemy import select

    from bot.handoff.models import TicketEvent

    say(rasa, "gặp người")
    chat(client, "r3", "gặp người")
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    lan.post(f"/console/api/tickets/{ticket_id}/suggest", {"text": "Bác số CCCD 079123456789 hỏi cấp lại thẻ"})
    lan.post(f"/console/api/tickets/{ticket_id}/notes", {"text": "Bác để lại sđt 0912 345 678, gọi chiều nay"})
    with sessions(database_url)() as session:
        suggested = [i.text for i in grouping.find_unanswered(session)]
        noted = list(session.scalars(select(TicketEvent.text).where(TicketEvent.text.is_not(None))))
    kept = " ".join(suggested + noted)
    assert "079123456789" not in kept and "0912 345 678" not in kept and "cấp lại thẻ" in kept
