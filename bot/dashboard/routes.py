"""/admin/thong-ke: the dashboard's pages, the printable report and the CSV exports (staff and admins).

Every route checks the role as the editor does (require_staff: staff, and admins always); the
per-volunteer table is built only for admins. Bad filters answer 400 with the reason in Vietnamese.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from bot.admin.templating import render, templates
from bot.auth.deps import DbSession, StaffUser, require_staff, verify_csrf
from bot.clock import utcnow
from bot.dashboard import collector, rollup
from bot.dashboard.export import to_csv
from bot.dashboard.period import CHANNELS, PRESETS, FilterError, Filters, parse
from bot.dashboard.sections import SECTIONS, TABLES
from bot.dashboard.sections.figures import Figures
from bot.dashboard.sections.tables import Section, Viewer, show
from knowledge.models import Category

logger = logging.getLogger(__name__)

router = APIRouter(
    prefix="/admin/thong-ke",
    dependencies=[Depends(require_staff), Depends(verify_csrf)],
    include_in_schema=False,
)


@dataclass(frozen=True)
class Asked:
    """The filters as the page's form sends them: ky (a preset), tu and den (dates), kenh (a channel), nhom
    (a category); any text is accepted here, period.parse judges it."""

    ky: str = ""
    tu: str = ""
    den: str = ""
    kenh: str = ""
    nhom: str = ""


AskedFilters = Annotated[Asked, Depends()]
REPORT = "bao-cao"
UNKNOWN_TABLE = "Không có bảng số liệu này."
UNKNOWN_SECTION = "Không có mục thống kê này."
WORK_MEM = "64MB"
templates.env.filters["dash_value"] = show  # numbers as Vietnamese read them (1.234; 2,5)


def bring_up_to_date(db: Session) -> None:
    """Runs the roll-ups' refresh; if another request (or an erasure's catch-up) is running one at the same
    moment, reads as is."""
    postgresql = db.get_bind().dialect.name == "postgresql"
    if postgresql and not db.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": rollup.REFRESH_LOCK}).scalar():
        logger.info("dashboard roll-ups: another refresh is running; reading them as they are")
        return
    try:
        rollup.refresh(db)
        db.commit()
    except IntegrityError:  # a refresh in another process (SQLite: no advisory lock) wrote the same rows
        db.rollback()
        logger.info("dashboard roll-ups: another refresh wrote first; reading them as they are")
    except DBAPIError:  # anything else must be seen: the roll-ups would stop following the data
        db.rollback()
        logger.exception("dashboard roll-ups: the refresh failed; reading them as they are")
    if postgresql:
        # for this read only: sorting a year's conversation ids (residents helped) spilled to disk at the
        # default 4 MB and took three times as long
        db.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))


def _categories(db: Session) -> list[tuple[str, str]]:
    return [(c, t) for c, t in db.execute(select(Category.id, Category.title).order_by(Category.position, Category.title))]


def _filters(db: Session, asked: Asked) -> tuple[Filters, list[tuple[str, str]]]:
    categories = _categories(db)
    known = frozenset(c for c, _ in categories)
    return parse(utcnow(), asked.ky, asked.tu, asked.den, asked.kenh, asked.nhom, known), categories


def _page(
    request: Request,
    db: Session,
    user: StaffUser,
    slugs: list[str],
    asked: Asked,
    current: str,
) -> Response:
    try:
        filters, categories = _filters(db, asked)
    except FilterError as error:
        return render(
            request,
            "admin/dashboard.html",
            {
                "active": "dashboard",
                "error": error.message,
                "sections": [],
                "current": current,
                "nav": SECTIONS,
                "presets": PRESETS,
                "channels": CHANNELS,
                "categories": _categories(db),
                "filters": None,
            },
            status_code=400,
        )
    # the roll-ups' catch-up first, with the collector on (after a quiet spell it may read many rows); then
    # the figures and the page, which make only short-lived objects, without its passes
    bring_up_to_date(db)
    with collector.held_off():
        viewer = Viewer(is_admin=user.role == "admin")
        figures = Figures(db, filters)
        # the overview last: in the report, the handoff sections have read the tickets it would read again
        built = {slug: SECTIONS[slug][1](figures, viewer) for slug in sorted(slugs, key=lambda slug: slug == "tong-quan")}
        sections: list[Section] = [built[slug] for slug in slugs]
        return render(
            request,
            "admin/dashboard.html",
            {
                "active": "dashboard",
                "error": "",
                "sections": sections,
                "current": current,
                "nav": SECTIONS,
                "presets": PRESETS,
                "channels": CHANNELS,
                "categories": categories,
                "filters": filters,
                "query": filters.query(),
                "report": current == REPORT,
            },
        )


@router.get("")
def dashboard(
    request: Request,
    db: DbSession,
    user: StaffUser,
    asked: AskedFilters,
) -> Response:
    """The overview: tiles against the previous period, conversation-days per day."""
    return _page(request, db, user, ["tong-quan"], asked, "tong-quan")


@router.get("/csv/{key}.csv")
def export(
    request: Request,
    db: DbSession,
    user: StaffUser,
    key: str,
    asked: AskedFilters,
) -> Response:
    """One table's numbers as CSV (the per-volunteer table for admins only)."""
    slug = TABLES.get(key)
    if slug is None:
        return Response(UNKNOWN_TABLE, status_code=404, media_type="text/plain; charset=utf-8")
    try:
        filters, _ = _filters(db, asked)
    except FilterError as error:
        return Response(error.message, status_code=400, media_type="text/plain; charset=utf-8")
    bring_up_to_date(db)
    with collector.held_off():
        section = SECTIONS[slug][1](Figures(db, filters), Viewer(is_admin=user.role == "admin"))
        table = next((t for t in section.tables if t.key == key), None)
        if table is None:  # the per-volunteer table for a staff member
            return Response(UNKNOWN_TABLE, status_code=404, media_type="text/plain; charset=utf-8")
        body = to_csv(table)
    period = f"{filters.period.first:%Y%m%d}-{filters.period.last:%Y%m%d}"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="thong-ke-{key}-{period}.csv"'},
    )


@router.get("/{slug}")
def section_page(
    request: Request,
    db: DbSession,
    user: StaffUser,
    slug: str,
    asked: AskedFilters,
) -> Response:
    """One section, or every section as the printable report (bao-cao)."""
    if slug == REPORT:
        return _page(request, db, user, list(SECTIONS), asked, REPORT)
    if slug not in SECTIONS:
        return render(request, "admin/message.html", {"title": UNKNOWN_SECTION, "message": UNKNOWN_SECTION}, status_code=404)
    return _page(request, db, user, [slug], asked, slug)


def install(app: FastAPI) -> None:
    """The dashboard's routes (call once in create_app, before the editor's catch-alls if any); its hook
    on erasure is registered by bot/wiring.py, for the app and the retention command line alike."""
    app.include_router(router)
