"""/admin home and «Cần rà soát»: expired and expiring rules, 👎, overdue reviews; marking an entry reviewed."""

from __future__ import annotations

from datetime import date

from bot.admin import review
from bot.feedback.models import Feedback
from knowledge import store
from tests.bot.auth.helpers import sessions

FEE = "ho-chieu-le-phi"  # its halved fee ends 2026-12-31


def on(day: date, monkeypatch) -> None:
    monkeypatch.setattr(review, "today", lambda: day)


def test_rules_ending_soon_and_ended_come_first(client, csrf, monkeypatch):
    on(date(2026, 12, 4), monkeypatch)
    page = client.get("/admin/ra-soat").text
    assert f'href="/admin/faqs/{FEE}"' in page and "Quy định sắp hết hạn" in page
    on(date(2027, 1, 2), monkeypatch)
    page = client.get("/admin/ra-soat").text
    rows = page.split('data-why="')[1:]
    assert rows[0].startswith("expired_rule") and "31/12/2026" in page


def test_counts_on_the_admin_home(client, csrf, monkeypatch):
    on(date(2026, 12, 4), monkeypatch)
    home = client.get("/admin").text
    assert 'data-testid="setup-checklist"' not in home  # every ward fact is set in these tests
    expiring = int(home.split('data-testid="count-expiring_rule">', 1)[1].split("<", 1)[0])
    assert expiring >= 1
    assert int(home.split('data-testid="count-overdue">', 1)[1].split("<", 1)[0]) == 0  # content checked 2025–2026


def test_overdue_after_the_interval_and_thumbs_down_since_the_review(client, csrf, seeded, settings, monkeypatch):
    with sessions(seeded)() as session:
        later = date(2027, 12, 1)
        items = review.review_list(session, settings, later)
        assert any(i.entry_id == "vneid-quen-mat-khau" and i.why is review.Why.OVERDUE for i in items)
        from bot.conversations.models import Conversation, Message

        conversation = Conversation(channel="web", external_id="x" * 20, mode="bot", last_seq=settings.review_thumbs_down)
        session.add(conversation)
        session.flush()
        for seq in range(1, settings.review_thumbs_down + 1):  # one 👎 per answer, from several residents' answers
            message = Message(conversation_id=conversation.id, seq=seq, direction="out", text="…")
            session.add(message)
            session.flush()
            session.add(Feedback(conversation_id=conversation.id, message_id=message.id, value=-1, faq_id="vneid-quen-mat-khau"))
        session.commit()
        items = review.review_list(session, settings, date(2026, 12, 10))
        assert [i.why for i in items if i.entry_id == "vneid-quen-mat-khau"] == [review.Why.THUMBS_DOWN]


def test_marking_reviewed_keeps_who_and_when_and_clears_the_item(client, csrf, seeded, settings, monkeypatch):
    on(date(2027, 12, 1), monkeypatch)
    response = client.post(
        "/admin/faqs/vneid-quen-mat-khau/reviewed?back=review", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/admin/ra-soat?msg=reviewed"
    with sessions(seeded)() as session:
        entry = store.get_entry(session, "vneid-quen-mat-khau")
        assert (entry.last_reviewed, entry.reviewed_by) == ("2027-12-01", "lan")
        assert store.history(session, "vneid-quen-mat-khau")[0].action == "review"
        assert not any(i.entry_id == "vneid-quen-mat-khau" for i in review.review_list(session, settings, date(2027, 12, 1)))


def test_marking_needs_csrf_and_a_known_entry(client, csrf):
    assert client.post("/admin/faqs/vneid-quen-mat-khau/reviewed", data={}, follow_redirects=False).status_code in (400, 403)
    assert client.post("/admin/faqs/khong-co/reviewed", data={"csrf_token": csrf}).status_code == 404


def test_a_review_date_is_not_typed_in_the_form(client, csrf, seeded, monkeypatch):
    from tests.bot.admin.helpers import entry, form_of

    on(date(2026, 12, 20), monkeypatch)
    before = entry(seeded, "vneid-quen-mat-khau")
    posted = form_of(before, last_reviewed="2030-01-01", title=before.title + " (sửa)")
    client.post("/admin/faqs/vneid-quen-mat-khau", data={**posted, "csrf_token": csrf})
    after = entry(seeded, "vneid-quen-mat-khau")
    assert after.title.endswith("(sửa)") and (after.last_reviewed, after.reviewed_by) == (
        before.last_reviewed,
        before.reviewed_by,
    )
    assert 'name="last_reviewed"' not in client.get("/admin/faqs/vneid-quen-mat-khau").text


def test_whoever_writes_a_new_entry_has_reviewed_it_that_day(client, csrf, seeded, monkeypatch):
    from tests.bot.admin.helpers import entry
    from tests.bot.admin.test_faqs import NEW

    on(date(2026, 12, 20), monkeypatch)
    assert client.post("/admin/faqs/new", data={**NEW, "csrf_token": csrf}, follow_redirects=False).status_code == 303
    created = entry(seeded, NEW["entry_id"])
    assert (created.last_reviewed, created.reviewed_by) == ("2026-12-20", "lan")
