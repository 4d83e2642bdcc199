"""The gateway application: wiring of settings, database, Rasa client, channels and pages."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException
from starlette.responses import Response

from bot import redaction, wiring
from bot.admin import routes as admin
from bot.auth import views as auth_views
from bot.channels.web import socket as web_socket
from bot.channels.web import topics as web_topics
from bot.channels.web.origin import parse_origins
from bot.channels.web.tokens import ResidentTokens, load_secrets
from bot.channels.web.topics import TopicsCache
from bot.client_address import NetworkKeys
from bot.console import views as console
from bot.console.desk import Desk
from bot.console.live import ConsoleLive
from bot.conversations import api as chat_api
from bot.conversations.features import Features
from bot.conversations.hub import Hub
from bot.conversations.inputs import InputRejected
from bot.conversations.rasa_client import RasaClient
from bot.conversations.relay import make_relay
from bot.conversations.retrier import Retrier, RetryTiming
from bot.conversations.service import ConversationService
from bot.dashboard import routes as dashboard
from bot.db import make_engine, make_sessionmaker
from bot.deps.facts import WardFacts
from bot.deps.privacy import ConversationEraser
from bot.feedback import service as feedback
from bot.handoff.feature import Handoff, HandoffOptions
from bot.head_requests import HeadAsGet
from bot.headers import DEMO_CSP, HtmlPagePolicy
from bot.health import views as health
from bot.json_depth import JsonDepthLimit
from bot.limits import BodySizeLimit
from bot.privacy.feature import Privacy
from bot.privacy.tracker import RasaTracker
from bot.profiling import profile_stages
from bot.ratelimit import ChatLimits, RateLimiter
from bot.settings import Settings, get_settings
from bot.ward.facts import FactsProvider, fill
from knowledge.live import LiveIndex

HERE = Path(__file__).parent
SERVING_GC_THRESHOLDS = (50_000, 20, 100)
logger = logging.getLogger(__name__)

# The demo page runs only our own script; chat text can never bring its own.
DEMO_PAGE_HEADERS = {"Content-Security-Policy": DEMO_CSP, "X-Content-Type-Options": "nosniff"}
MALFORMED = "Dạ, dữ liệu gửi lên không đúng định dạng JSON ạ."
INVALID = 'Dạ, yêu cầu thiếu thông tin hoặc sai kiểu dữ liệu ạ. Cần gửi {"sender": chuỗi, "message": chuỗi}.'
INVALID_ELSEWHERE = "Dạ, yêu cầu thiếu thông tin hoặc có giá trị không hợp lệ ạ."
FAVICON_CACHE = {"Cache-Control": "public, max-age=86400"}


def build_service(
    sessions: sessionmaker[Session],
    rasa: RasaClient,
    hub: Hub,
    max_chars: int,
    facts: Callable[[], dict[str, str]],
    handoff: HandoffOptions | None = None,
) -> tuple[ConversationService, Handoff]:
    """The conversation core with its features registered: ward facts filled into our texts, 👍/👎
    under FAQ answers, handoff (queue, call-backs, ratings). `facts` gives the current ward facts."""
    features = Features()
    service = ConversationService(sessions, rasa, hub, max_chars, features)
    features.fill_text(lambda text: fill(text, facts()))
    feedback.install(features)
    return service, Handoff(service, facts, handoff).install()


async def _every(every_s: float, job: Callable[[], Awaitable[object]], what: str) -> None:
    """Runs a periodic job for as long as the app runs: waiting tickets nobody claimed in time get a
    call-back offer; conversations past the retention period are erased (bot/privacy/retention.py)."""
    while True:
        await asyncio.sleep(every_s)
        try:
            await job()
        except Exception:  # a database hiccup must not end the loop
            logger.exception("%s failed", what)


async def _bot_ready(rasa: RasaClient, action_server_url: str) -> bool:
    """Rasa and the action server both answer their health checks (a held turn needs both)."""
    return all(await asyncio.gather(rasa.ready(), health.action_server_ok(action_server_url)))


def create_app(settings: Settings | None = None) -> FastAPI:
    """Builds the gateway; everything stateful is created in the lifespan."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        redaction.install()
        engine = make_engine(settings.database_url)
        rasa = RasaClient(
            settings.rasa_url, settings.rasa_timeout_s, settings.rasa_connect_timeout_s, settings.rasa_max_in_flight
        )
        relay = make_relay(settings.redis_url, settings.redis_channel)
        hub = Hub(relay, settings.hub_outbox_limit)
        sessions = make_sessionmaker(engine)
        facts = FactsProvider(sessions, settings)  # staff edit them in /admin/ward
        service, handoff = build_service(
            sessions,
            rasa,
            hub,
            settings.max_message_chars,
            facts,
            HandoffOptions(
                settings.handoff_always_open,
                timedelta(minutes=settings.handoff_max_wait_minutes),
                settings.max_open_tickets_per_ip,
            ),
        )
        app.state.settings, app.state.engine, app.state.rasa = settings, engine, rasa
        app.state.sessions, app.state.facts = sessions, facts
        app.state.kb_index = LiveIndex(sessions)  # the editor's «Thử hỏi bot» and /api/kb/search
        app.state.service, app.state.handoff = service, handoff
        tracker = RasaTracker.from_settings(settings)  # residents' data is erased from Rasa's tracker too
        phone_keep = timedelta(days=settings.callback_phone_keep_days)
        audit_keep = timedelta(days=settings.access_log_retention_days)
        privacy = Privacy(service, tracker, settings.retention_days, phone_keep, audit_keep).install()
        eraser: ConversationEraser = privacy  # what the widget's socket is given (bot/deps/privacy.py)
        app.state.privacy = eraser
        if os.environ.get("BENCH_PROFILE"):
            profile_stages(service)
        app.state.chat_limits = ChatLimits(
            settings.chat_rate_per_minute, settings.ip_rate_per_minute, settings.overall_rate_per_minute
        )
        app.state.chat_fetch_limiter = chat_api.new_fetch_limiter()
        per_hour = settings.new_conversations_per_ip_per_hour
        app.state.new_conversations = RateLimiter(per_hour / 60, burst=max(1, per_hour // 3))
        token_secrets = load_secrets(settings.widget_token_secrets, settings.widget_token_key_file)
        app.state.resident_tokens = ResidentTokens(token_secrets, settings.widget_token_days)
        app.state.network_keys = NetworkKeys(token_secrets[0])
        app.state.widget_origins = parse_origins(settings.widget_origins)
        app.state.console = ConsoleLive(sessions, service)  # before recover(): it may queue conversations
        app.state.desk = Desk(service, settings.handoff_max_open_per_volunteer)
        app.state.widget_topics = TopicsCache()
        await relay.start(hub.deliver_relayed, service.notify_queue_listeners)
        recovered = await service.recover()
        if recovered:
            logger.info("Answered %d message(s) left unanswered before a restart", recovered)
        telegram = None
        if settings.telegram_mode != "off":
            from bot.channels.telegram.runner import TelegramChannel

            # After recover(): no Telegram update is handled while it answers stored messages
            # (no double answers); the replies it stored are sent by start() with other pending ones.
            telegram = TelegramChannel(settings, service)
            await telegram.start()
        app.state.telegram = telegram
        expiry = asyncio.create_task(
            _every(settings.handoff_check_interval_s, handoff.expire_waiting, "Expiring waiting tickets")
        )
        retention = asyncio.create_task(_every(settings.retention_check_interval_s, privacy.expire, "The retention job"))
        # messages held while the bot was unavailable (here, or in an instance that stopped): answered
        # when it is back, or handed to a person after the hold time
        hold, lease = timedelta(seconds=settings.bot_outage_hold_s), timedelta(seconds=2 * settings.rasa_timeout_s + 30)
        retrier = asyncio.create_task(
            Retrier(service, RetryTiming(hold=hold, lease=lease), lambda: _bot_ready(rasa, settings.action_server_url)).run()
        )
        # What start-up built lives as long as the process: out of the way of full collections
        # (they walked it all, stalling every request for a moment; `make bench`, open loop).
        gc.collect()
        gc.freeze()
        gc.set_threshold(*SERVING_GC_THRESHOLDS)  # as Rasa (rasa_addons/patches/speedups.py says why)
        try:
            yield
        finally:
            expiry.cancel()
            retention.cancel()
            retrier.cancel()
            if telegram:
                await telegram.stop()
            await relay.close()
            await rasa.close()
            tracker.dispose()
            engine.dispose()

    # The API's documentation maps every route for any visitor: served only when API_DOCS=true
    # (`make run`); app.openapi() builds the schema either way (tests read it from there).
    docs = settings.api_docs
    app = FastAPI(
        title="Trợ lý số phường",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.add_middleware(HtmlPagePolicy)
    app.add_middleware(JsonDepthLimit)  # inside BodySizeLimit, which bounds what it reads
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, paths=admin.UPLOAD_LIMITS)
    app.add_middleware(HeadAsGet)  # outermost: every layer and route sees the GET it answers
    app.include_router(health.router)
    app.include_router(chat_api.router)
    app.include_router(web_socket.router)
    app.include_router(web_topics.router)
    auth_views.install(app)
    admin.install(app)
    dashboard.install(app)
    wiring.install()  # the features' hooks into erasure (the retention command line installs the same)
    console.install(app)
    if settings.telegram_mode != "off":
        from bot.channels.telegram import webhook

        app.include_router(webhook.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request, facts: WardFacts) -> HTMLResponse:
        return templates.TemplateResponse(request, "index.html", await asyncio.to_thread(facts), headers=DEMO_PAGE_HEADERS)

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> FileResponse:
        # browsers ask for it on every page that names no icon (widget hosts, /docs): no 404s in the logs
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml", headers=FAVICON_CACHE)

    @app.exception_handler(InputRejected)
    async def rejected(_request: Request, error: InputRejected) -> JSONResponse:
        return chat_api.error_response(error)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        if any(e.get("type") == "json_invalid" for e in problems):
            return JSONResponse({"error": "malformed_json", "message": MALFORMED}, status_code=400)
        details = [{"field": ".".join(map(str, e.get("loc", ()))), "problem": e.get("msg")} for e in problems]
        message = INVALID if request.url.path == "/api/chat" else INVALID_ELSEWHERE
        return JSONResponse({"error": "invalid_request", "message": message, "details": details}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        # FastAPI answers a body its JSON parser could not read (an integer of 5,000 digits…) with an
        # English 400 raised from the parser's error; ours says it in Vietnamese, like malformed JSON.
        if error.status_code == 400 and isinstance(error.__cause__, ValueError):
            return JSONResponse({"error": "malformed_json", "message": MALFORMED}, status_code=400)
        return await http_exception_handler(request, error)

    return app
