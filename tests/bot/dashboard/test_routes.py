"""/admin/thong-ke over HTTP: who may open it, what each role sees, CSV exports, and bad filters."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.auth import service
from bot.dashboard.period import CHANNELS
from bot.dashboard.sections import SECTIONS, TABLES
from bot.dashboard.sections.handoff import CALLBACKS_ALL_CATEGORIES
from knowledge.database import make_engine, make_sessionmaker
from knowledge.models import Category
from tests.bot.auth.helpers import add_user, logged_in
from tests.bot.dashboard.builder import chat, vn

# a period that holds the activity below whatever day the tests run
PERIOD = "tu=2026-11-01&den=2026-11-30"
PAGES = ["/admin/thong-ke", *(f"/admin/thong-ke/{slug}" for slug in SECTIONS if slug != "tong-quan"), "/admin/thong-ke/bao-cao"]


@pytest.fixture
def activity(database_url):
    """Two residents in November; one handed to volunteer «Chị Bình», who got 4 stars and a comment."""
    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as db:
        volunteer = service.create_user(db, "binh", "mat-khau-that-dai-42", "volunteer", display_name="Chị Bình")
        a = chat(db, "web")
        a.vote(a.ask(vn(2026, 11, 2, 9)), +1)
        b = chat(db, "telegram")
        b.ask(vn(2026, 11, 3, 10))
        b.ticket(
            vn(2026, 11, 3, 10, 1),
            wait=timedelta(minutes=4),
            handled=timedelta(minutes=6),
            rating=4,
            comment="<script>alert(1)</script> cảm ơn",
            volunteer=volunteer.id,
        )
        db.commit()
    engine.dispose()


def login_as(client, database_url, role):
    add_user(database_url, f"user-{role}", role, display_name=f"Người {role}")
    logged_in(client, f"user-{role}")


@pytest.mark.parametrize("path", PAGES)
def test_volunteers_get_403_on_every_page(client, database_url, path):
    login_as(client, database_url, "volunteer")
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.text


def test_volunteers_get_403_on_csv_and_anonymous_goes_to_login(client, database_url):
    response = client.get("/admin/thong-ke/csv/tong-quan.csv", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    login_as(client, database_url, "volunteer")
    assert client.get("/admin/thong-ke/csv/tong-quan.csv", follow_redirects=False).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_staff_see_every_page_in_vietnamese(client, database_url, activity, path):
    login_as(client, database_url, "staff")
    response = client.get(f"{path}?{PERIOD}")
    assert response.status_code == 200, response.text
    assert "Thống kê" in response.text or "Báo cáo" in response.text
    assert "Tải CSV" in response.text and "<table" in response.text


def test_overview_tiles_show_the_figures(client, database_url, activity):
    login_as(client, database_url, "staff")
    page = client.get(f"/admin/thong-ke?{PERIOD}").text
    assert "Người dân được giúp" in page and "Bot tự giải quyết" in page
    # two conversation-days, A resolved by the bot alone: 50 %; B handed over after a 4-minute wait
    assert "50 %" in page and "4 phút" in page


def test_volunteer_figures_for_admins_only(client, database_url, activity):
    login_as(client, database_url, "staff")
    page = client.get(f"/admin/thong-ke/ho-tro?{PERIOD}").text
    assert "Theo tình nguyện viên" not in page and "Chị Bình" not in page
    assert client.get(f"/admin/thong-ke/csv/tinh-nguyen-vien.csv?{PERIOD}").status_code == 404
    client.cookies.clear()
    login_as(client, database_url, "admin")
    page = client.get(f"/admin/thong-ke/ho-tro?{PERIOD}").text
    assert "Theo tình nguyện viên" in page and "Chị Bình" in page
    exported = client.get(f"/admin/thong-ke/csv/tinh-nguyen-vien.csv?{PERIOD}")
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert rows[1] == ["Chị Bình", "1", "6.0", "1", "4.0"]


def test_comments_are_escaped(client, database_url, activity):
    login_as(client, database_url, "staff")
    page = client.get(f"/admin/thong-ke/hai-long?{PERIOD}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; cảm ơn" in page


def test_csv_of_the_overview(client, database_url, activity):
    login_as(client, database_url, "staff")
    response = client.get(f"/admin/thong-ke/csv/tong-quan.csv?{PERIOD}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="thong-ke-tong-quan-20261101-20261130.csv"' in response.headers["content-disposition"]
    assert response.text.startswith("\ufeff")
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(response.text.lstrip("\ufeff")))}
    assert rows["Chỉ số"] == ["Kỳ này", "Kỳ trước", "Thay đổi"]
    assert rows["Lượt trò chuyện"][:2] == ["2", "0"]
    assert rows["Bot tự giải quyết"][0] == "50.0"
    assert rows["Thời gian chờ (trung vị)"][0] == "4.0"
    assert rows["Điểm đánh giá trung bình"][0] == "4.0"


def test_csv_per_day_has_every_day_of_the_period(client, database_url, activity):
    login_as(client, database_url, "staff")
    text = client.get(f"/admin/thong-ke/csv/theo-ngay.csv?{PERIOD}").text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Ngày", "Lượt trò chuyện", "Câu hỏi"]
    assert len(rows) == 31 and rows[2] == ["2026-11-02", "1", "1"] and rows[3] == ["2026-11-03", "1", "1"]


def test_every_table_can_be_exported(client, database_url, activity):
    login_as(client, database_url, "admin")
    for key in TABLES:
        response = client.get(f"/admin/thong-ke/csv/{key}.csv?{PERIOD}")
        assert response.status_code == 200, key
    assert client.get("/admin/thong-ke/csv/khong-co.csv").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("tu=hom-qua&den=2026-11-30", "không hợp lệ"),
        ("tu=2026-13-45&den=2026-11-30", "không hợp lệ"),
        ("tu=99999999999999999999&den=2026-11-30", "không hợp lệ"),
        ("tu=1900-01-01&den=2026-11-30", "nằm ngoài"),
        ("tu=2026-11-30&den=2026-11-01", "phải trước"),
        ("tu=2020-01-01&den=2026-11-30", "dài nhất"),
        ("tu=2026-11-01", "cả ngày bắt đầu và ngày kết thúc"),
        ("ky=mot-the-ky", "không có trong danh sách"),
        ("kenh=zalo", "Kênh không có"),
        ("nhom=khong-co-nhom-nay", "Nhóm câu hỏi không có"),
        ("kenh=" + "x" * 500, "Bộ lọc không hợp lệ"),
        ("tu=2026-11-01&den=" + "9" * 5000, "Bộ lọc không hợp lệ"),
    ],
)
def test_bad_filters_answer_400_in_vietnamese(client, database_url, query, message):
    login_as(client, database_url, "staff")
    for path in ("/admin/thong-ke", "/admin/thong-ke/hoi-gi", "/admin/thong-ke/csv/tong-quan.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, response.status_code)
        assert message in response.text


def test_unknown_section_is_404(client, database_url):
    login_as(client, database_url, "staff")
    assert client.get("/admin/thong-ke/khong-co").status_code == 404


def test_channel_filter_on_the_page(client, database_url, activity):
    login_as(client, database_url, "staff")
    assert set(CHANNELS) == {"web", "telegram", "api"}
    text = client.get(f"/admin/thong-ke/csv/tong-quan.csv?{PERIOD}&kenh=telegram").text.lstrip("\ufeff")
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(text))}
    assert rows["Lượt trò chuyện"][0] == "1" and rows["Chuyển tình nguyện viên"][0] == "100.0"


def test_every_page_and_export_on_postgresql(settings):
    """The same pages on PostgreSQL (its own SQL: seconds between timestamps, the read's work_mem)."""
    from fastapi.testclient import TestClient

    from bot.app import create_app
    from tests.support.database import migrate, seed_content
    from tests.support.loopback import LOCAL_CALLER
    from tests.support.postgres import postgres_schema

    with postgres_schema() as url:
        migrate(url)
        seed_content(url)
        engine = make_engine(url)
        with make_sessionmaker(engine)() as db:
            resident = chat(db, "web")
            resident.ask(vn(2026, 11, 2, 9))
            resident.ticket(vn(2026, 11, 2, 9, 1), wait=timedelta(minutes=4), rating=5)
            db.commit()
        engine.dispose()
        with TestClient(create_app(settings.model_copy(update={"database_url": url})), client=LOCAL_CALLER) as client:
            login_as(client, url, "admin")
            for path in PAGES:
                assert client.get(f"{path}?{PERIOD}").status_code == 200, path
            text = client.get(f"/admin/thong-ke/csv/tong-quan.csv?{PERIOD}").text.lstrip("\ufeff")
            rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(text))}
            assert rows["Thời gian chờ (trung vị)"][0] == "4.0" and rows["Lượt trò chuyện"][0] == "1"


