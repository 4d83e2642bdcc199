"""/admin/ward: the facts staff set are what the gateway fills into replies (and shows on /)."""

from __future__ import annotations

import html

from sqlalchemy import select

from bot.ward.facts import FACT_KEYS, FactsProvider, load_facts
from bot.ward.models import WardFact
from tests.bot.auth.helpers import sessions

HOURS = "Sáng thứ Hai đến thứ Sáu 7:00–11:00 <b>(mới)</b>"


def save(client, csrf, **values):
    return client.post("/admin/ward", data={"csrf_token": csrf, **values}, follow_redirects=False)


def current_form(client) -> dict[str, str]:
    page = client.get("/admin/ward").text
    return {
        key: html.unescape(page.split(f'name="{key}"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]) for key in FACT_KEYS
    }


def test_page_shows_the_defaults_when_nothing_is_stored(client, csrf, settings):
    form = current_form(client)
    assert form == {key: getattr(settings, key) for key in FACT_KEYS}
    assert client.get("/admin/ward").text.count("Đang dùng giá trị cấu hình của máy chủ.") == len(FACT_KEYS)


def test_saved_facts_fill_the_next_reply(client, csrf, rasa, seeded):
    rasa.script["giờ làm việc"] = {
        "messages": [{"recipient_id": "x", "text": "Phường làm việc {ward_hours}. Gọi {ward_hotline}."}],
        "intent": "ask_question",
        "confidence": 1,
    }
    form = current_form(client)
    response = save(client, csrf, **{**form, "ward_hours": HOURS, "ward_hotline": "028 1234 5678"})
    assert response.status_code == 303 and response.headers["location"] == "/admin/ward?msg=saved"
    [reply] = client.post("/api/chat", json={"sender": "u1", "message": "giờ làm việc"}).json()
    assert reply["text"] == f"Phường làm việc {HOURS}. Gọi 028 1234 5678."
    with sessions(seeded)() as session:
        rows = {row.key: (row.value, row.updated_by) for row in session.scalars(select(WardFact))}
    assert rows == {"ward_hours": (HOURS, "lan"), "ward_hotline": ("028 1234 5678", "lan")}  # defaults not copied
    page = client.get("/admin/ward").text
    assert "&lt;b&gt;(mới)&lt;/b&gt;" in page and "<b>(mới)</b>" not in page


def test_the_demo_page_shows_the_stored_facts(client, csrf):
    save(client, csrf, **{**current_form(client), "ward_name": "Phường Sài Gòn", "ward_address": "số 1 <i>Lê Lợi</i>"})
    home = client.get("/").text
    assert "Phường Sài Gòn" in home and "số 1 &lt;i&gt;Lê Lợi&lt;/i&gt;" in home


def test_an_empty_box_goes_back_to_the_default(client, csrf, rasa, settings):
    save(client, csrf, **{**current_form(client), "ward_hours": HOURS})
    save(client, csrf, **{**current_form(client), "ward_hours": "   "})
    rasa.script["giờ"] = {"messages": [{"recipient_id": "x", "text": "{ward_hours}"}], "intent": "ask_question", "confidence": 1}
    [reply] = client.post("/api/chat", json={"sender": "u2", "message": "giờ"}).json()
    assert reply["text"] == settings.ward_hours


def test_too_long_values_are_refused(client, csrf):
    response = save(client, csrf, **{**current_form(client), "ward_name": "x" * 1001})
    assert response.status_code == 422 and "Tối đa 1000 ký tự." in response.text
    assert current_form(client)["ward_name"] != "x" * 1001


def test_provider_caches_and_can_be_told_to_reread(seeded, settings):
    now = [0.0]
    provider = FactsProvider(sessions(seeded), settings, ttl_s=2.0, clock=lambda: now[0])
    assert provider()["ward_name"] == settings.ward_name
    with sessions(seeded)() as session:
        session.add(WardFact(key="ward_name", value="Phường Mới", updated_by="t"))
        session.commit()
    assert provider()["ward_name"] == settings.ward_name  # cached
    now[0] = 2.5
    assert provider()["ward_name"] == "Phường Mới"
    with sessions(seeded)() as session:
        assert load_facts(session, settings)["ward_name"] == "Phường Mới"
        session.get(WardFact, "ward_name").value = "Phường Khác"
        session.commit()
    provider.invalidate()
    assert provider()["ward_name"] == "Phường Khác"


def test_a_hotline_that_is_not_a_number_is_refused_and_nothing_saved(client, csrf, seeded):
    response = save(client, csrf, **{**current_form(client), "ward_hotline": "gọi bảo vệ"})
    assert response.status_code == 422 and "số điện thoại" in response.text
    with sessions(seeded)() as session:
        assert session.scalar(select(WardFact).where(WardFact.key == "ward_hotline")) is None


def test_unset_facts_give_a_natural_sentence_and_a_checklist_on_the_admin_home(database_url, rasa):
    from fastapi.testclient import TestClient

    from bot.app import create_app
    from bot.settings import Settings
    from bot.ward.facts import UNSET_LINE
    from tests.bot.auth.helpers import add_user, logged_in
    from tests.support.loopback import LOCAL_CALLER

    settings = Settings(
        _env_file=None,
        database_url=database_url,
        rasa_url=rasa.url,
        action_server_url=rasa.url,
        rasa_timeout_s=3.0,
        chat_rate_per_minute=600,
        handoff_always_open=True,
    )
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        rasa.script["giờ"] = {
            "messages": [{"recipient_id": "x", "text": "Bác mở VNeID.\nBác gọi phường qua số {ward_hotline}."}],
            "intent": "ask_question",
            "confidence": 1,
        }
        [reply] = client.post("/api/chat", json={"sender": "u3", "message": "giờ"}).json()
        assert reply["text"] == f"Bác mở VNeID.\n{UNSET_LINE}"
        add_user(database_url, "binh", "staff")
        logged_in(client, "binh")
        home = client.get("/admin").text
        assert 'data-testid="setup-checklist"' in home and "Đường dây nóng" in home
        assert client.get("/admin/ward").text.count('data-testid="fact-unset"') == len(FACT_KEYS)
