"""Ward facts (name, address, hours, hotline, classes) filled into bot text at send time."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings

logger = logging.getLogger(__name__)

FACT_KEYS = ("ward_name", "ward_address", "ward_hours", "ward_hotline", "class_schedule")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(FACT_KEYS) + r")\}")
# Said instead of a line whose ward fact nobody has set yet: never a fake number or "(… do phường cập nhật)".
UNSET_LINE = "Bác liên hệ trực tiếp Ủy ban nhân dân phường để được hướng dẫn."
# what a line may start with before its words (an emoji, a bullet), kept when the line is replaced
_LEAD = re.compile(r"^[^\w{]*")
# A hotline is a phone number: digits with spaces, dots, dashes, brackets or a leading +, 3 to 15 digits.
_PHONE = re.compile(r"\+?[\d\s().-]+")
# Hours name a time of day (7:30, 7h30, 7 giờ) — a sentence without one is not opening hours.
_TIME = re.compile(r"\d{1,2}\s*(?::|h|giờ)\s*\d{0,2}", re.IGNORECASE)


def facts_from_settings(settings: Settings) -> dict[str, str]:
    """The ward facts as configured ("" for those not set)."""
    return {key: getattr(settings, key).strip() for key in FACT_KEYS}


def unset(facts: dict[str, str]) -> list[str]:
    """The facts nobody has set yet, in FACT_KEYS order."""
    return [key for key in FACT_KEYS if not (facts.get(key) or "").strip()]


def problem(key: str, value: str) -> str:
    """Why a value cannot be this fact (Vietnamese, for the staff form), or "" when it can."""
    value = value.strip()
    if not value:
        return ""
    if key == "ward_hotline":
        digits = sum(ch.isdigit() for ch in value)
        if not _PHONE.fullmatch(value) or not 3 <= digits <= 15:
            return "Đường dây nóng phải là một số điện thoại, ví dụ 028 3829 1234 hoặc 1022."
    if key == "ward_hours" and not _TIME.search(value):
        return "Giờ làm việc cần có giờ cụ thể, ví dụ: Thứ Hai đến Thứ Sáu 7:30–11:30 và 13:00–17:00."
    return ""


def fill(text: str, facts: dict[str, str]) -> str:
    """Fills the ward facts in; a line using a fact nobody has set is replaced as a whole by UNSET_LINE
    (once, however many such lines follow each other). Any other brace stays as written."""
    lines: list[str] = []
    for line in text.split("\n"):
        names = _PLACEHOLDER.findall(line)
        if any(not (facts.get(name) or "").strip() for name in names):
            lead = _LEAD.match(line)
            replaced = (lead.group(0) if lead else "") + UNSET_LINE
            if not lines or not lines[-1].endswith(UNSET_LINE):
                lines.append(replaced)
            continue
        lines.append(_PLACEHOLDER.sub(lambda m: facts[m.group(1)].strip(), line) if names else line)
    return "\n".join(lines)


def load_facts(session: Session, settings: Settings) -> dict[str, str]:
    """The ward facts staff have set (WardFact rows), the configured default for the others."""
    from bot.ward.models import WardFact

    stored = {row.key: row.value for row in session.scalars(select(WardFact).where(WardFact.key.in_(FACT_KEYS)))}
    return {key: stored.get(key, getattr(settings, key)).strip() for key in FACT_KEYS}


class FactsProvider:
    """Current ward facts from the database, cached a couple of seconds; falls back to the last good read."""

    def __init__(
        self, sessions: sessionmaker[Session], settings: Settings, ttl_s: float = 2.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._sessions = sessions
        self._settings = settings
        self._ttl = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._facts = facts_from_settings(settings)
        self._read_at: float | None = None

    def __call__(self) -> dict[str, str]:
        """The facts, read again when the cached copy is older than the TTL."""
        now = self._clock()
        with self._lock:
            if self._read_at is not None and now - self._read_at < self._ttl:
                return self._facts
            try:
                with self._sessions() as session:
                    self._facts = load_facts(session, self._settings)
            except SQLAlchemyError as error:  # keep answering with what we had
                logger.warning("Ward facts could not be read, using the last known ones: %s", error)
            self._read_at = now
            return self._facts

    def invalidate(self) -> None:
        """Forget the cached copy (after staff saved new facts in this process)."""
        with self._lock:
            self._read_at = None
