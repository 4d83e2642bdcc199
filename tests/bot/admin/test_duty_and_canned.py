"""Staff edit the duty schedule and the canned replies."""

from __future__ import annotations

from sqlalchemy import select

from bot.handoff.models import CannedReply, Holiday, Shift
from tests.bot.auth.helpers import sessions


def post(client, csrf, path, data):
    return client.post(path, data={"csrf_token": csrf, **data}, follow_redirects=False)


def test_shifts_and_holidays(client, csrf, seeded):
    page = client.get("/admin/duty")
    assert page.status_code == 200 and "Thứ Bảy" in page.text  # the migration's starting schedule
    assert (
        post(client, csrf, "/admin/duty/shifts", {"weekday": "6", "starts": "08:00", "ends": "10:00"})
        .headers["location"]
        .endswith("msg=saved")
    )
    for bad in (
        {"weekday": "7", "starts": "08:00", "ends": "10:00"},
        {"weekday": "6", "starts": "10:00", "ends": "08:00"},
        {"weekday": "x", "starts": "8h", "ends": "10:00"},
    ):
        assert post(client, csrf, "/admin/duty/shifts", bad).headers["location"].endswith("error=shift")
    assert (
        post(client, csrf, "/admin/duty/holidays", {"day": "2027-02-06", "label": "Tết"})
        .headers["location"]
        .endswith("msg=saved")
    )
    assert (
        post(client, csrf, "/admin/duty/holidays", {"day": "06/02/2027", "label": "Tết"})
        .headers["location"]
        .endswith("error=holiday")
    )
    with sessions(seeded)() as session:
        assert session.scalar(select(Shift).where(Shift.weekday == 6)).starts == "08:00"
        assert session.get(Holiday, __import__("datetime").date(2027, 2, 6)).label == "Tết"
    assert post(client, csrf, "/admin/duty/holidays/2027-02-06/delete", {}).status_code == 303
    with sessions(seeded)() as session:
        assert session.scalars(select(Holiday)).all() == []


def test_canned_replies(client, csrf, seeded):
    assert "/chao" in client.get("/admin/canned").text or "chao" in client.get("/admin/canned").text
    assert (
        post(client, csrf, "/admin/canned", {"shortcut": "giolam", "text": "Phường làm việc {ward_hours}"})
        .headers["location"]
        .endswith("msg=saved")
    )
    assert post(client, csrf, "/admin/canned", {"shortcut": "giolam", "text": "khác"}).headers["location"].endswith("error=taken")
    assert (
        post(client, csrf, "/admin/canned", {"shortcut": "Giờ Làm", "text": "x"}).headers["location"].endswith("error=shortcut")
    )
    assert post(client, csrf, "/admin/canned", {"shortcut": "rong", "text": "  "}).headers["location"].endswith("error=text")
    with sessions(seeded)() as session:
        row = session.scalar(select(CannedReply).where(CannedReply.shortcut == "giolam"))
    assert post(client, csrf, "/admin/canned", {"reply_id": str(row.id), "shortcut": "giolam", "text": "mới"}).status_code == 303
    assert post(client, csrf, f"/admin/canned/{row.id}/delete", {}).status_code == 303
    with sessions(seeded)() as session:
        assert session.scalar(select(CannedReply).where(CannedReply.shortcut == "giolam")) is None


def test_canned_replies_reach_the_console(client, csrf, seeded):
    from tests.bot.auth.helpers import add_user, login

    add_user(seeded, "vol", "volunteer")
    client.cookies.clear()
    login(client, "vol")
    shortcuts = [c["shortcut"] for c in client.get("/console/api/canned").json()]
    assert {"chao", "cho", "motcua", "ketthuc"} <= set(shortcuts)


HUGE = str(2**64)  # past SQLite's INTEGER: reached SQL unchecked and was a 500 (issue 17)


def test_huge_or_non_ascii_ids_are_refused_not_a_server_error(client, csrf, seeded):
    for path in (f"/admin/canned/{HUGE}/delete", f"/admin/duty/shifts/{HUGE}/delete", "/admin/canned/²/delete"):
        response = post(client, csrf, path, {})
        assert response.status_code == 422 and response.json()["error"] == "invalid_request", path
    for reply_id in (HUGE, "²"):  # not an id: a new reply is made, as for an empty field
        saved = post(client, csrf, "/admin/canned", {"reply_id": reply_id, "shortcut": f"moi{len(reply_id)}", "text": "x"})
        assert saved.headers["location"].endswith("msg=saved")
    for weekday in ("²", "٣", "+3", HUGE):
        refused = post(client, csrf, "/admin/duty/shifts", {"weekday": weekday, "starts": "08:00", "ends": "10:00"})
        assert refused.headers["location"].endswith("error=shift"), weekday


def test_shifts_to_midnight_and_all_day(client, csrf, seeded):
    """A time picker stops at 23:59: «đến hết ngày» and «Cả ngày» save 24:00, and a typed 23:59 means midnight."""
    for form in (
        {"weekday": "6", "starts": "18:00", "ends": "", "to_midnight": "1"},
        {"weekday": "5", "starts": "", "ends": "", "all_day": "1"},
        {"weekday": "4", "starts": "20:00", "ends": "23:59"},
        {"weekday": "3", "starts": "20:00", "ends": "24:00"},
    ):
        assert post(client, csrf, "/admin/duty/shifts", form).headers["location"].endswith("msg=saved")
    with sessions(seeded)() as session:
        saved = {(s.weekday, s.starts, s.ends) for s in session.scalars(select(Shift).where(Shift.weekday >= 3))}
    assert {(6, "18:00", "24:00"), (5, "00:00", "24:00"), (4, "20:00", "24:00"), (3, "20:00", "24:00")} <= saved
    page = client.get("/admin/duty").text
    assert "Cả ngày (00:00–24:00)" in page and 'name="all_day"' in page and 'name="to_midnight"' in page


def test_delete_buttons_are_not_the_top_bars_white_style(client, csrf, seeded):
    """The «Xóa» buttons were .link-button, white text for the blue bar, on a white table."""
    page = client.get("/admin/duty").text
    assert 'class="button danger">Xóa</button>' in page and 'class="link-button">Xóa' not in page
