"""«Thử hỏi bot» and the public GET /api/kb/search."""

from __future__ import annotations

import re

import pytest

FAQ = "vneid-quen-mat-khau"


def test_try_shows_the_top_matches_with_scores(client, csrf):
    page = client.get("/admin/try", params={"q": "quen mk vneid r lm sao"})
    assert page.status_code == 200
    assert '<code data-testid="normalised">quen mat khau vneid roi lam sao</code>' in page.text
    assert len(re.findall('data-testid="try-hit"', page.text)) == 5
    first = page.text.split('data-testid="try-hit"', 2)[1]
    assert f'href="/admin/faqs/{FAQ}"' in first and "VNeID – định danh điện tử" in first
    scores = re.findall(r'data-testid="score">([0-9.]+)<', page.text)
    assert len(scores) == 5 and all(re.fullmatch(r"[01]\.\d{3}", s) for s in scores)
    assert float(scores[0]) >= float(scores[1])
    assert 'data-testid="decision"' in page.text  # answer, ask which one, or not known


def test_try_says_when_the_bot_would_not_know(client, csrf):
    page = client.get("/admin/try", params={"q": "zzqx wvvk"})
    assert "Bot chưa trả lời được" in page.text


def test_try_without_a_question_shows_the_form(client, csrf):
    page = client.get("/admin/try")
    assert page.status_code == 200 and 'name="q"' in page.text and "try-hit" not in page.text


def test_search_answers_the_contract(client, seeded):
    response = client.get("/api/kb/search", params={"q": "quên mật khẩu vneid", "k": 3})
    assert response.status_code == 200
    hits = response.json()
    assert len(hits) == 3
    assert all(set(hit) == {"id", "title", "score", "category"} for hit in hits)
    assert hits[0] == {"id": FAQ, "title": "Quên mật khẩu hoặc passcode VNeID", "score": hits[0]["score"], "category": "vneid"}
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert len(client.get("/api/kb/search", params={"q": "vneid"}).json()) == 5  # k defaults to 5


def test_search_needs_no_login(client, seeded):
    assert "tlsp_session" not in client.cookies
    assert client.get("/api/kb/search", params={"q": "tạm trú"}).status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "cần gửi câu hỏi trong tham số q"),
        ({"q": "   "}, "cần gửi câu hỏi trong tham số q"),
        ({"q": "a" * 501}, "dài quá 500 ký tự"),
        ({"q": "vneid", "k": "0"}, "k phải là số nguyên từ 1 đến 20"),
        ({"q": "vneid", "k": "21"}, "k phải là số nguyên từ 1 đến 20"),
        ({"q": "vneid", "k": "ba"}, "k phải là số nguyên từ 1 đến 20"),
        ({"q": "vneid", "k": "-1"}, "k phải là số nguyên từ 1 đến 20"),
    ],
)
def test_search_rejects_bad_input_in_vietnamese(client, seeded, params, message):
    response = client.get("/api/kb/search", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_request" and message in body["message"]


def test_search_is_rate_limited_per_client(client, seeded):
    statuses = [client.get("/api/kb/search").status_code for _ in range(25)]  # cheap requests, same client
    assert statuses[0] == 422 and 429 in statuses
    limited = client.get("/api/kb/search", params={"q": "vneid"})
    assert limited.status_code == 429 and "gửi nhanh quá" in limited.json()["message"]
    # another address is not affected
    assert client.app.state.kb_search_limiter.allow("kb:10.0.0.9")


def test_drafts_are_not_found(client, csrf, seeded):
    from tests.bot.admin.helpers import entry, form_of

    client.post(f"/admin/faqs/{FAQ}", data={**form_of(entry(seeded, FAQ), action="unpublish"), "csrf_token": csrf})
    ids = [h["id"] for h in client.get("/api/kb/search", params={"q": "quên mật khẩu vneid", "k": 20}).json()]
    assert FAQ not in ids


@pytest.mark.parametrize("k", ["²", "١", "２", "99999999999999999999999", "+3", "1_0", "3.0"])
def test_search_reads_k_as_ascii_digits_only(client, seeded, k):
    # "²".isdigit() is true and int("²") raises: this was a 500 (issue 17)
    response = client.get("/api/kb/search", params={"q": "vneid", "k": k})
    assert response.status_code == 422 and "k phải là số nguyên" in response.json()["message"]
