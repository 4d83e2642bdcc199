"""Growing waits after wrong passwords, per (typed user name, client address), kept in the database.

A hard lock on the account let anyone lock the real owner out by typing five wrong passwords. Here
only the address that failed waits, and only for that name: after `free_failures` wrong passwords
in a row it waits 1 s, then 2 s, 4 s … up to `max_delay`. The per-address log-in limit
(bot/auth/views.py) still caps guessing across names. Unknown names are counted like real ones, so
neither the messages nor the waits tell which accounts exist.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.auth.models import LoginFailure
from bot.auth.timestamps import aware

WAIT = "Bạn đã nhập sai nhiều lần. Vui lòng chờ {wait} rồi thử lại."


@dataclass(frozen=True)
class LockoutPolicy:
    """How many wrong passwords are free, the first wait after them, the longest wait, and how long
    a run of failures is remembered (a failure after a quiet day starts a fresh run)."""

    free_failures: int = 5
    first_delay: timedelta = timedelta(seconds=1)
    max_delay: timedelta = timedelta(minutes=5)
    memory: timedelta = timedelta(hours=24)

    def delay(self, failures: int) -> timedelta | None:
        """The wait after this many failures in a row (None while they are free)."""
        if failures < self.free_failures:
            return None
        doublings = min(failures - self.free_failures, 40)  # 2^40 s is far past any sane cap
        delay: timedelta = min(self.first_delay * (2**doublings), self.max_delay)
        return delay


def account_key(username: str) -> str:
    """What is kept of a typed name: its SHA-256 (a password typed into the name box stays unreadable)."""
    return hashlib.sha256(username.strip().encode()).hexdigest()


def client_key(address: str) -> str:
    """The client as stored: the log-in page passes a keyed hash of its address (bot/client_address.py)."""
    return address[:64]


def waiting(session: Session, username: str, client: str, now: datetime) -> timedelta | None:
    """How long this address must still wait before trying this name again (None: it may try now)."""
    row = session.get(LoginFailure, (account_key(username), client_key(client)))
    blocked_until = aware(row.blocked_until) if row else None
    if blocked_until is None or blocked_until <= now:
        return None
    return blocked_until - now


def wait_message(wait: timedelta) -> str:
    """«… chờ 4 giây …», or minutes when it is longer than a minute and a half."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    return WAIT.format(wait=f"{seconds} giây" if seconds <= 90 else f"{math.ceil(seconds / 60)} phút")


def record_failure(session: Session, username: str, client: str, policy: LockoutPolicy, now: datetime) -> timedelta | None:
    """Counts a wrong password (one atomic upsert, so instances racing on the same pair count every
    failure); returns the wait it starts, if any. Runs older than the policy's memory are forgotten."""
    key, address = account_key(username), client_key(client)
    forgotten = now - policy.memory
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    counted = (
        insert(LoginFailure)
        .values(account_key=key, client=address, failures=1, last_failed_at=now)
        .on_conflict_do_update(
            index_elements=[LoginFailure.account_key, LoginFailure.client],
            set_={
                "failures": case((LoginFailure.last_failed_at < forgotten, 1), else_=LoginFailure.failures + 1),
                "last_failed_at": now,
            },
        )
        .returning(LoginFailure.failures)
    )
    failures = int(session.execute(counted).scalar_one())
    delay = policy.delay(failures)
    row = session.get_one(LoginFailure, (key, address), populate_existing=True)
    row.blocked_until = now + delay if delay else None
    # (no in-session evaluation: SQLite's stored times are naive, `forgotten` is aware)
    session.execute(
        delete(LoginFailure).where(LoginFailure.last_failed_at < forgotten).execution_options(synchronize_session=False)
    )
    session.flush()
    return delay


def forget(session: Session, username: str, client: str | None = None) -> None:
    """Clears the failures of a name (from one address after its right password; from all of them
    when an operator sets a new password)."""
    condition = LoginFailure.account_key == account_key(username)
    if client is not None:
        condition = condition & (LoginFailure.client == client_key(client))
    session.execute(delete(LoginFailure).where(condition))
