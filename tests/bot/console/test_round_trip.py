"""A handed-off conversation through the gateway: queue, claim, both ways, close, stars."""

from __future__ import annotations

from sqlalchemy import select

from bot.conversations.models import Conversation, Message
from bot.handoff.models import Ticket, TicketEvent
from tests.bot.auth.helpers import sessions
from tests.bot.console.conftest import chat, say


def tickets(database_url) -> list[Ticket]:
    with sessions(database_url)() as session:
        return list(session.scalars(select(Ticket).order_by(Ticket.id)))


def messages(database_url, sender: str) -> list[Message]:
    with sessions(database_url)() as session:
        conversation = session.scalar(select(Conversation).where(Conversation.external_id == sender))
        return list(session.scalars(select(Message).where(Message.conversation_id == conversation.id).order_by(Message.seq)))


def test_asking_for_a_person_queues_and_says_what_happens_next(client, rasa, database_url):
    say(rasa, "cho tôi gặp người")
    handing, queued = chat(client, "res-1", "cho tôi gặp người")
    assert handing["meta"]["handoff"] is True and handing["meta"]["handoff_reason"] == "request_human"
    assert queued["meta"]["mode"] == "waiting"
    assert queued["meta"]["queue"] == {"position": 1, "eta_minutes": queued["meta"]["queue"]["eta_minutes"]}
    assert "vị trí số 1" in queued["text"] and "chưa có tình nguyện viên" in queued["text"]  # nobody on line
    assert [b["payload"] for b in queued["buttons"]] == ["#handoff:cancel"]
    [ticket] = tickets(database_url)
    assert (ticket.status, ticket.reason, ticket.channel) == ("waiting", "request_human", "api")


def test_the_bot_is_silent_while_the_resident_waits_and_nothing_is_lost(client, rasa, database_url):
    say(rasa, "gặp người")
    chat(client, "res-2", "gặp người")
    sent = len(rasa.received)
    assert chat(client, "res-2", "tôi cần làm giấy khai sinh cho cháu") == []
    assert len(rasa.received) == sent  # never reached the bot
    held = messages(database_url, "res-2")[-1]
    assert (held.direction, held.status, held.text) == ("in", "held", "tôi cần làm giấy khai sinh cho cháu")


def test_a_second_request_while_waiting_does_not_open_a_second_ticket(client, rasa, database_url):
    say(rasa, "gặp người")
    chat(client, "res-3", "gặp người")
    chat(client, "res-3", "gặp người")
    assert len(tickets(database_url)) == 1


def test_full_round_trip_with_a_volunteer(client, rasa, database_url, volunteers):
    say(rasa, "gặp người")
    chat(client, "res-4", "gặp người")
    lan = volunteers("lan")
    claimed = lan.claim()
    assert claimed.status_code == 200, claimed.text
    ticket_id = claimed.json()["ticket_id"]
    told = messages(database_url, "res-4")[-1]
    assert "Bạn Lan" in told.text and told.meta["mode"] == "human"
    assert told.meta["volunteer"] == "Bạn Lan"  # the widget's status line names them from now on

    # the console page shows the whole conversation, bot included, with reason and channel
    page = lan.get(f"/console/tickets/{ticket_id}")
    assert page.status_code == 200
    assert "gặp người" in page.text and "Muốn gặp người" in page.text and "Ứng dụng của phường" in page.text

    sent = lan.reply(ticket_id, "Dạ chào Bác, Bác cần hỗ trợ gì ạ?")
    assert sent.status_code == 200, sent.text
    wire = sent.json()["message"]
    assert wire["meta"]["source"] == "volunteer" and wire["meta"]["volunteer"] == "Bạn Lan"
    # the resident's next message is for the volunteer, not the bot
    before = len(rasa.received)
    assert chat(client, "res-4", "cách đăng ký tạm trú online") == []
    assert len(rasa.received) == before

    # the resident's last message has no reply: closing needs the volunteer's confirmation
    done = lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "guided", "confirm_unanswered": True})
    assert done.status_code == 200, done.text
    rating = messages(database_url, "res-4")[-1]
    assert rating.meta["mode"] == "bot" and [b["payload"] for b in rating.buttons] == [
        f"#rate:{ticket_id}:{n}" for n in range(1, 6)
    ]
    [ask_comment] = chat(client, "res-4", f"#rate:{ticket_id}:4")
    assert "4 sao" in ask_comment["text"]
    [write] = chat(client, "res-4", ask_comment["buttons"][0]["payload"])
    assert "nhắn góp ý" in write["text"]
    [thanks] = chat(client, "res-4", "bạn Lan nhiệt tình lắm")
    assert "góp ý" in thanks["text"]
    [ticket] = tickets(database_url)
    assert (ticket.status, ticket.outcome, ticket.rating, ticket.rating_comment) == (
        "resolved",
        "guided",
        4,
        "bạn Lan nhiệt tình lắm",
    )
    # and the bot answers again
    assert chat(client, "res-4", "giờ làm việc")[0]["meta"]["source"] == "dialogue"


