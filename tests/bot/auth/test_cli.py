"""`python -m bot.auth.cli` as an operator runs it: a subprocess on a migrated database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.auth.passwords import verify_password
from bot.ward.models import WardFact
from tests.bot.auth.helpers import get_user, sessions

ROOT = Path(__file__).resolve().parents[3]


def cli(
    database_url: str, *args: str, password: str | None = None, stdin: str = "", ward: str = ""
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WARD_NAME")}
    env.update(DATABASE_URL=database_url, PYTHONPATH=str(ROOT), WARD_NAME=ward)
    if password is not None:
        env["NEW_PASSWORD"] = password
        args = (*args, "--password-env", "NEW_PASSWORD")
    return subprocess.run(
        [sys.executable, "-m", "bot.auth.cli", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=60
    )


def test_create_admin(database_url):
    done = cli(
        database_url,
        "create-admin",
        "--username",
        "quantri",
        "--display-name",
        "Quản trị phường",
        password="mot-mat-khau-rat-dai",
    )
    assert done.returncode == 0, done.stderr
    assert "quantri" in done.stdout and "mot-mat-khau-rat-dai" not in done.stdout + done.stderr
    user = get_user(database_url, "quantri")
    assert user.role == "admin" and user.display_name == "Quản trị phường" and user.is_active
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, "mot-mat-khau-rat-dai")


def test_short_passwords_are_refused(database_url):
    done = cli(database_url, "create-admin", "--username", "quantri", password="ngan-qua")
    assert done.returncode == 1
    assert "ít nhất 10 ký tự" in done.stderr
    assert get_user(database_url, "quantri") is None


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password123", "quá phổ biến"),
        ("12345678", "ít nhất 10 ký tự"),
        ("1234567890", "quá phổ biến"),
        ("matkhau123", "quá phổ biến"),
        ("Mật khẩu 2024", "quá phổ biến"),
        ("qwertyuiop", "quá phổ biến"),
        ("abcdefghijk", "dễ đoán"),
        ("quantri-phuong", "tên đăng nhập"),
        ("QuanTri2026!", "tên đăng nhập"),
    ],
)
def test_common_and_guessable_passwords_are_refused_with_the_reason(database_url, password, reason):
    done = cli(database_url, "create-admin", "--username", "quantri", password=password)
    assert done.returncode == 1
    assert reason in done.stderr and password not in done.stdout
    assert get_user(database_url, "quantri") is None


def test_the_wards_name_is_refused_from_settings_and_from_the_editor(database_url):
    done = cli(database_url, "create-admin", "--username", "quantri", password="PhuongBenThanh2026", ward="Phường Bến Thành")
    assert done.returncode == 1 and "tên phường" in done.stderr
    with sessions(database_url)() as session:  # staff set the name in /admin/ward: it wins over WARD_NAME
        session.add(WardFact(key="ward_name", value="Phường Tân Định", updated_by="lan"))
        session.commit()
    done = cli(database_url, "create-admin", "--username", "quantri", password="tan-dinh-2026-q1", ward="Phường Bến Thành")
    assert done.returncode == 1 and "tên phường" in done.stderr
    assert get_user(database_url, "quantri") is None


def test_set_password_refuses_a_weak_one_and_keeps_the_old(database_url):
    cli(database_url, "create-user", "--role", "staff", "--username", "lan", password="mat-khau-cu-that-dai")
    done = cli(database_url, "set-password", "--username", "lan", password="password123")
    assert done.returncode == 1 and "quá phổ biến" in done.stderr
    assert verify_password(get_user(database_url, "lan").password_hash, "mat-khau-cu-that-dai")


def test_missing_password_variable_is_an_error(database_url):
    done = cli(database_url, "create-admin", "--username", "quantri", "--password-env", "KHONG_CO_BIEN_NAY")
    assert done.returncode == 1 and "KHONG_CO_BIEN_NAY" in done.stderr
    assert get_user(database_url, "quantri") is None


def test_create_user_with_a_role_and_no_duplicates(database_url):
    assert (
        cli(
            database_url, "create-user", "--role", "volunteer", "--username", "tnv1", password="song-nuoc-mien-tay-dai"
        ).returncode
        == 0
    )
    assert get_user(database_url, "tnv1").role == "volunteer"
    again = cli(database_url, "create-user", "--role", "staff", "--username", "tnv1", password="song-nuoc-mien-tay-dai")
    assert again.returncode == 1 and "đã tồn tại" in again.stderr
    assert get_user(database_url, "tnv1").role == "volunteer"


def test_unknown_role_is_refused(database_url):
    done = cli(database_url, "create-user", "--role", "boss", "--username", "x1", password="mot-mat-khau-rat-dai")
    assert done.returncode == 2  # argparse: invalid choice
    assert get_user(database_url, "x1") is None


def test_set_password(database_url):
    cli(database_url, "create-user", "--role", "staff", "--username", "lan", password="mat-khau-cu-that-dai")
    done = cli(database_url, "set-password", "--username", "lan", password="mat-khau-moi-dai")
    assert done.returncode == 0, done.stderr
    user = get_user(database_url, "lan")
    assert verify_password(user.password_hash, "mat-khau-moi-dai")
    assert not verify_password(user.password_hash, "mat-khau-cu-that-dai")
    assert cli(database_url, "set-password", "--username", "ai-do", password="mat-khau-moi-dai").returncode == 1


def test_prompt_needs_the_same_password_twice(database_url, monkeypatch, capsys):
    from bot.auth import cli as module

    answers = iter(["mot-mat-khau-rat-dai", "mot-mat-khau-khac-dai"])
    monkeypatch.setattr(module.getpass, "getpass", lambda prompt="": next(answers))
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert module.main(["create-admin", "--username", "quantri"]) == 1
    assert "không khớp" in capsys.readouterr().err
    answers = iter(["mot-mat-khau-rat-dai", "mot-mat-khau-rat-dai"])
    from bot.settings import get_settings

    get_settings.cache_clear()  # the CLI reads DATABASE_URL through the cached settings
    try:
        assert module.main(["create-admin", "--username", "quantri"]) == 0
    finally:
        get_settings.cache_clear()
    assert get_user(database_url, "quantri").role == "admin"
