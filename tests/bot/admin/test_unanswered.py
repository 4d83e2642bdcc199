"""/admin/unanswered: fallback and 👎 questions, grouped; turned into phrasings, new FAQ, or put aside."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from bot.conversations.models import Conversation, Message
from bot.feedback.models import Feedback
from tests.bot.admin.helpers import entry, handled, search_ids
from tests.bot.auth.helpers import sessions

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
FALLBACK = {"source": "fallback", "intent": "ask_question", "confidence": 0.4, "handoff": False, "mode": "bot"}


def chat(
    database_url: str, external_id: str, question: str, reply_meta: dict, minutes: int = 0, thumbs: int | None = None
) -> int:
    """One resident question and the bot's reply; returns the question's message id."""
    with sessions(database_url)() as session:
        conversation = Conversation(channel="web", external_id=external_id, mode="bot", last_seq=2)
        session.add(conversation)
        session.flush()
        at = T0 + timedelta(minutes=minutes)
        inbound = Message(
            conversation_id=conversation.id, seq=1, direction="in", text=question, meta={}, status="answered", created_at=at
        )
        reply = Message(
            conversation_id=conversation.id,
            seq=2,
            direction="out",
            text="…",
            meta=reply_meta,
            status="delivered",
            reply_to=1,
            created_at=at,
        )
        session.add_all([inbound, reply])
        session.flush()
        if thumbs is not None:
            session.add(
                Feedback(conversation_id=conversation.id, message_id=reply.id, value=thumbs, faq_id=reply_meta.get("faq_id"))
            )
        session.commit()
        return inbound.id


@pytest.fixture
def questions(seeded) -> dict[str, int]:
    ids = {
        "chó 1": chat(seeded, "a", "đăng ký nuôi chó ở đâu vậy", FALLBACK, 1),
        "chó 2": chat(seeded, "b", "dang ky nuoi cho o dau", {**FALLBACK, "intent": "nlu_fallback"}, 2),
        "chó 3": chat(seeded, "c", "Đăng ký nuôi chó ở đâu ạ", FALLBACK, 30),
        "xe buýt": chat(seeded, "d", "giá vé xe buýt bao nhiêu", FALLBACK, 3),
        "👎": chat(
            seeded,
            "e",
            "quên mật khẩu vneid làm lại sao",
            {"source": "faq", "intent": "ask_question", "faq_id": "vneid-quen-mat-khau", "faq_score": 0.7},
            4,
            thumbs=-1,
        ),
        "👍": chat(
            seeded,
            "f",
            "đăng ký tạm trú online",
            {"source": "faq", "intent": "ask_question", "faq_id": "cu-tru-dang-ky-tam-tru-truc-tuyen"},
            5,
            thumbs=1,
        ),
        "chào": chat(seeded, "g", "xin chào", {"source": "dialogue", "intent": "greet"}, 6),
        "fallback khác": chat(seeded, "h", "hôm nay trời mưa không", {**FALLBACK, "intent": "out_of_scope"}, 7),
        "script": chat(seeded, "i", '<script>alert("x")</script> hỏi thủ tục', FALLBACK, 8),
    }
    return ids


def groups(page: str) -> list[tuple[int, str]]:
    """(count, heading) of each group, in page order."""
    return [
        (int(count), heading)
        for heading, count in re.findall(
            r'<h2>«(.*?)»</h2>\s*<p class="muted small"><strong data-testid="group-count">(\d+)</strong>', page, re.S
        )
    ]


def ids_of(page: str, heading: str) -> str:
    section = page.split(f"<h2>«{heading}»</h2>", 1)[1]
    return re.search(r'name="message_ids" value="([\d,]+)"', section).group(1)


def test_unanswered_questions_are_grouped_most_frequent_first(client, csrf, questions):
    page = client.get("/admin/unanswered")
    assert page.status_code == 200
    found = groups(page.text)
    assert found[0] == (3, "Đăng ký nuôi chó ở đâu ạ")  # the newest spelling of the commonest wording
    headings = [h for _, h in found]
    assert "giá vé xe buýt bao nhiêu" in headings
    assert "quên mật khẩu vneid làm lại sao" in headings  # 👎 on an FAQ answer
    for absent in ("đăng ký tạm trú online", "xin chào", "hôm nay trời mưa không"):
        assert absent not in page.text
    assert sum(count for count, _ in found) == 6
    assert "1 lần bấm 👎" in page.text and 'href="/admin/faqs/vneid-quen-mat-khau"' in page.text
    assert "23/11/2026" not in page.text and "20/11/2026 16:30" in page.text  # last date, Việt Nam time
    assert ids_of(page.text, "Đăng ký nuôi chó ở đâu ạ") == ",".join(str(questions[k]) for k in ("chó 1", "chó 2", "chó 3"))


def test_message_texts_are_escaped(client, csrf, questions):
    page = client.get("/admin/unanswered").text
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; hỏi thủ tục" in page


def test_add_as_phrasing_of_an_existing_entry(client, csrf, seeded, questions):
    target = "phuong-gio-lam-viec" if entry(seeded, "phuong-gio-lam-viec") else "cu-tru-dang-ky-tam-tru-truc-tuyen"
    assert search_ids(client, "Đăng ký nuôi chó ở đâu ạ")[0] != target
    page = client.get("/admin/unanswered").text
    message_ids = ids_of(page, "Đăng ký nuôi chó ở đâu ạ")
    response = client.post(
        "/admin/unanswered/phrasing",
        data={"csrf_token": csrf, "message_ids": message_ids, "entry_id": target, "text": "Đăng ký nuôi chó ở đâu ạ"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/admin/unanswered?msg=phrasing"
    assert "Đăng ký nuôi chó ở đâu ạ" in [q.text for q in entry(seeded, target).questions]
    assert handled(seeded) == {questions[k]: "phrasing" for k in ("chó 1", "chó 2", "chó 3")}
    after = client.get(response.headers["location"]).text
    assert "Đã thêm cách hỏi" in after
    assert [h for _, h in groups(after) if "nuôi chó" in h.lower()] == []
    assert search_ids(client, "Đăng ký nuôi chó ở đâu ạ")[0] == target  # live at once


def test_phrasing_needs_a_known_entry_and_a_text(client, csrf, seeded, questions):
    ids = str(questions["xe buýt"])
    bad_entry = client.post(
        "/admin/unanswered/phrasing", data={"csrf_token": csrf, "message_ids": ids, "entry_id": "khong-co", "text": "x"}
    )
    assert "Chọn câu hỏi có sẵn" in bad_entry.text
    empty = client.post(
        "/admin/unanswered/phrasing",
        data={"csrf_token": csrf, "message_ids": ids, "entry_id": "vneid-quen-mat-khau", "text": "  "},
    )
    assert "Cách hỏi không được để trống" in empty.text
    assert handled(seeded) == {}


def test_new_faq_form_reads_only_messages_on_the_unanswered_list(client, csrf, seeded, questions):
    answered = chat(seeded, "rieng-tu", "chồng bác nằm viện Chợ Rẫy, làm lại thẻ ở đâu", {"source": "faq", "faq_id": "cccd"}, 5)
    form = client.get(f"/admin/faqs/new?from={answered},{questions['xe buýt']},{answered + 1}").text
    assert "Chợ Rẫy" not in form  # a message the bot answered is nobody's business in the editor
    assert "giá vé xe buýt bao nhiêu" in form
    assert re.search(r'name="from_messages" value="([\d,]*)"', form).group(1) == str(questions["xe buýt"])
    alone = client.get(f"/admin/faqs/new?from={answered}").text
    assert "Chợ Rẫy" not in alone and 'name="from_messages" value=""' in alone


def test_new_faq_from_a_group(client, csrf, seeded, questions):
    page = client.get("/admin/unanswered").text
    link = re.search(
        r'href="(/admin/faqs/new\?from=[\d,]+)">Tạo câu hỏi mới từ đây', page.split("<h2>«Đăng ký nuôi chó ở đâu ạ»</h2>", 1)[1]
    ).group(1)
    form = client.get(link).text
    phrasings = re.search(r'<textarea id="questions"[^>]*>(.*?)</textarea>', form, re.S).group(1).split("\n")
    assert phrasings[0] == "Đăng ký nuôi chó ở đâu ạ" and "đăng ký nuôi chó ở đâu vậy" in phrasings
    from_messages = re.search(r'name="from_messages" value="([\d,]+)"', form).group(1)
    response = client.post(
        "/admin/faqs/new",
        data={
            "csrf_token": csrf,
            "entry_id": "phuong-dang-ky-nuoi-cho",
            "category_id": "phuong",
            "title": "Đăng ký nuôi chó",
            "questions": "\n".join(phrasings),
            "answer": "Dạ, Bác đến {ward_address} để đăng ký ạ.",
            "from_messages": from_messages,
            "action": "publish",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert handled(seeded) == {questions[k]: "new_faq" for k in ("chó 1", "chó 2", "chó 3")}
    assert [h for _, h in groups(client.get("/admin/unanswered").text) if "nuôi chó" in h.lower()] == []
    assert search_ids(client, "dang ky nuoi cho")[0] == "phuong-dang-ky-nuoi-cho"


def test_dismiss_a_group(client, csrf, seeded, questions):
    response = client.post(
        "/admin/unanswered/dismiss", data={"csrf_token": csrf, "message_ids": str(questions["xe buýt"])}, follow_redirects=False
    )
    assert response.headers["location"] == "/admin/unanswered?msg=dismissed"
    assert handled(seeded) == {questions["xe buýt"]: "dismissed"}
    assert "xe buýt" not in client.get("/admin/unanswered").text
    again = client.post(
        "/admin/unanswered/dismiss", data={"csrf_token": csrf, "message_ids": str(questions["xe buýt"])}, follow_redirects=False
    )
    assert again.headers["location"] == "/admin/unanswered?msg=stale"


def test_outbound_or_unknown_ids_are_never_marked(client, csrf, seeded, questions):
    client.post("/admin/unanswered/dismiss", data={"csrf_token": csrf, "message_ids": f"{questions['xe buýt'] + 1},999999,abc"})
    assert handled(seeded) == {}


def test_nothing_to_do(client, csrf):
    assert 'data-testid="unanswered-empty"' in client.get("/admin/unanswered").text


def test_ids_that_are_not_ascii_numbers_are_ignored(client, csrf, seeded, questions):
    response = client.post(
        "/admin/unanswered/dismiss",
        data={"csrf_token": csrf, "message_ids": f"²,{2**64},{questions['xe buýt']}"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/admin/unanswered?msg=dismissed"  # «²» was a 500 (issue 17)
    assert handled(seeded) == {questions["xe buýt"]: "dismissed"}