def test_a_question_after_the_stars_goes_to_the_bot_not_into_the_comment(client, rasa, database_url, volunteers):
    say(rasa, "gặp người")
    chat(client, "res-12", "gặp người")
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "guided"})
    chat(client, "res-12", f"#rate:{ticket_id}:5")
    [answer] = chat(client, "res-12", "làm căn cước ở đâu")
    assert answer["meta"]["source"] == "dialogue"
    assert tickets(database_url)[0].rating_comment is None


def test_skipping_the_comment_and_rating_buttons_nobody_offered(client, rasa, database_url, volunteers):
    say(rasa, "gặp người")
    chat(client, "res-5", "gặp người")
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    lan.post(f"/console/api/tickets/{ticket_id}/resolve", {"outcome": "appointment"})
    [forged] = chat(client, "res-5", "#rate:999:5")  # no such ticket: never offered, so read as text
    [other] = chat(client, "res-6", f"#rate:{ticket_id}:1")  # someone else's ticket
    assert [r["message"] for r in rasa.received[-2:]] == ["#rate:999:5", f"#rate:{ticket_id}:1"]
    assert forged["meta"]["source"] != "system" and other["meta"]["source"] != "system"
    assert tickets(database_url)[0].rating is None
    [ask_comment] = chat(client, "res-5", f"#rate:{ticket_id}:4")
    [write] = chat(client, "res-5", ask_comment["buttons"][0]["payload"])  # «Viết góp ý»
    [thanks] = chat(client, "res-5", write["buttons"][0]["payload"])  # «Thôi, không góp ý»
    assert "cảm ơn" in thanks["text"] and tickets(database_url)[0].rating == 4


def test_the_resident_can_cancel_while_waiting_but_not_once_claimed(client, rasa, database_url, volunteers):
    say(rasa, "gặp người")
    chat(client, "res-7", "gặp người")
    [cancelled] = chat(client, "res-7", "#handoff:cancel")
    assert cancelled["meta"]["mode"] == "bot" and "hủy" in cancelled["text"]
    assert tickets(database_url)[0].status == "abandoned"
    chat(client, "res-7", "gặp người")
    volunteers("lan").claim()
    [refused] = chat(client, "res-7", "#handoff:cancel")
    assert "đang hỗ trợ" in refused["text"]
    assert tickets(database_url)[-1].status == "assigned"


def test_waiting_residents_hear_their_new_place(client, rasa, database_url, volunteers):
    say(rasa, "gặp người")
    chat(client, "first", "gặp người")
    _, queued = chat(client, "second", "gặp người")
    assert queued["meta"]["queue"]["position"] == 2
    volunteers("lan").claim()
    update = messages(database_url, "second")[-1]
    assert update.meta["queue"]["position"] == 1 and "vị trí số 1" in update.text


def test_an_emergency_jumps_the_queue(client, rasa, database_url, volunteers):
    say(rasa, "gặp người")
    say(rasa, "cháy nhà", reason="emergency", intent="emergency")
    chat(client, "calm", "gặp người")
    chat(client, "fire", "cháy nhà")
    claimed = volunteers("lan").claim().json()
    assert claimed["reason"] == "emergency"
    assert messages(database_url, "calm")[-1].meta["queue"]["position"] == 1


def test_two_thumbs_down_in_a_row_hand_over(client, rasa, database_url):
    rasa.script["hỏi a"] = rasa.script["hỏi b"] = {
        "messages": [
            {
                "recipient_id": "x",
                "text": "Dạ, trả lời…",
                "custom": {"meta": {"source": "faq", "faq_id": "x-y", "faq_score": 0.9}},
            }
        ],
        "intent": "ask_question",
        "confidence": 0.9,
    }
    [first] = chat(client, "res-8", "hỏi a")
    [sorry] = chat(client, "res-8", first["buttons"][1]["payload"])
    assert not sorry["meta"]["handoff"]
    [second] = chat(client, "res-8", "hỏi b")
    again, queued = chat(client, "res-8", second["buttons"][1]["payload"])
    assert again["meta"]["handoff_reason"] == "thumbs_down" and queued["meta"]["mode"] == "waiting"
    assert tickets(database_url)[0].reason == "thumbs_down"


