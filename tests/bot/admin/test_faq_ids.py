"""A new FAQ's id comes from its title: Vietnamese folded to an ASCII slug, unique, editable before saving."""

from __future__ import annotations

import pytest

from bot.admin.faq_ids import settle, slugify, unique_id
from knowledge.models import Entry
from knowledge.rules import ID_RE
from tests.bot.admin.test_faqs import NEW, post
from tests.bot.auth.helpers import sessions


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Quên mật khẩu hoặc passcode VNeID", "quen-mat-khau-hoac-passcode-vneid"),
        ("Đăng ký tạm trú cho người thuê nhà?", "dang-ky-tam-tru-cho-nguoi-thue-nha"),
        ("  Ứng dụng   ĐIỆN thoại — Zalo/Ví điện tử ", "ung-dung-dien-thoai-zalo-vi-dien-tu"),
        ("Thuế TNCN 2025", "thue-tncn-2025"),
        ("Ví", "cau-hoi-vi"),  # ID_RE wants 3 characters at least
        ("???", "cau-hoi"),
    ],
)
def test_titles_fold_to_ascii_slugs(title, slug):
    assert slugify(title) == slug and ID_RE.fullmatch(slug)


def test_long_titles_are_cut_at_a_word():
    slug = slugify("Hướng dẫn " * 30)
    assert len(slug) <= 60 and not slug.endswith("-") and slug.endswith("dan") and ID_RE.fullmatch(slug)


def test_ids_are_unique_and_typed_ids_are_kept(seeded):
    with sessions(seeded)() as session:
        assert session.get(Entry, "vneid-quen-mat-khau") is not None
        assert unique_id(session, "vneid-quen-mat-khau") == "vneid-quen-mat-khau-2"
        assert unique_id(session, "mot-ma-moi") == "mot-ma-moi"
        assert settle(session, "", "Gửi xe đạp ở phường") == "gui-xe-dap-o-phuong"
        assert settle(session, "ma-rieng-cua-toi", "Gửi xe đạp ở phường") == "ma-rieng-cua-toi"
        # an id staff chose themselves is theirs: the form then says it is taken
        assert settle(session, "vneid-quen-mat-khau", "Khác hẳn") == "vneid-quen-mat-khau"


def test_new_faqs_get_their_id_from_the_title(client, csrf, seeded):
    data = {**NEW, "entry_id": ""}
    first = post(client, "/admin/faqs/new", csrf, data)
    assert first.headers["location"] == "/admin/faqs/gui-xe-dap-o-tru-so-phuong?msg=created"
    # the same title again: blank, or the suggestion admin.js filled in, both get a free id
    second = post(client, "/admin/faqs/new", csrf, data)
    assert second.headers["location"] == "/admin/faqs/gui-xe-dap-o-tru-so-phuong-2?msg=created"
    third = post(client, "/admin/faqs/new", csrf, {**data, "entry_id": "gui-xe-dap-o-tru-so-phuong"})
    assert third.headers["location"] == "/admin/faqs/gui-xe-dap-o-tru-so-phuong-3?msg=created"


def test_the_id_is_shown_and_editable_before_saving(client, csrf, seeded):
    page = client.get("/admin/faqs/new").text
    assert 'name="entry_id"' in page and 'data-slug-from="title"' in page
    assert 'name="entry_id" value="" required' not in page  # no longer typed by hand
    preview = post(client, "/admin/faqs/new", csrf, {**NEW, "entry_id": "", "action": "preview"})
    assert preview.status_code == 200 and 'value="gui-xe-dap-o-tru-so-phuong"' in preview.text
