"""/admin/import-export: download CSV/XLSX, upload an edited file back, all or nothing."""

from __future__ import annotations

import csv
import io

from tests.bot.admin.helpers import count_entries, entry, versions

FAQ = "vneid-quen-mat-khau"


def exported_rows(client) -> list[dict[str, str]]:
    response = client.get("/admin/export.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def upload(client, csrf, name: str, data: bytes, **kwargs):
    return client.post("/admin/import", data={"csrf_token": csrf}, files={"file": (name, data, "text/csv")}, **kwargs)


def to_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def test_page_has_downloads_and_an_upload_form(client, csrf):
    page = client.get("/admin/import-export").text
    assert 'href="/admin/export.xlsx"' in page and 'href="/admin/export.csv"' in page
    assert 'enctype="multipart/form-data"' in page and f'value="{csrf}"' in page


def test_exports(client, csrf, seeded):
    rows = exported_rows(client)
    assert len(rows) == count_entries(seeded) and FAQ in {r["id"] for r in rows}
    csv_response = client.get("/admin/export.csv")
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert csv_response.headers["content-disposition"].startswith('attachment; filename="kho-cau-hoi-')
    xlsx = client.get("/admin/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert xlsx.headers["content-disposition"].endswith('.xlsx"')


def test_importing_an_edited_file_changes_the_entry_and_is_live(client, csrf, seeded):
    rows = exported_rows(client)
    for row in rows:
        if row["id"] == FAQ:
            row["answer"] = "Dạ, câu trả lời nhập từ tệp."
    response = upload(client, csrf, "kho.csv", to_csv(rows))
    assert response.status_code == 200, response.text
    assert 'data-testid="import-done"' in response.text and "1 câu hỏi được cập nhật" in response.text
    assert entry(seeded, FAQ).answer == "Dạ, câu trả lời nhập từ tệp."
    assert versions(seeded, FAQ)[0].action == "import" and versions(seeded, FAQ)[0].changed_by == "lan"
    assert client.app.state.kb_index.find(FAQ).answer == "Dạ, câu trả lời nhập từ tệp."


def test_a_file_with_errors_imports_nothing_and_lists_every_error(client, csrf, seeded):
    rows = exported_rows(client)
    rows[0]["answer"] = "Đã đổi nhưng không được nhập"
    rows[1]["id"] = "Sai Mã"
    rows[2]["links"] = "Trang | javascript:alert(1)"
    first = rows[0]["id"]
    before = entry(seeded, first).answer
    response = upload(client, csrf, "kho.csv", to_csv(rows))
    assert response.status_code == 422
    assert "chưa nhập gì" in response.text
    assert response.text.count('data-testid="import-error"') >= 2
    assert "<td>3</td>" in response.text and "<td>4</td>" in response.text  # row numbers as in the file
    assert "javascript:alert(1)" in response.text and 'href="javascript' not in response.text
    assert entry(seeded, first).answer == before


def test_wrong_file_type(client, csrf):
    response = upload(client, csrf, "anh.png", b"\x89PNG....")
    assert response.status_code == 422 and "Chỉ nhận tệp .csv hoặc .xlsx" in response.text


def test_no_file(client, csrf):
    response = client.post("/admin/import", data={"csrf_token": csrf})
    assert response.status_code == 422 and "Chọn một tệp CSV hoặc XLSX" in response.text


def test_files_over_5_mb_are_refused_in_vietnamese(client, csrf, seeded):
    before = count_entries(seeded)
    just_over = upload(client, csrf, "lon.csv", b"x" * (5 * 1024 * 1024 + 1))
    assert just_over.status_code == 413 and "tối đa 5 MB" in just_over.text
    far_over = upload(client, csrf, "rat-lon.csv", b"x" * (6 * 1024 * 1024))
    assert far_over.status_code == 413 and "tối đa 5 MB" in far_over.text
    assert far_over.headers["content-security-policy"].startswith("default-src 'self'")
    assert count_entries(seeded) == before


def test_other_requests_keep_the_small_body_limit(client, csrf):
    response = client.post("/admin/ward", data={"csrf_token": csrf, "ward_name": "x" * (70 * 1024)})
    assert response.status_code == 413
