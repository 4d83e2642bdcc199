"""/admin/duty: when volunteers are on duty (weekly shifts) and the days off (holidays)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from bot.admin.templating import render
from bot.auth.deps import DbSession, StaffUser
from bot.handoff.models import Holiday, Shift
from bot.handoff.schedule import END_OF_DAY, WEEKDAYS, is_all_day, shift_end, valid_clock
from bot.strict_numbers import PathId, parse_int

router = APIRouter()

MESSAGES = {"saved": "Đã lưu lịch trực.", "deleted": "Đã xóa."}
ERRORS = {
    "shift": "Ca trực cần ngày trong tuần và giờ dạng HH:MM (đến 24:00), giờ kết thúc sau giờ bắt đầu.",
    "holiday": "Ngày nghỉ cần ngày hợp lệ (YYYY-MM-DD) và tên ngày nghỉ (tối đa 120 ký tự).",
}


@router.get("/duty")
def duty_page(request: Request, db: DbSession, user: StaffUser, msg: str = "", error: str = "") -> Response:
    """The shifts by weekday and the coming holidays."""
    shifts = list(db.scalars(select(Shift).order_by(Shift.weekday, Shift.starts)))
    holidays = list(db.scalars(select(Holiday).order_by(Holiday.day)))
    return render(
        request,
        "admin/duty.html",
        {
            "active": "duty",
            "shifts": shifts,
            "holidays": holidays,
            "WEEKDAYS": WEEKDAYS,
            "shift_end": shift_end,
            "is_all_day": is_all_day,
            "notice": MESSAGES.get(msg, ""),
            "error": ERRORS.get(error, ""),
        },
    )


@router.post("/duty/shifts")
def add_shift(
    db: DbSession,
    user: StaffUser,
    weekday: Annotated[str, Form()] = "",
    starts: Annotated[str, Form()] = "",
    ends: Annotated[str, Form()] = "",
    to_midnight: Annotated[str, Form()] = "",
    all_day: Annotated[str, Form()] = "",
) -> Response:
    """Adds a weekly shift; «Cả ngày» is 00:00–24:00 and «đến hết ngày» ends it at 24:00 (a time picker stops at 23:59)."""
    starts, ends = starts.strip(), ends.strip()
    if all_day:
        starts, ends = "00:00", END_OF_DAY
    elif to_midnight:
        ends = END_OF_DAY
    ends = shift_end(ends)  # 23:59 from the picker means midnight: no minute a night with the queue closed
    day = parse_int(weekday, 0, 6)
    if day is None or not (valid_clock(starts) and valid_clock(ends) and starts < ends):
        return RedirectResponse("/admin/duty?error=shift", status_code=303)
    db.add(Shift(weekday=day, starts=starts, ends=ends))
    db.commit()
    return RedirectResponse("/admin/duty?msg=saved", status_code=303)


@router.post("/duty/shifts/{shift_id}/delete")
def delete_shift(db: DbSession, user: StaffUser, shift_id: PathId) -> Response:
    """Removes a shift."""
    row = db.get(Shift, shift_id)
    if row is not None:
        db.delete(row)
        db.commit()
    return RedirectResponse("/admin/duty?msg=deleted", status_code=303)


@router.post("/duty/holidays")
def add_holiday(db: DbSession, user: StaffUser, day: Annotated[str, Form()] = "", label: Annotated[str, Form()] = "") -> Response:
    """Adds (or renames) a day off."""
    label = " ".join(label.split())
    try:
        when = date.fromisoformat(day.strip())
    except ValueError:
        when = None
    if when is None or not label or len(label) > 120:
        return RedirectResponse("/admin/duty?error=holiday", status_code=303)
    row = db.get(Holiday, when)
    if row is None:
        db.add(Holiday(day=when, label=label))
    else:
        row.label = label
    db.commit()
    return RedirectResponse("/admin/duty?msg=saved", status_code=303)


@router.post("/duty/holidays/{day}/delete")
def delete_holiday(db: DbSession, user: StaffUser, day: str) -> Response:
    """Removes a day off."""
    try:
        row = db.get(Holiday, date.fromisoformat(day))
    except ValueError:
        row = None
    if row is not None:
        db.delete(row)
        db.commit()
    return RedirectResponse("/admin/duty?msg=deleted", status_code=303)
