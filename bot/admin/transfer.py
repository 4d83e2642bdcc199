"""/admin/import-export: the knowledge base as CSV/XLSX, and importing an edited file back.

The file formats live in knowledge.spreadsheet; a file with any error imports nothing and every
error is listed with its row and column.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response

from bot.admin.templating import VIETNAM, render
from bot.admin.uploads import UPLOAD_MAX_BYTES
from bot.auth.deps import DbSession, StaffUser
from knowledge import spreadsheet

router = APIRouter()

TOO_LARGE = "Tệp tải lên tối đa 5 MB. Bạn chia nhỏ tệp rồi thử lại."
NO_FILE = "Chọn một tệp CSV hoặc XLSX để nhập."
COUNT_LABELS = {"created": "câu hỏi mới", "updated": "câu hỏi được cập nhật", "unchanged": "câu hỏi không đổi"}


def _page(
    request: Request,
    *,
    errors: list[spreadsheet.RowError] | None = None,
    counts: dict[str, int] | None = None,
    message: str = "",
    filename: str = "",
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "admin/import_export.html",
        {
            "active": "transfer",
            "errors": errors or [],
            "counts": counts,
            "message": message,
            "filename": filename,
            "count_labels": COUNT_LABELS,
            "columns": spreadsheet.COLUMNS,
        },
        status_code=status_code,
    )


@router.get("/import-export")
def transfer_page(request: Request, user: StaffUser) -> Response:
    """Links to download the knowledge base and the upload form."""
    return _page(request)


def _download(data: bytes, extension: str, media_type: str) -> Response:
    stamp = datetime.now(VIETNAM).strftime("%Y%m%d-%H%M")
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="kho-cau-hoi-{stamp}.{extension}"'}
    )


@router.get("/export.csv")
def export_csv(db: DbSession, user: StaffUser) -> Response:
    """Every entry as CSV (UTF-8 with BOM, for Excel)."""
    return _download(spreadsheet.export_csv(db), "csv", spreadsheet.CSV_MEDIA_TYPE)


@router.get("/export.xlsx")
def export_xlsx(db: DbSession, user: StaffUser) -> Response:
    """Every entry as an Excel workbook."""
    return _download(spreadsheet.export_xlsx(db), "xlsx", spreadsheet.XLSX_MEDIA_TYPE)


@router.post("/import")
def import_file(request: Request, db: DbSession, user: StaffUser, file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Checks the whole file first; imports it only if every row is valid."""
    if file is None or not file.filename:
        return _page(request, message=NO_FILE, status_code=422)
    data = file.file.read(UPLOAD_MAX_BYTES + 1)
    if len(data) > UPLOAD_MAX_BYTES:
        return _page(request, message=TOO_LARGE, filename=file.filename, status_code=413)
    plan = spreadsheet.parse_upload(file.filename, data, session=db)
    if plan.errors:
        return _page(request, errors=plan.errors, filename=file.filename, status_code=422)
    try:
        counts = spreadsheet.apply_import(db, plan, user.username)
    except ValueError as error:  # checked again inside the transaction: nothing was imported
        db.rollback()
        return _page(request, errors=plan.errors, message=str(error), filename=file.filename, status_code=422)
    db.commit()
    return _page(request, counts=counts, filename=file.filename)
