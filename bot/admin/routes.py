"""The editor's routes in one router: staff (or admin) on every /admin route, CSRF on every form."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI

from bot.admin import (
    access_log,
    canned,
    duty,
    faqs,
    phone_reads,
    review,
    search_api,
    topics,
    transfer,
    tryout,
    unanswered,
    ward,
)
from bot.admin.uploads import UPLOAD_MAX_BYTES, UPLOAD_PATH, too_large
from bot.auth.deps import require_staff, verify_csrf

# The import upload may be larger than other requests (multipart overhead on top of the file).
UPLOAD_LIMITS = {UPLOAD_PATH: (UPLOAD_MAX_BYTES + 256 * 1024, too_large)}

router = APIRouter(
    prefix="/admin",
    dependencies=[Depends(require_staff), Depends(verify_csrf)],
    include_in_schema=False,
)


# the editor's home: ward facts still to set and the review counts (bot/admin/review.py)
router.add_api_route("", review.admin_home, methods=["GET"])
router.add_api_route("/", review.admin_home, methods=["GET"])

# the editor's pages, module by module (tests/e2e/test_admin_pages_browser.py visits every GET route of them)
MODULES = (review, faqs, unanswered, tryout, ward, transfer, canned, topics, duty, access_log, phone_reads)
for module in MODULES:
    router.include_router(module.router)


def install(app: FastAPI) -> None:
    """The editor and the public knowledge-base search (call once in create_app)."""
    app.state.kb_search_limiter = search_api.new_limiter()
    app.include_router(router)
    app.include_router(search_api.router)
