"""The seed FAQ content: complete, well-formed entries that residents can find, written by SCHEMA.md's rules."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from knowledge import content_check, store
from knowledge.entries import CONTENT_DIR, Faq, Link, Rule, load_content
from knowledge.rules import check_entry
from nlu.normalize import has_diacritics, uses_teencode

ENTRIES = load_content()
BY_ID = {e.id: e for e in ENTRIES}
ROOT = Path(__file__).resolve().parents[2]


def test_ids_are_unique_and_no_phrasing_belongs_to_two_entries():
    assert content_check.duplicate_ids(ENTRIES) == []
    assert content_check.shared_phrasings(ENTRIES) == []


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_seed_entry_passes_the_editors_and_the_imports_rules(entry):
    assert check_entry({**store.faq_data(entry), "id": entry.id}) == []


def test_each_file_is_one_category_named_like_the_file():
    for path in CONTENT_DIR.glob("*.yml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["category"] == path.stem


@pytest.mark.parametrize("check", sorted(content_check.CHECKS), ids=str)
def test_every_entry_keeps_the_writing_rules(check):
    broken = {e.id: content_check.CHECKS[check](e) for e in ENTRIES}
    assert {entry_id: problems for entry_id, problems in broken.items() if problems} == {}


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_entry_is_findable_by_how_residents_type(entry):
    assert any(not has_diacritics(q) for q in entry.questions), "one phrasing without diacritics"
    assert any(uses_teencode(q) for q in entry.questions), "one phrasing in chat shorthand"


def test_at_least_240_entries_and_the_gaps_residents_ask_about():
    assert len(ENTRIES) >= 240
    categories = {e.category for e in ENTRIES}
    assert {"phan-anh", "giao-thong", "chung-thuc", "dat-dai-xay-dung", "ho-kinh-doanh", "giao-duc", "vien-thong"} <= categories
    for entry_id in (
        "bhxh-bhyt-rut-bhxh-mot-lan",
        "vneid-sua-thong-tin-sai",
        "vneid-so-suc-khoe-dien-tu",
        "giao-thong-phat-nguoi-tra-cuu",
        "giao-thong-mua-xe-cu-sang-ten",
        "dat-dai-xay-dung-cap-so-lan-dau",
        "vien-thong-kiem-tra-sim-chinh-chu",
        "phan-anh-den-duong-hu",
        "an-sinh-xa-hoi-tro-cap-huu-tri-xa-hoi",
    ):
        assert entry_id in BY_ID


def test_the_corrected_facts():
    record = BY_ID["dich-vu-cong-ly-lich-tu-phap"].full_text()
    assert "Công an" in record and "Sở Tư pháp cấp" not in record
    fee = BY_ID["ho-chieu-le-phi"]
    assert [(r.valid_from, r.valid_until) for r in fee.rules] == [("2025-07-01", "2026-12-31")]
    assert "100.000" in fee.full_text() and "200.000" in fee.full_text() and "31/12/2025" in fee.full_text()
    pension = BY_ID["an-sinh-xa-hoi-tro-cap-huu-tri-xa-hoi"].full_text()
    assert "75" in pension and "500.000" in pension
    assert "3 tháng" in BY_ID["an-sinh-xa-hoi-tro-cap-that-nghiep"].full_text()
    assert "15,5" in BY_ID["thue-etax-muc-giam-tru-gia-canh-2026"].full_text()


def test_most_entries_link_an_official_page():
    linked = sum(bool(e.links) for e in ENTRIES)
    assert linked >= 0.75 * len(ENTRIES)
    assert all(e.links or e.no_link for e in ENTRIES)


def test_dialogue_buttons_point_at_existing_entries():
    domain = (ROOT / "bot" / "dialogue" / "domain.yml").read_text(encoding="utf-8")
    referenced = re.findall(r'"faq_id":"([^"]+)"', domain)
    assert referenced and [r for r in referenced if r not in BY_ID] == []


# -- the checker itself catches what it is for --------------------------------------------------

GOOD = Faq(
    id="vneid-thu",
    category="vneid",
    category_title="VNeID",
    title="Thử",
    questions=("Làm sao?", "lam sao", "lm sao ad", "lam sao vay ta"),
    answer="Bác mở ứng dụng VNeID.\nBác có thể đến bộ phận một cửa tại {ward_address} ({ward_hours}) để được hướng dẫn.",
    links=(Link("Cổng", "https://dichvucong.gov.vn"),),
    source="Nghị định",
    last_reviewed="2026-12-04",
    steps=("Mở ứng dụng.", "Bấm «Đăng nhập»."),
)


def problems_of(**changes) -> list[str]:
    from dataclasses import replace

    return content_check.problems(replace(GOOD, **changes))


def test_a_good_entry_passes():
    assert content_check.problems(GOOD) == []


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"answer": "chữ " * 61}, "61 words"),
        ({"answer": "Dạ, Bác mở ứng dụng."}, "starts with «Dạ»"),
        ({"answer": "Làm thế này:\n1. Mở ứng dụng.\n2. Bấm nút."}, "numbered list"),
        ({"steps": ("1. Mở ứng dụng.",)}, "own number"),
        ({"steps": ("chữ " * 41,)}, "41 words"),
        ({"answer": "Bác/Anh/Chị mở ứng dụng."}, "another form of address"),
        ({"answer": "Bác mời đến phường."}, "another form of address"),
        ({"answer": "Gọi (số đường dây nóng do phường cập nhật)."}, "meant for staff"),
        ({"answer": "Mở ứng dụng (thông tin rà soát ngày 23/11/2026)."}, "meant for staff"),
        ({"answer": "Bác đến {ward_address}. Mang theo căn cước."}, "one sentence"),
        ({"answer": "Bác đến bộ phận một cửa phường tại Bộ phận một cửa, UBND phường."}, "twice in one line"),
        ({"answer": "Bác đến {ward_adress}."}, "unknown placeholder"),
        ({"source": ""}, "no source"),
        ({"links": (), "no_link": ""}, "no official link"),
        ({"last_reviewed": "2031-01-01"}, "not a real check date"),
        ({"last_reviewed": ""}, "not a date"),
        ({"rules": (Rule("Giảm phí", "2025-07-01", "2026-12-31"),)}, "does not say its period"),
        ({"rules": (Rule("Giảm phí", "2026-12-31", "2025-07-01"),), "answer": "Từ 2025 đến 2026."}, "ends before it starts"),
        ({"questions": ("Làm sao?", "Thế nào?", "Ở đâu?", "Khi nào?")}, "without diacritics"),
        ({"rules": (Rule("x" * 501, "2025-07-01"),), "answer": "Từ 01/7/2025."}, "nội dung tối đa 500 ký tự"),
        ({"answer": "chữ " * 81}, "tối đa 80"),
        ({"links": (Link("Cổng", "javascript:alert(1)"),)}, "phải bắt đầu bằng http://"),
        ({"source": "x" * 501}, "Nguồn tối đa 500 ký tự"),
        ({"id": "thu-vneid"}, "does not start with its category"),
    ],
)
def test_the_checker_catches_each_broken_rule(changes, expected):
    assert any(expected in problem for problem in problems_of(**changes)), problems_of(**changes)


def test_a_rule_is_expired_only_after_its_last_day():
    rule = Rule("Giảm phí", "2025-07-01", "2026-12-31")
    assert not rule.expired(date(2026, 12, 31)) and rule.expired(date(2027, 1, 1))
    assert rule.expires_within(date(2026, 12, 4), 30) and not rule.expires_within(date(2026, 11, 1), 30)
    assert not Rule("Từ nay", "2026-01-01").expired(date(2099, 1, 1))


def test_every_seed_rule_reads_back_the_same_in_the_editor_and_the_spreadsheet():
    from knowledge.entries import parse_rule_lines, rule_line

    dated = [e for e in ENTRIES if e.rules]
    assert dated
    for entry in dated:
        stored = [rule.as_dict() for rule in entry.rules]
        assert parse_rule_lines("\n".join(rule_line(rule) for rule in stored)) == (stored, []), entry.id