def test_stars_whether_or_not_the_tickets_were_read(client, database_url, activity):
    """The satisfaction section counts stars in the database alone, or from the tickets the report read."""
    login_as(client, database_url, "staff")
    alone = client.get(f"/admin/thong-ke/csv/so-sao.csv?{PERIOD}").text.lstrip("\ufeff")
    assert list(csv.reader(io.StringIO(alone)))[1:] == [
        ["5 sao", "0"],
        ["4 sao", "1"],
        ["3 sao", "0"],
        ["2 sao", "0"],
        ["1 sao", "0"],
    ]
    report = client.get(f"/admin/thong-ke/bao-cao?{PERIOD}").text
    section = report[report.index('id="bang-so-sao"') :]
    assert '<th scope="row">4 sao</th><td>1</td>' in section[: section.index("</table>")]
    ended = client.get(f"/admin/thong-ke/csv/ket-thuc.csv?{PERIOD}").text.lstrip("\ufeff")
    rows = {row[0]: row[1] for row in csv.reader(io.StringIO(ended))}
    assert rows["Chuyển người hỗ trợ và đã xong"] == "1" and rows["Được bot trả lời, đánh giá «Hữu ích»"] == "1"


def test_call_backs_say_they_count_every_category_when_one_is_chosen(client, database_url, activity):
    login_as(client, database_url, "staff")
    with make_sessionmaker(make_engine(database_url))() as db:
        category = db.scalars(select(Category.id)).first()
    page = client.get(f"/admin/thong-ke/ho-tro?{PERIOD}&nhom={category}")
    assert page.status_code == 200 and CALLBACKS_ALL_CATEGORIES in page.text
    assert CALLBACKS_ALL_CATEGORIES not in client.get(f"/admin/thong-ke/ho-tro?{PERIOD}").text
