"""authenticate / start_session / resolve / end_session against a migrated database."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from bot.auth import service
from bot.auth.lockout import LockoutPolicy, wait_message
from bot.auth.models import LoginFailure, LoginSession, User
from bot.auth.timestamps import aware
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
    assert aware(user.last_login_at) == NOW


def test_unknown_user_and_wrong_password_read_the_same(db):
    unknown = service.authenticate(db, "khong-co", PASSWORD, now=NOW)
    wrong = service.authenticate(db, "lan", "sai-mat-khau-roi", now=NOW)
    assert unknown == wrong == service.LoginRefused("bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.")


def _fail(db, times: int, *, client: str = "203.0.113.7", username: str = "lan", now: datetime = NOW):
    return [service.authenticate(db, username, "sai-mat-khau", client, now=now) for _ in range(times)]


def test_after_five_failures_that_address_waits_1_2_4_seconds(db):
    assert [r.reason for r in _fail(db, 5)] == ["bad_credentials"] * 5
    # right away, even the right password is not checked: the address waits a second
    refused = service.authenticate(db, "lan", PASSWORD, "203.0.113.7", now=NOW)
    assert refused == service.LoginRefused("wait", "Bạn đã nhập sai nhiều lần. Vui lòng chờ 1 giây rồi thử lại.")
    later = NOW + timedelta(seconds=1)
    assert _fail(db, 1, now=later)[0].reason == "bad_credentials"  # the sixth failure: now 2 s
    assert "chờ 2 giây" in service.authenticate(db, "lan", PASSWORD, "203.0.113.7", now=later).message
    later += timedelta(seconds=2)
    _fail(db, 1, now=later)  # the seventh: 4 s
    assert "chờ 4 giây" in service.authenticate(db, "lan", PASSWORD, "203.0.113.7", now=later + timedelta(seconds=0.5)).message
    assert isinstance(service.authenticate(db, "lan", PASSWORD, "203.0.113.7", now=later + timedelta(seconds=4)), User)


def test_the_waits_grow_up_to_the_cap():
    policy = LockoutPolicy(free_failures=5, max_delay=timedelta(minutes=5))
    assert [policy.delay(n) for n in (1, 4)] == [None, None]
    assert [policy.delay(n).total_seconds() for n in (5, 6, 7, 8, 13, 14, 100, 10**6)] == [1, 2, 4, 8, 256, 300, 300, 300]


def test_a_guesser_elsewhere_never_locks_the_owner_out(db):
    _fail(db, 30, client="198.51.100.9")  # an attacker's address, many times over
    assert service.authenticate(db, "lan", PASSWORD, "198.51.100.9", now=NOW).reason == "wait"
    assert isinstance(service.authenticate(db, "lan", PASSWORD, "203.0.113.7", now=NOW), User)


def test_unknown_names_wait_exactly_like_real_ones(db):
    real = _fail(db, 6, username="lan")
    unknown = _fail(db, 6, username="khong-co-ai")
    assert real == unknown
    assert [r.reason for r in real] == ["bad_credentials"] * 5 + ["wait"]
    assert service.authenticate(db, "khong-co-ai", PASSWORD, "203.0.113.7", now=NOW) == service.authenticate(
        db, "lan", PASSWORD, "203.0.113.7", now=NOW
    )


def test_the_wait_is_kept_in_the_database_for_every_instance(database_url, db):
    _fail(db, 5)
    db.commit()
    with sessions(database_url)() as other:  # another gateway instance, or the same after a restart
        assert service.authenticate(other, "lan", PASSWORD, "203.0.113.7", now=NOW).reason == "wait"
    [row] = db.scalars(select(LoginFailure)).all()
    assert row.failures == 5 and "lan" not in row.account_key  # only a digest of the typed name is kept


def test_a_success_clears_that_addresss_failures(db):
    _fail(db, 4)
    assert isinstance(service.authenticate(db, "lan", PASSWORD, "203.0.113.7", now=NOW), User)
    assert [r.reason for r in _fail(db, 5)] == ["bad_credentials"] * 5
    assert db.scalars(select(LoginFailure)).one().failures == 5


def test_failures_a_day_old_are_forgotten(db):
    _fail(db, 5)
    a_day_later = NOW + timedelta(hours=24, seconds=1)
    assert _fail(db, 1, now=a_day_later)[0].reason == "bad_credentials"
    assert db.scalars(select(LoginFailure)).one().failures == 1


def test_a_new_password_clears_the_names_failures_from_every_address(db):
    _fail(db, 5, client="198.51.100.9")
    _fail(db, 5, client="203.0.113.7")
    service.set_password(db, db.scalar(select(User).where(User.username == "lan")), "mot-mat-khau-moi-hoan-toan")
    assert db.scalars(select(LoginFailure)).all() == []


def test_limits_come_from_the_caller(db):
    policy = LockoutPolicy(free_failures=3, max_delay=timedelta(seconds=90))
    for _ in range(3):
        service.authenticate(db, "lan", "sai", "203.0.113.7", policy=policy, now=NOW)
    assert service.authenticate(db, "lan", PASSWORD, "203.0.113.7", policy=policy, now=NOW).reason == "wait"
    for minute in range(1, 11):  # each a minute after the last, past its wait: 2 s, 4 s … 90 s
        service.authenticate(db, "lan", "sai", "203.0.113.7", policy=policy, now=NOW + timedelta(minutes=minute))
    refused = service.authenticate(db, "lan", PASSWORD, "203.0.113.7", policy=policy, now=NOW + timedelta(minutes=10, seconds=1))
    assert refused.message.endswith("chờ 89 giây rồi thử lại.")
    assert wait_message(timedelta(minutes=4, seconds=10)).endswith("chờ 5 phút rồi thử lại.")


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
    assert aware(stored.expires_at) == NOW + timedelta(hours=12)
    found = service.resolve(db, raw, now=NOW + timedelta(hours=11))
    assert found is not None and found[0].id == user.id and found[1].csrf_token == csrf
    assert service.resolve(db, raw + "x", now=NOW) is None
    assert service.resolve(db, raw, now=NOW + timedelta(hours=12, seconds=1)) is None
    assert db.scalars(select(LoginSession)).all() == []  # the expired row is gone


def test_a_session_idle_longer_than_the_limit_ends(db):
    user = db.scalar(select(User).where(User.username == "lan"))
    raw, _ = service.start_session(db, user, hours=8, now=NOW)
    idle = timedelta(minutes=30)
    assert service.resolve(db, raw, idle=idle, now=NOW + timedelta(minutes=29)) is not None
    # that request moved its last activity on: another 29 minutes are fine, 30 without one are not
    assert service.resolve(db, raw, idle=idle, now=NOW + timedelta(minutes=58)) is not None
    assert service.resolve(db, raw, idle=idle, now=NOW + timedelta(minutes=88)) is None
    assert db.scalars(select(LoginSession)).all() == []  # the idle row is gone
    assert service.resolve(db, raw, idle=idle, now=NOW + timedelta(minutes=89)) is None


def test_an_active_session_still_ends_at_its_absolute_lifetime(db):
    user = db.scalar(select(User).where(User.username == "lan"))
    raw, _ = service.start_session(db, user, hours=8, now=NOW)
    idle = timedelta(minutes=30)
    for minutes in range(10, 8 * 60, 10):  # a request every ten minutes all day
        assert service.resolve(db, raw, idle=idle, now=NOW + timedelta(minutes=minutes)) is not None
    assert service.resolve(db, raw, idle=idle, now=NOW + timedelta(hours=8)) is None


def test_last_activity_is_written_at_most_once_a_minute(db):
    user = db.scalar(select(User).where(User.username == "lan"))
    raw, _ = service.start_session(db, user, now=NOW)
    service.resolve(db, raw, idle=timedelta(minutes=30), now=NOW + timedelta(seconds=50))
    assert aware(db.scalars(select(LoginSession)).one().last_seen_at) == NOW
    service.resolve(db, raw, idle=timedelta(minutes=30), now=NOW + timedelta(seconds=70))
    assert aware(db.scalars(select(LoginSession)).one().last_seen_at) == NOW + timedelta(seconds=70)


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
        ("an", "password123", "staff", "quá phổ biến"),
        ("nguyenvanbinh", "NguyenVanBinh1990", "volunteer", "tên đăng nhập"),
    ],
)
def test_create_user_checks_its_input(db, username, password, role, problem):
    with pytest.raises(ValueError, match=problem):
        service.create_user(db, username, password, role)


def test_waits_are_counted_the_same_on_postgresql():
    from tests.support.database import migrate
    from tests.support.postgres import postgres_schema

    with postgres_schema() as url:
        migrate(url)
        add_user(url, "lan", "staff")
        engine_sessions = sessions(url)
        with engine_sessions() as db:
            assert [r.reason for r in _fail(db, 6)] == ["bad_credentials"] * 5 + ["wait"]
            assert "chờ 1 giây" in service.authenticate(db, "lan", PASSWORD, "203.0.113.7", now=NOW).message
            _fail(db, 1, now=NOW + timedelta(seconds=1))  # the sixth failure
            assert db.scalars(select(LoginFailure)).one().failures == 6
            assert (
                "chờ 2 giây" in service.authenticate(db, "lan", PASSWORD, "203.0.113.7", now=NOW + timedelta(seconds=1)).message
            )
            _fail(db, 1, now=NOW + timedelta(hours=25))  # a day later: a fresh run
            assert db.scalars(select(LoginFailure)).one().failures == 1
            assert isinstance(service.authenticate(db, "lan", PASSWORD, "203.0.113.7", now=NOW + timedelta(hours=25)), User)
            db.commit()
        engine_sessions.kw["bind"].dispose()
