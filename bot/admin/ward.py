"""/admin/ward: the ward facts filled into answers ({ward_name}, {ward_hours}…)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.admin.templating import render
from bot.auth.deps import DbSession, StaffUser
from bot.clock import utcnow
from bot.deps.facts import WardFacts
from bot.deps.settings import AppSettings
from bot.settings import Settings
from bot.ward.facts import FACT_KEYS, problem
from bot.ward.models import WardFact

router = APIRouter()

LABELS = {
    "ward_name": ("Tên phường", "Ví dụ: Phường Bến Thành"),
    "ward_address": ("Địa chỉ bộ phận một cửa", "Số nhà, đường, phường…"),
    "ward_hours": ("Giờ làm việc", "Ví dụ: Thứ Hai đến Thứ Sáu 7:30–11:30 và 13:00–17:00"),
    "ward_hotline": ("Đường dây nóng", "Số điện thoại người dân gọi khi cần"),
    "class_schedule": ("Lịch lớp Bình dân học vụ số", "Thời gian, địa điểm lớp học"),
}
MAX_LENGTH = 1000


class WardForm(BaseModel):
    """The posted facts (other fields, such as the CSRF token, are ignored)."""

    model_config = ConfigDict(extra="ignore")

    ward_name: str = ""
    ward_address: str = ""
    ward_hours: str = ""
    ward_hotline: str = ""
    class_schedule: str = ""


def _page(
    request: Request,
    settings: Settings,
    rows: dict[str, WardFact],
    values: dict[str, str],
    errors: dict[str, str],
    notice: str = "",
    status_code: int = 200,
) -> Response:
    facts = [
        {
            "key": key,
            "label": LABELS[key][0],
            "hint": LABELS[key][1],
            "value": values[key],
            "default": getattr(settings, key),
            "row": rows.get(key),
            "error": errors.get(key, ""),
        }
        for key in FACT_KEYS
    ]
    return render(request, "admin/ward.html", {"active": "ward", "facts": facts, "notice": notice}, status_code=status_code)


def _rows(db: Session) -> dict[str, WardFact]:
    return {row.key: row for row in db.scalars(select(WardFact))}


@router.get("/ward")
def ward_page(request: Request, db: DbSession, user: StaffUser, settings: AppSettings, msg: str = "") -> Response:
    """The facts as the bot uses them now (stored value, or the configured default)."""
    rows = _rows(db)
    values = {key: rows[key].value if key in rows else getattr(settings, key) for key in FACT_KEYS}
    return _page(
        request,
        settings,
        rows,
        values,
        {},
        notice="Đã lưu. Câu trả lời của bot dùng thông tin mới ngay." if msg == "saved" else "",
    )


@router.post("/ward")
def save_ward(
    request: Request,
    db: DbSession,
    user: StaffUser,
    settings: AppSettings,
    facts: WardFacts,
    form: Annotated[WardForm, Form()],
) -> Response:
    """Stores changed facts; an empty box goes back to the configured default."""
    values = {key: " ".join(getattr(form, key).split()) for key in FACT_KEYS}
    errors = {key: f"Tối đa {MAX_LENGTH} ký tự." for key, value in values.items() if len(value) > MAX_LENGTH}
    errors.update({key: problem(key, value) for key, value in values.items() if key not in errors and problem(key, value)})
    rows = _rows(db)
    if errors:
        return _page(request, settings, rows, values, errors, status_code=422)
    for key, value in values.items():
        row = rows.get(key)
        if not value or (row is None and value == getattr(settings, key)):
            if row is not None:
                db.delete(row)
        elif row is None:
            db.add(WardFact(key=key, value=value, updated_by=user.username, updated_at=utcnow()))
        elif row.value != value:
            row.value, row.updated_by, row.updated_at = value, user.username, utcnow()
    db.commit()
    facts.invalidate()
    return RedirectResponse("/admin/ward?msg=saved", status_code=303)
