"""authenticate / start_session / resolve / end_session against a migrated database."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from bot.auth import service
from bot.auth.models import LoginSession, User
from tests.bot.auth.helpers import PASSWORD, add_user, sessions

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(database_url):
    add_user(database_url, "lan", "staff")
    with sessions(database_url)() as session:
        yield session


def test_right_password_gives_the_user(db):
    user = service.authenticate(db, "lan", PASSWORD, now=NOW)
    assert isinstance(user, User) and user.username == "lan"
    assert service.aware(user.last_login_at) == NOW


def test_unknown_user_and_wrong_password_read_the_same(db):
    unknown = service.authenticate(db, "khong-co", PASSWORD, now=NOW)
    wrong = service.authenticate(db, "lan", "sai-mat-khau-roi", now=NOW)
    assert unknown == wrong == service.LoginRefused("bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.")


def test_five_failures_in_a_row_lock_the_account_for_fifteen_minutes(db):
    for _ in range(4):
        assert service.authenticate(db, "lan", "sai", now=NOW).reason == "bad_credentials"
    fifth = service.authenticate(db, "lan", "sai", now=NOW)
    assert fifth.reason == "locked"
    assert fifth.message == "Tài khoản tạm khóa do nhập sai nhiều lần, thử lại sau 15 phút."
    # while locked even the right password is refused
    later = service.authenticate(db, "lan", PASSWORD, now=NOW + timedelta(minutes=10, seconds=30))
    assert later.reason == "locked" and "thử lại sau 5 phút" in later.message
    # released after the lock time
    assert isinstance(service.authenticate(db, "lan", PASSWORD, now=NOW + timedelta(minutes=15, seconds=1)), User)


def test_a_success_resets_the_failure_count(db):
    for _ in range(4):
        service.authenticate(db, "lan", "sai", now=NOW)
    assert isinstance(service.authenticate(db, "lan", PASSWORD, now=NOW), User)
    for _ in range(4):
        assert service.authenticate(db, "lan", "sai", now=NOW).reason == "bad_credentials"


def test_limits_come_from_the_caller(db):
    for _ in range(2):
        service.authenticate(db, "lan", "sai", max_failures=3, lockout_minutes=2, now=NOW)
    refused = service.authenticate(db, "lan", "sai", max_failures=3, lockout_minutes=2, now=NOW)
    assert refused.message.endswith("thử lại sau 2 phút.")


def test_inactive_users_cannot_log_in(db):
    db.scalar(select(User).where(User.username == "lan")).is_active = False
    refused = service.authenticate(db, "lan", PASSWORD, now=NOW)
    assert refused.reason == "inactive"
    # a wrong password tells nothing more than for anyone else
    assert service.authenticate(db, "lan", "sai", now=NOW).reason == "bad_credentials"


def test_an_old_hash_is_upgraded_on_log_in(db):
    user = db.scalar(select(User).where(User.username == "lan"))
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    old = user.password_hash
    assert isinstance(service.authenticate(db, "lan", PASSWORD, now=NOW), User)
    assert user.password_hash != old and user.password_hash.startswith("$argon2id$v=19$m=65536")


def test_sessions_keep_only_a_digest_and_expire(db):
    user = db.scalar(select(User).where(User.username == "lan"))
    raw, csrf = service.start_session(db, user, hours=12, now=NOW)
    assert len(raw) >= 43 and len(csrf) >= 43 and raw != csrf
    [stored] = db.scalars(select(LoginSession)).all()
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest() and raw not in stored.token_hash
    assert service.aware(stored.expires_at) == NOW + timedelta(hours=12)
    found = service.resolve(db, raw, now=NOW + timedelta(hours=11))
    assert found is not None and found[0].id == user.id and found[1].csrf_token == csrf
    assert service.resolve(db, raw + "x", now=NOW) is None
    assert service.resolve(db, raw, now=NOW + timedelta(hours=12, seconds=1)) is None
    assert db.scalars(select(LoginSession)).all() == []  # the expired row is gone


def test_end_session_and_inactive_users_end_access(db):
    user = db.scalar(select(User).where(User.username == "lan"))
    raw, _ = service.start_session(db, user, now=NOW)
    user.is_active = False
    assert service.resolve(db, raw, now=NOW) is None
    user.is_active = True
    assert service.resolve(db, raw, now=NOW) is not None
    service.end_session(db, raw)
    assert service.resolve(db, raw, now=NOW) is None


@pytest.mark.parametrize(
    ("username", "password", "role", "problem"),
    [
        ("an", "ngan", "staff", "ít nhất 10 ký tự"),
        ("an", "du-dai-roi-day", "boss", "Vai trò không hợp lệ"),
        ("co khoang", "du-dai-roi-day", "staff", "không có khoảng trắng"),
        ("lan", "du-dai-roi-day", "staff", "đã tồn tại"),
    ],
)
def test_create_user_checks_its_input(db, username, password, role, problem):
    with pytest.raises(ValueError, match=problem):
        service.create_user(db, username, password, role)