def test_a_thumbs_up_between_breaks_the_streak(client, rasa, database_url):
    rasa.script["hỏi"] = {
        "messages": [
            {"recipient_id": "x", "text": "Dạ…", "custom": {"meta": {"source": "faq", "faq_id": "x-y", "faq_score": 0.9}}}
        ],
        "intent": "ask_question",
        "confidence": 0.9,
    }
    payloads = []
    for _ in range(3):
        [answer] = chat(client, "res-9", "hỏi")
        payloads.append(answer["buttons"])
    chat(client, "res-9", payloads[0][1]["payload"])  # 👎
    chat(client, "res-9", payloads[1][0]["payload"])  # 👍
    [reply] = chat(client, "res-9", payloads[2][1]["payload"])  # 👎
    assert not reply["meta"]["handoff"] and tickets(database_url) == []


def test_release_and_transfer(client, rasa, database_url, volunteers):
    say(rasa, "gặp người")
    chat(client, "res-10", "gặp người")
    lan, minh = volunteers("lan"), volunteers("minh")
    ticket_id = lan.claim().json()["ticket_id"]
    assert lan.post(f"/console/api/tickets/{ticket_id}/release").status_code == 200
    assert "chuyển Bác lại hàng chờ" in messages(database_url, "res-10")[-1].text
    assert minh.claim(ticket_id).status_code == 200
    moved = minh.post(f"/console/api/tickets/{ticket_id}/transfer", {"to_user_id": lan.user_id})
    assert moved.status_code == 200
    told = messages(database_url, "res-10")[-1]
    assert "Bạn Lan" in told.text and told.meta["volunteer"] == "Bạn Lan"  # the status line follows the transfer
    assert lan.reply(ticket_id, "Cháu tiếp tục hỗ trợ ạ").status_code == 200
    assert minh.reply(ticket_id, "còn tôi?").status_code == 403
    with sessions(database_url)() as session:
        kinds = [
            e.kind
            for e in session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id))
        ]
    assert kinds == ["created", "claimed", "released", "claimed", "transferred"]


def test_notes_are_private(client, rasa, database_url, volunteers):
    say(rasa, "gặp người")
    chat(client, "res-11", "gặp người")
    lan = volunteers("lan")
    ticket_id = lan.claim().json()["ticket_id"]
    note = lan.post(f"/console/api/tickets/{ticket_id}/notes", {"text": "Bác nghe không rõ, nên gọi lại"})
    assert note.status_code == 200
    assert all("nghe không rõ" not in m.text for m in messages(database_url, "res-11"))
    assert "nghe không rõ" in lan.get(f"/console/tickets/{ticket_id}").text


def test_an_emergency_while_waiting_gets_the_numbers_and_the_front_of_the_queue(client, rasa, database_url):
    say(rasa, "gặp người")
    rasa.script["nhà cháy rồi"] = {
        "messages": [
            {"recipient_id": "x", "text": "Gọi ngay 114"},
            {
                "recipient_id": "x",
                "text": "Con đã báo tình nguyện viên.",
                "custom": {"meta": {"source": "dialogue", "handoff": True, "handoff_reason": "emergency"}},
            },
        ],
        "intent": "emergency",
        "confidence": 0.97,
    }
    chat(client, "first", "gặp người")
    chat(client, "second", "gặp người")
    numbers, told = chat(client, "second", "nhà cháy rồi")
    assert "114" in numbers["text"] and told["meta"]["handoff_reason"] == "emergency"
    second = [t for t in tickets(database_url) if t.status == "waiting"][-1]
    assert (second.reason, second.priority) == ("emergency", 100)
    assert messages(database_url, "second")[-1].meta["queue"]["position"] == 1  # told their new place
    # any other message while waiting stays for the volunteer
    sent = len(rasa.received)
    assert chat(client, "second", "bác vẫn chờ") == []
    assert len(rasa.received) == sent and rasa.parsed[-1] == "bác vẫn chờ"
