"""/admin/chu-de: staff pin, order and remove the widget's greeting topics; the widget follows at once."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from bot.channels.web.pins import MAX_PINNED, PinnedTopic
from knowledge.models import Entry, Question
from tests.bot.auth.helpers import add_user, logged_in, sessions

PAGE = "/admin/chu-de"
DEFAULT = "vneid-quen-mat-khau"  # WIDGET_PINNED_TOPICS in these tests


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"widget_pinned_topics": f"{DEFAULT},khong-co-muc-nay"})


def published(database_url: str, n: int) -> list[str]:
    with sessions(database_url)() as session:
        ids = session.scalars(select(Entry.id).where(Entry.status == "published", Entry.id != DEFAULT).order_by(Entry.id))
        return list(ids)[:n]


def pinned(database_url: str) -> list[str]:
    with sessions(database_url)() as session:
        return list(session.scalars(select(PinnedTopic.faq_id).order_by(PinnedTopic.position)))


def post(client, csrf: str, path: str, **data: str):
    return client.post(path, data={"csrf_token": csrf, **data}, follow_redirects=False)


def widget(client) -> list[str]:
    answer = client.get("/api/widget/topics")
    assert answer.status_code == 200
    return [topic["id"] for topic in answer.json()["topics"]]


def test_anonymous_and_volunteers_are_kept_out(client, seeded):
    assert client.get(PAGE, follow_redirects=False).headers["location"] == f"/login?next={PAGE}"
    a = published(seeded, 1)[0]
    assert client.post(PAGE, data={"faq_id": a}, follow_redirects=False).headers["location"] == "/login"
    add_user(seeded, "tnv", "volunteer")
    token = logged_in(client, "tnv")
    assert client.get(PAGE).status_code == 403
    for path, data in (
        (PAGE, {"faq_id": a}),
        (f"{PAGE}/move", {"faq_id": a, "direction": "up"}),
        (f"{PAGE}/remove", {"faq_id": a}),
    ):
        assert post(client, token, path, **data).status_code == 403
    assert pinned(seeded) == []


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admins_may_pin(client, seeded, role):
    add_user(seeded, "can-bo", role)
    token = logged_in(client, "can-bo")
    a = published(seeded, 1)[0]
    assert post(client, token, PAGE, faq_id=a).headers["location"] == f"{PAGE}?msg=pinned"
    assert pinned(seeded) == [a]
    assert 'aria-current="page">Chủ đề khung chat' in client.get(PAGE).text


@pytest.mark.parametrize("token", [None, "", "sai-token-gia-mao"])
def test_every_form_checks_the_csrf_token(client, csrf, seeded, token):
    a, b = published(seeded, 2)
    assert post(client, csrf, PAGE, faq_id=a).status_code == 303
    assert post(client, csrf, PAGE, faq_id=b).status_code == 303
    for path, data in (
        (PAGE, {"faq_id": a}),
        (f"{PAGE}/move", {"faq_id": b, "direction": "up"}),
        (f"{PAGE}/remove", {"faq_id": a}),
    ):
        if token is not None:
            data["csrf_token"] = token
        assert client.post(path, data=data, follow_redirects=False).status_code == 403
    assert pinned(seeded) == [a, b]


def test_pins_are_ordered_moved_and_removed(client, csrf, seeded):
    a, b, c = published(seeded, 3)
    for faq_id in (a, b, c):
        post(client, csrf, PAGE, faq_id=faq_id)
    assert pinned(seeded) == [a, b, c]
    assert post(client, csrf, f"{PAGE}/move", faq_id=c, direction="up").headers["location"] == f"{PAGE}?msg=moved"
    assert pinned(seeded) == [a, c, b]
    post(client, csrf, f"{PAGE}/move", faq_id=a, direction="down")
    assert pinned(seeded) == [c, a, b]
    post(client, csrf, f"{PAGE}/move", faq_id=c, direction="up")  # already first: nothing moves
    post(client, csrf, f"{PAGE}/move", faq_id=b, direction="down")  # already last
    assert pinned(seeded) == [c, a, b]
    page = client.get(PAGE).text
    assert page.index(f'data-faq-id="{c}"') < page.index(f'data-faq-id="{a}"') < page.index(f'data-faq-id="{b}"')
    assert post(client, csrf, f"{PAGE}/remove", faq_id=a).headers["location"] == f"{PAGE}?msg=removed"
    assert pinned(seeded) == [c, b]
    post(client, csrf, PAGE, faq_id=c)  # pinned twice: stays where it is
    assert pinned(seeded) == [c, b]


@pytest.mark.parametrize(
    ("path", "data", "error"),
    [
        (PAGE, {"faq_id": "khong-co-muc-nay"}, "unknown"),
        (PAGE, {"faq_id": ""}, "unknown"),
        (PAGE, {"faq_id": "x" * 5000}, "unknown"),
        (PAGE, {"faq_id": "ho-chieu\x00"}, "unknown"),  # PostgreSQL would refuse the NUL with an error
        (PAGE, {"faq_id": "<b>hộ chiếu</b>"}, "unknown"),
        (PAGE, {}, "unknown"),
        (f"{PAGE}/move", {"faq_id": "khong-ghim", "direction": "up"}, "move"),
        (f"{PAGE}/move", {"direction": "len"}, "move"),
        (f"{PAGE}/move", {}, "move"),
    ],
)
def test_bad_input_is_refused_not_a_server_error(client, csrf, seeded, path, data, error):
    a = published(seeded, 1)[0]
    post(client, csrf, PAGE, faq_id=a)
    if path.endswith("move") and data.get("faq_id") is None and data:
        data["faq_id"] = a  # a real pin, a direction that is none
    assert post(client, csrf, path, **data).headers["location"] == f"{PAGE}?error={error}"
    assert pinned(seeded) == [a]
    assert post(client, csrf, f"{PAGE}/remove").status_code == 303  # nothing to remove: nothing removed
    assert pinned(seeded) == [a]


def test_at_most_six_pins(client, csrf, seeded):
    ids = published(seeded, MAX_PINNED + 1)
    for faq_id in ids[:MAX_PINNED]:
        assert post(client, csrf, PAGE, faq_id=faq_id).headers["location"] == f"{PAGE}?msg=pinned"
    assert post(client, csrf, PAGE, faq_id=ids[-1]).headers["location"] == f"{PAGE}?error=full"
    assert pinned(seeded) == ids[:MAX_PINNED]
    page = client.get(PAGE).text
    assert 'data-testid="pins-full"' in page and 'name="faq_id" data-testid="pin-choice"' not in page
    assert widget(client) == ids[:MAX_PINNED]  # all six staff chose, more than the usual four


def test_the_setting_is_the_default_until_staff_pin(client, csrf, seeded):
    page = client.get(PAGE).text
    assert "WIDGET_PINNED_TOPICS" in page and 'data-testid="pins-default"' in page
    assert "«khong-co-muc-nay» — <strong>không tìm thấy, khung chat bỏ qua</strong>" in page
    assert widget(client)[0] == DEFAULT
    a, b = published(seeded, 2)
    post(client, csrf, PAGE, faq_id=b)
    post(client, csrf, PAGE, faq_id=a)
    assert widget(client)[:2] == [b, a]  # at once, not after the minute the endpoint keeps its answer
    assert DEFAULT not in widget(client)[:2]
    assert 'data-testid="pins-default"' not in client.get(PAGE).text
    post(client, csrf, f"{PAGE}/move", faq_id=a, direction="up")
    assert widget(client)[:2] == [a, b]
    post(client, csrf, f"{PAGE}/remove", faq_id=a)
    post(client, csrf, f"{PAGE}/remove", faq_id=b)
    assert widget(client)[0] == DEFAULT  # nothing pinned any more: the setting again


def test_a_pin_whose_entry_is_deleted_or_unpublished_is_skipped_and_flagged(client, csrf, seeded):
    a, b, c = published(seeded, 3)
    for faq_id in (a, b, c):
        post(client, csrf, PAGE, faq_id=faq_id)
    with sessions(seeded)() as session:
        session.execute(delete(Question).where(Question.entry_id == a))
        session.execute(delete(Entry).where(Entry.id == a))
        session.get(Entry, b).status = "draft"
        session.commit()
    client.app.state.widget_topics.forget()  # the endpoint's minute of memory: the editor did not make this change
    shown = widget(client)
    assert shown[0] == c and a not in shown and b not in shown
    page = client.get(PAGE).text
    assert page.count('data-testid="pin-flag"') == 2
    assert f"Không tìm thấy câu hỏi «{a}»" in page
    assert "đang là bản nháp" in page
    post(client, csrf, f"{PAGE}/remove", faq_id=a)  # a flagged pin goes like any other
    assert pinned(seeded) == [b, c]


def test_titles_are_escaped(client, csrf, seeded):
    a = published(seeded, 1)[0]
    with sessions(seeded)() as session:
        session.get(Entry, a).title = '<script>alert("x")</script> Đăng ký'
        session.commit()
    post(client, csrf, PAGE, faq_id=a)
    page = client.get(PAGE).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Đăng ký" in page


def test_a_pin_made_at_the_same_moment_by_someone_else_is_a_conflict_not_a_server_error(client, csrf, seeded, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from bot.channels.web import pins

    a, b = published(seeded, 2)
    post(client, csrf, PAGE, faq_id=a)

    def pinned_meanwhile(session, faq_ids, by):  # the other member of staff's insert won the race
        raise IntegrityError("INSERT INTO widget_pinned_topics", {}, Exception("duplicate key"))

    monkeypatch.setattr(pins, "replace", pinned_meanwhile)
    response = post(client, csrf, PAGE, faq_id=b)
    assert response.status_code == 303 and response.headers["location"] == f"{PAGE}?error=conflict"
    assert pinned(seeded) == [a]
