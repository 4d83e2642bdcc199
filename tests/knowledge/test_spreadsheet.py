"""Export to CSV/Excel, checking uploads and importing them, on migrated SQLite databases."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from knowledge import store
from knowledge.database import make_engine, make_sessionmaker
from knowledge.models import Category, Entry, Version
from knowledge.spreadsheet import COLUMNS, MAX_ROWS, ImportPlan, apply_import, export_csv, export_xlsx, parse_upload
from tests.support.database import migrate, seed_content

EXPORTS = {"csv": export_csv, "xlsx": export_xlsx}


# -- fixtures and helpers -----------------------------------------------------------------------


def _database(path: Path, seeded: bool):
    url = f"sqlite:///{path}"
    migrate(url)
    if seeded:
        seed_content(url)
    engine = make_engine(url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def seeded(tmp_path):
    yield from _database(tmp_path / "seeded.db", seeded=True)


@pytest.fixture
def empty(tmp_path):
    yield from _database(tmp_path / "empty.db", seeded=False)


@pytest.fixture
def other(tmp_path):
    yield from _database(tmp_path / "other.db", seeded=False)


def snapshot(sessions) -> dict:
    """Everything an import should reproduce: entries with their category titles, category order."""
    with sessions() as session:
        titles = dict(session.execute(select(Category.id, Category.title)).all())
        order = list(session.scalars(select(Category.id).order_by(Category.position, Category.id)))
        entries = {
            entry.id: {**entry.snapshot(), "category_title": titles[entry.category_id]}
            for entry in session.scalars(select(Entry))
        }
    return {"categories": order, "entries": entries}


def counts(sessions) -> tuple[int, int, int]:
    with sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(Entry)),
            session.scalar(select(func.count()).select_from(Version)),
            store.current_revision(session),
        )


def export(sessions, fmt: str) -> bytes:
    with sessions() as session:
        return EXPORTS[fmt](session)


def import_file(sessions, filename: str, data: bytes, user: str = "can-bo") -> dict[str, int]:
    plan = parse_upload(filename, data)
    assert plan.errors == []
    with sessions() as session:
        result = apply_import(session, plan, user)
        session.commit()
    return result


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def to_csv(rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def row(**values: str) -> list[str]:
    good = {
        "id": "test-muc-moi",
        "category": "cu-tru",
        "category_title": "Cư trú",
        "title": "Một mục mới",
        "questions": "Hỏi gì đó?\nhoi gi do",
        "answer": "Dạ, trả lời.",
        "steps": "",
        "rules": "",
        "no_link": "",
        "links": "Cổng Dịch vụ công quốc gia | https://dichvucong.gov.vn",
        "source": "Nguồn",
        "last_reviewed": "2026-11-23",
        "tags": "a, b",
        "status": "draft",
    }
    good.update(values)
    return [good[c] for c in COLUMNS]


def where(plan: ImportPlan) -> list[tuple[int, str]]:
    return sorted((e.row, e.field) for e in plan.errors)


# -- export -------------------------------------------------------------------------------------


def test_csv_export_is_excel_friendly_and_ordered(seeded):
    data = export(seeded, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(data)
    assert tuple(rows[0]) == COLUMNS
    with seeded() as session:
        positions = dict(session.execute(select(Category.id, Category.position)).all())
        total = session.scalar(select(func.count()).select_from(Entry))
    body = rows[1:]
    assert len(body) == total
    keys = [(positions[r[1]], r[0]) for r in body]
    assert keys == sorted(keys)
    assert "Cư trú" in data.decode("utf-8-sig")


def test_export_contains_drafts(seeded):
    with seeded() as session:
        store.set_status(session, "cu-tru-khi-nao-phai-dang-ky-tam-tru", "draft", "can-bo")
        session.commit()
    rows = {r[0]: r for r in csv_rows(export(seeded, "csv"))[1:]}
    assert rows["cu-tru-khi-nao-phai-dang-ky-tam-tru"][COLUMNS.index("status")] == "draft"


# -- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_gives_the_same_entries(seeded, empty, fmt):
    with seeded() as session:  # a draft too, to carry the status across
        store.set_status(session, "cu-tru-khi-nao-phai-dang-ky-tam-tru", "draft", "can-bo")
        session.commit()
    result = import_file(empty, f"kho.{fmt.upper()}", export(seeded, fmt))
    before, after = snapshot(seeded), snapshot(empty)
    assert result == {"created": len(before["entries"]), "updated": 0, "unchanged": 0}
    assert after == before
    assert after["entries"]["cu-tru-khi-nao-phai-dang-ky-tam-tru"]["status"] == "draft"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reimporting_an_unchanged_export_changes_nothing(seeded, fmt):
    entries, versions, revision = counts(seeded)
    result = import_file(seeded, f"kho.{fmt}", export(seeded, fmt))
    assert result == {"created": 0, "updated": 0, "unchanged": entries}
    assert counts(seeded) == (entries, versions, revision)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_and_reimported_entry_is_saved_by_the_editor_unchanged(seeded, empty, fmt):
    """Issue 16: one set of rules (knowledge.rules), so «Lưu» never refuses what an import stored."""
    from bot.admin.faq_form import FaqInput, changed_fields, validate

    import_file(empty, f"kho.{fmt}", export(seeded, fmt))
    with empty() as session:
        entries = list(session.scalars(select(Entry).options(selectinload(Entry.questions))))
        assert entries
        for entry in entries:
            data, errors = validate(FaqInput.from_entry(entry), session, creating=False)
            assert errors == {}, entry.id
            assert changed_fields(entry, data) == [], entry.id


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"answer": "chữ " * 81}, "answer", "tối đa 80"),
        ({"links": "\n".join(f"Trang {i} | https://a.gov.vn/{i}" for i in range(21))}, "links", "Tối đa 20 liên kết."),
        ({"links": "x" * 201 + " | https://a.gov.vn"}, "links", "tiêu đề quá dài"),
        ({"steps": "b" * 601}, "steps", "Bước 1 quá dài"),
        ({"tags": "t" * 61}, "tags", "Mỗi thẻ tối đa 60 ký tự."),
        ({"no_link": "x" * 301}, "no_link", "Lý do tối đa 300 ký tự."),
        ({"questions": "\n".join(f"hỏi {i}" for i in range(101))}, "questions", "Tối đa 100 cách hỏi."),
    ],
)
def test_the_import_refuses_what_the_editor_refuses(changes, field, message):
    plan = parse_upload("a.csv", to_csv([list(COLUMNS), row(**changes)]))
    assert where(plan) == [(2, field)] and message in plan.errors[0].message


def test_an_edited_csv_cell_updates_one_entry_with_an_import_version(seeded):
    rows = csv_rows(export(seeded, "csv"))
    target = rows[3][0]
    rows[3][COLUMNS.index("title")] = "Tiêu đề đã sửa trong Excel"
    entries, versions, revision = counts(seeded)
    result = import_file(seeded, "kho.csv", to_csv(rows), user="chi-lan")
    assert result == {"created": 0, "updated": 1, "unchanged": entries - 1}
    assert counts(seeded)[:2] == (entries, versions + 1)
    assert counts(seeded)[2] > revision
    with seeded() as session:
        entry = store.get_entry(session, target)
        newest = store.history(session, target)[0]
        assert entry.title == "Tiêu đề đã sửa trong Excel"
        assert (newest.action, newest.changed_by, newest.version) == ("import", "chi-lan", entry.version)
        assert newest.snapshot["title"] == "Tiêu đề đã sửa trong Excel"


def test_an_edited_xlsx_status_publishes_through_set_status(seeded):
    with seeded() as session:
        store.set_status(session, "cu-tru-khi-nao-phai-dang-ky-tam-tru", "draft", "can-bo")
        session.commit()
    workbook = load_workbook(io.BytesIO(export(seeded, "xlsx")))
    sheet = workbook.active
    status_col = COLUMNS.index("status") + 1
    for r in range(2, sheet.max_row + 1):
        if sheet.cell(r, 1).value == "cu-tru-khi-nao-phai-dang-ky-tam-tru":
            sheet.cell(r, status_col).value = "published"
    buffer = io.BytesIO()
    workbook.save(buffer)
    entries, versions, _ = counts(seeded)
    result = import_file(seeded, "kho.xlsx", buffer.getvalue())
    assert result == {"created": 0, "updated": 1, "unchanged": entries - 1}
    with seeded() as session:
        assert [v.action for v in store.history(session, "cu-tru-khi-nao-phai-dang-ky-tam-tru")][:1] == ["publish"]
    assert counts(seeded)[1] == versions + 1


def test_import_creates_new_entries_and_categories_and_leaves_others_alone(seeded):
    before = snapshot(seeded)
    data = to_csv(
        [
            list(COLUMNS),
            row(id="chu-de-moi-muc-1", category="chu-de-moi", category_title="Chủ đề mới", status="published"),
            row(id="chu-de-moi-muc-2", category="chu-de-moi", category_title=""),  # title given on another row
        ]
    )
    assert import_file(seeded, "moi.csv", data) == {"created": 2, "updated": 0, "unchanged": 0}
    after = snapshot(seeded)
    assert after["categories"] == before["categories"] + ["chu-de-moi"]
    assert {k: v for k, v in after["entries"].items() if k in before["entries"]} == before["entries"]
    new = after["entries"]["chu-de-moi-muc-1"]
    assert new["status"] == "published" and new["category_title"] == "Chủ đề mới"
    assert new["links"] == [{"title": "Cổng Dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn"}]
    assert new["tags"] == ["a", "b"] and new["questions"] == ["Hỏi gì đó?", "hoi gi do"]
    with seeded() as session:
        assert [v.action for v in store.history(session, "chu-de-moi-muc-2")] == ["create"]


def test_an_unknown_category_needs_a_title(seeded):
    data = to_csv([list(COLUMNS), row(category="khong-co", category_title="")])
    assert parse_upload("a.csv", data).errors == []  # without the database it cannot tell
    with seeded() as session:
        assert where(parse_upload("a.csv", data, session=session)) == [(2, "category")]
        before = counts(seeded)
        plan = parse_upload("a.csv", data)
        with pytest.raises(ValueError):
            apply_import(session, plan, "can-bo")
        session.rollback()
        assert where(plan) == [(2, "category")]
        assert "category_title" in plan.errors[0].message
    assert counts(seeded) == before


# -- validation ---------------------------------------------------------------------------------


def test_every_problem_of_every_row_is_reported_and_nothing_is_imported(seeded):
    data = to_csv(
        [
            list(COLUMNS),
            row(id="Sai Ma", title=""),  # 2: bad id, empty title
            row(questions="\n  \n", links="Cổng thông tin | ftp://x.gov.vn"),  # 3: no question, bad URL
            row(last_reviewed="2026-02-30", status="public", answer=" "),  # 4: unreal date, status, no answer; dup id
            row(id="ok-3", category="X", links="Không có dấu gạch", questions="q" * 501),  # 5
        ]
    )
    plan = parse_upload("loi.csv", data)
    assert plan.rows == []
    assert where(plan) == [
        (2, "id"),
        (2, "title"),
        (3, "links"),
        (3, "questions"),
        (4, "answer"),
        (4, "id"),
        (4, "last_reviewed"),
        (4, "status"),
        (5, "category"),
        (5, "links"),
        (5, "questions"),
    ]
    messages = {(e.row, e.field): e.message for e in plan.errors}
    assert "dòng 3" in messages[(4, "id")]  # the duplicate points at the first row
    assert "2026-11-23" in messages[(4, "last_reviewed")]
    assert "draft" in messages[(4, "status")] and "published" in messages[(4, "status")]
    assert "http" in messages[(3, "links")] and "500" in messages[(5, "questions")]
    before = snapshot(seeded), counts(seeded)
    with seeded() as session, pytest.raises(ValueError):
        apply_import(session, plan, "can-bo")
    assert (snapshot(seeded), counts(seeded)) == before


def test_long_fields_and_cells(seeded):
    data = to_csv([list(COLUMNS), row(title="t" * 301, answer="a" * 20_001, category_title="c" * 201)])
    plan = parse_upload("dai.csv", data)
    assert where(plan) == [(2, "answer"), (2, "category_title"), (2, "title")]
    assert "20.000" in {e.field: e.message for e in plan.errors}["answer"]


def test_blank_rows_are_skipped_but_counted(seeded):
    data = to_csv([list(COLUMNS), [""] * len(COLUMNS), row(title="")])
    assert where(parse_upload("a.csv", data)) == [(3, "title")]


def test_multiline_cells_count_as_one_row(seeded):
    data = to_csv([list(COLUMNS), row(id="muc-mot", questions="a\nb\nc"), row(id="muc-hai", status="xx")])
    assert where(parse_upload("a.csv", data)) == [(3, "status")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_wrong_header(fmt):
    header = [
        "id",
        "category",
        "category_title",
        "titel",
        "questions",
        "answer",
        "links",
        "source",
        "last_reviewed",
        "tags",
        "ghi chu",
    ]  # misspelt title, extra column, status missing
    good = dict(zip(COLUMNS, row()))
    rows = [
        header,
        [
            good[c]
            for c in (
                "id",
                "category",
                "category_title",
                "title",
                "questions",
                "answer",
                "links",
                "source",
                "last_reviewed",
                "tags",
            )
        ],
    ]
    if fmt == "csv":
        data = to_csv(rows)
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        for r in rows:
            workbook.active.append(r)
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    plan = parse_upload(f"a.{fmt}", data)
    assert where(plan) == [(1, "ghi chu"), (1, "status"), (1, "titel")]
    messages = {e.field: e.message for e in plan.errors}
    assert "title" in messages["titel"] and "Thiếu cột" in messages["status"]


@pytest.mark.parametrize(
    "filename,data",
    [
        ("trong.csv", b""),
        ("trong.csv", b"\xef\xbb\xbf"),
        ("trong.csv", b"\r\n\r\n"),
    ],
)
def test_empty_file(filename, data):
    plan = parse_upload(filename, data)
    assert [(e.row, e.field) for e in plan.errors] == [(0, "")]
    assert "trống" in plan.errors[0].message


def test_empty_workbook_and_header_only():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert "trống" in parse_upload("trong.xlsx", buffer.getvalue()).errors[0].message
    only_header = parse_upload("a.csv", to_csv([list(COLUMNS)]))
    assert len(only_header.errors) == 1 and "dòng 2" in only_header.errors[0].message


GARBAGE = bytes(range(256)) * 8 + b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00"


@pytest.mark.parametrize("filename", ["rac.csv", "rac.xlsx", "RAC.XLSX"])
def test_binary_garbage_is_a_clear_file_error(filename):
    plan = parse_upload(filename, GARBAGE)
    assert [(e.row, e.field) for e in plan.errors] == [(0, "")]
    assert plan.rows == []
    message = plan.errors[0].message
    assert ("xlsx" in message) if filename.lower().endswith("xlsx") else ("CSV" in message)


def test_an_xlsx_that_is_really_text_and_other_extensions():
    assert "hỏng" in parse_upload("a.xlsx", to_csv([list(COLUMNS), row()])).errors[0].message
    assert ".csv hoặc .xlsx" in parse_upload("kho.pdf", b"%PDF-1.4").errors[0].message
    assert ".xls " in parse_upload("kho.xls", b"\xd0\xcf\x11\xe0").errors[0].message
    assert ".csv hoặc .xlsx" in parse_upload("kho", b"id").errors[0].message


@pytest.mark.parametrize(
    "encoding,text",
    [("latin-1", "Café crème"), ("cp1258", "Cư trú")],  # cp1258: Windows Vietnamese, as older Excel saves
)
def test_a_csv_in_another_encoding_is_refused_with_an_encoding_hint(encoding, text):
    cells = [f"{c}-x" if c != "title" else text for c in COLUMNS]
    data = to_csv([list(COLUMNS), cells], encoding="utf-8").decode().encode(encoding)
    assert data.decode(encoding).endswith(",".join(cells) + "\r\n")
    plan = parse_upload("latin.csv", data)
    assert [(e.row, e.field) for e in plan.errors] == [(0, "")]
    assert "UTF-8" in plan.errors[0].message


def test_utf8_without_bom_and_semicolons_are_read():
    rows = [list(COLUMNS), row()]
    assert parse_upload("a.csv", to_csv(rows, encoding="utf-8")).errors == []
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";").writerows(rows)
    plan = parse_upload("a.csv", buffer.getvalue().encode("utf-8-sig"))
    assert plan.errors == [] and plan.rows[0]["title"] == "Một mục mới"


def test_more_than_5000_rows_is_refused_but_5000_is_fine():
    header = list(COLUMNS)
    rows = [row(id=f"muc-{i:05d}") for i in range(MAX_ROWS)]
    plan = parse_upload("a.csv", to_csv([header, *rows]))
    assert plan.errors == [] and len(plan.rows) == MAX_ROWS
    plan = parse_upload("a.csv", to_csv([header, *rows, row(id="muc-thua")]))
    assert [(e.row, e.field) for e in plan.errors] == [(0, "")]
    assert "5.000" in plan.errors[0].message and plan.rows == []


def test_more_than_5000_rows_in_xlsx_is_refused():
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(COLUMNS))
    for i in range(MAX_ROWS + 1):
        sheet.append(row(id=f"muc-{i:05d}"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = parse_upload("a.xlsx", buffer.getvalue())
    assert len(plan.errors) == 1 and "5.000" in plan.errors[0].message


# -- formula injection and Excel cells --------------------------------------------------------

RISKY = {
    "title": '=HYPERLINK("https://evil.example","Bấm vào")',
    "answer": "+84 912 345 678 là số đường dây nóng",
    "source": "@SUM(1+1)",
    "questions": ["-1 có sao không", "\tthụt đầu dòng", "'=đã có nháy", "'bình thường"],
}


def _risky_entry(sessions):
    with sessions() as session:
        session.add(Category(id="thu", title="=Thử", position=0))
        session.flush()
        data = {
            "category_id": "thu",
            "title": RISKY["title"],
            "questions": RISKY["questions"],
            "answer": RISKY["answer"],
            "source": RISKY["source"],
            "links": [],
            "tags": ["-a"],
            "last_reviewed": "",
        }
        store.create_entry(session, "thu-cong-thuc", data, "can-bo", status="published")
        session.commit()


def test_formulas_are_escaped_in_csv_export_and_restored_on_import(empty, other):
    _risky_entry(empty)
    data = export(empty, "csv")
    cells = dict(zip(COLUMNS, csv_rows(data)[1]))
    assert cells["title"] == "'" + RISKY["title"]
    assert cells["answer"] == "'" + RISKY["answer"]
    assert cells["source"] == "'" + RISKY["source"]
    assert cells["category_title"] == "'=Thử"
    assert cells["questions"].startswith("'-1")
    assert cells["tags"] == "'-a"
    before = snapshot(empty)
    import_file(other, "a.csv", data)
    assert snapshot(other) == before
    assert before["entries"]["thu-cong-thuc"]["questions"] == [q.strip() for q in RISKY["questions"]]


def test_formulas_are_text_in_xlsx_export_and_restored_on_import(empty, other):
    _risky_entry(empty)
    data = export(empty, "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active  # formulas as written, not computed
    cells = {name: sheet.cell(2, i + 1) for i, name in enumerate(COLUMNS)}
    for name in ("title", "answer", "source", "category_title", "questions", "tags"):
        assert cells[name].data_type == "s" and cells[name].value.startswith("'"), name
    assert all(cell.data_type != "f" for r in sheet.iter_rows() for cell in r)
    import_file(other, "a.xlsx", data)
    assert snapshot(other) == snapshot(empty)


def test_excel_date_cells_are_accepted(seeded):
    workbook = load_workbook(io.BytesIO(export(seeded, "xlsx")))
    sheet = workbook.active
    col = COLUMNS.index("last_reviewed") + 1
    sheet.cell(2, col).value = datetime(2026, 1, 15)
    sheet.cell(2, col).number_format = "dd/mm/yyyy"
    sheet.cell(3, col).value = date(2025, 12, 31)
    sheet.cell(3, col).number_format = "yyyy-mm-dd"
    first, second = sheet.cell(2, 1).value, sheet.cell(3, 1).value
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = parse_upload("kho.xlsx", buffer.getvalue())
    assert plan.errors == []
    dates = {r["id"]: r["last_reviewed"] for r in plan.rows}
    assert (dates[first], dates[second]) == ("2026-01-15", "2025-12-31")
    with seeded() as session:
        assert apply_import(session, plan, "can-bo")["updated"] == 2
        session.commit()
        assert store.get_entry(session, first).last_reviewed == "2026-01-15"


def test_excel_numbers_and_formula_errors_in_cells():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    typed = row(status="published")
    typed[COLUMNS.index("tags")] = 2024  # a number typed as a tag
    workbook.active.append(typed)
    workbook.active.append(row(id="muc-hai", answer="#NAME?"))  # "- Bước 1" typed without '
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = parse_upload("a.xlsx", buffer.getvalue())
    assert where(plan) == [(3, "answer")]
    assert "'" in plan.errors[0].message


def test_a_link_typed_without_spaces_around_the_bar_reads_in_the_editor_and_the_import_alike():
    from knowledge.rules import parse_links

    links, errors = parse_links("Cổng Dịch vụ công|https://dichvucong.gov.vn")
    assert errors == [] and links == [{"title": "Cổng Dịch vụ công", "url": "https://dichvucong.gov.vn"}]
