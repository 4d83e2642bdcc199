"""Gateway settings, read from the environment (and an optional .env file)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the gateway can be told; defaults run on one machine with SQLite."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/app.db"
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    # several gateway instances: redis://host:6379/0 carries messages and queue changes between them
    redis_url: str = ""
    redis_channel: str = "tlsp:gateway-events"  # instances of one deployment share it
    # Frames waiting for one widget or console socket: a client this far behind is closed (code 1013) and
    # reloads what it missed from the database on reconnect (bot/conversations/outbox.py)
    hub_outbox_limit: int = Field(default=256, ge=1)
    rasa_connect_timeout_s: float = 2.0
    rasa_timeout_s: float = 15.0
    # Turns sent to Rasa at once (more wait their turn here, first come first served, within
    # rasa_timeout_s). Rasa works one turn at a time per process: a hundred in flight made it no
    # faster, and it picked among them unfairly, so some waited past the timeout (`make bench`).
    rasa_max_in_flight: int = 16
    # While the bot is unavailable a resident's messages are held and answered when it is back; a
    # conversation still unanswered after this long is handed to a volunteer (bot/conversations/retrier.py).
    bot_outage_hold_s: float = 60.0

    max_message_chars: int = 2000
    max_body_bytes: int = 64 * 1024
    # Token buckets (bot/ratelimit.py): per resident, per client IP (widget and API; Telegram's users are
    # Telegram's), and for the whole gateway; new widget conversations per IP; open tickets per IP.
    chat_rate_per_minute: int = 30
    ip_rate_per_minute: int = 120  # a ward office or a café behind one address: several residents
    overall_rate_per_minute: int = 6000
    new_conversations_per_ip_per_hour: int = 30
    max_open_tickets_per_ip: int = 2

    # Residents of the widget are who a token signed here says (bot/channels/web/tokens.py). Secrets are
    # comma-separated, the first signs and all verify: put a new one first, drop the old one later.
    # Unset: a secret is generated once into `widget_token_key_file` (0600), enough for one machine.
    widget_token_secrets: str = ""
    widget_token_key_file: str = "var/widget-token.key"
    widget_token_days: int = 180  # a token unused this long is refused; every visit renews it
    # Pages allowed to open the widget's socket ("https://phuong.example,https://www.phuong.example");
    # unset: only pages served by the gateway itself (the Origin's host is the request's Host).
    widget_origins: str = ""
    # FAQ ids the widget offers a new resident first ("vneid-quen-mat-khau,..."); the most asked follow.
    widget_pinned_topics: str = ""
    # POST /api/chat, the integration API: with a key, only callers sending it (X-Api-Key); without one,
    # only callers on this machine (loopback), as for `make run` and the tests.
    chat_api_key: str = ""

    telegram_mode: Literal["off", "webhook", "polling"] = "off"
    telegram_token: str = ""
    telegram_webhook_secret: str = ""
    telegram_public_url: str = ""  # https://ward.example/ ; the webhook is <url>/telegram/webhook
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    telegram_rate_per_second: float = 25.0

    # Ward facts: unset until the ward sets them (here or in /admin/ward); while unset, a line of an
    # answer that needs one says "Bác liên hệ trực tiếp Ủy ban nhân dân phường" (bot/ward/facts.py).
    # The editor's «Cần rà soát» list: entries not reviewed for this many days, dated rules ending
    # within `review_expiring_days`, entries with this many 👎 since their last review.
    review_interval_days: int = 182
    review_expiring_days: int = 30
    review_thumbs_down: int = 3

    ward_name: str = ""
    ward_address: str = ""
    ward_hours: str = ""
    ward_hotline: str = ""
    class_schedule: str = ""

    # handoff to volunteers
    handoff_always_open: bool = False  # true: queue at any hour, ignoring the duty schedule
    handoff_max_wait_minutes: float = 10  # unclaimed longer: the resident is offered a call-back
    handoff_max_open_per_volunteer: int = 3
    handoff_check_interval_s: float = 15
    # a call-back's phone number is deleted this many days after the call-back is done (or unreachable)
    callback_phone_keep_days: int = Field(default=7, ge=0)

    # staff and volunteer log-in
    cookie_secure: bool = False  # production behind https sets COOKIE_SECURE=true (cookies only over https)
    session_hours: float = 8  # absolute: a log-in ends this long after it started, busy or not
    session_idle_minutes: float = 30  # a log-in with no request (page, API call, console ping) this long ends
    # wrong passwords one client address may make for one user name before it waits 1 s, 2 s, 4 s …
    login_max_failures: int = 5
    login_max_delay_s: float = 300  # the longest of those waits

    # /docs, /redoc and /openapi.json: off in production (they map every route for a visitor); `make run` turns them on
    api_docs: bool = False

    # residents' personal data (bot/privacy/): a conversation whose last message is older than
    # retention_days is erased, leaving anonymous daily counts; the gateway looks this often
    retention_days: int = Field(default=180, ge=1)
    retention_check_interval_s: float = Field(default=3600, gt=0)
    # the access log (who opened which resident's conversation) and the record of call-back phone numbers
    # revealed (bot/handoff/phone_reads.py), deleted by the same job after this many days:
    # longer than conversations, so an opening can be checked after the conversation is gone, but not
    # forever (an audit record names staff and volunteers, and when they worked)
    access_log_retention_days: int = Field(default=365, ge=1)
    # Rasa's tracker, where conversations are erased too: the RASA_TRACKER_* variables Rasa itself reads
    # (bot/dialogue/endpoints.yml); by default the SQLite file `make run` gives Rasa
    rasa_tracker_dialect: str = "sqlite"
    rasa_tracker_host: str = ""  # host:port, or a full postgresql:// URL
    rasa_tracker_db: str = "var/rasa_tracker.db"
    rasa_tracker_user: str = ""
    rasa_tracker_password: str = ""

    log_level: str = Field(default="INFO")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (tests build their own Settings instead)."""
    return Settings()
