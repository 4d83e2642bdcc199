"""Accounts from the command line (the first admin has no web page to be made in).

    python -m bot.auth.cli create-admin --username an [--display-name "Nguyễn Văn An"] [--password-env VAR]
    python -m bot.auth.cli create-user --role staff|volunteer|admin --username binh [--password-env VAR]
    python -m bot.auth.cli set-password --username binh [--password-env VAR]

The password comes from the named environment variable, or is asked for twice (never echoed). A weak
one (short, common, the user name, the ward's name) is refused with the reason (bot/auth/strength.py).
The database is DATABASE_URL, as for the gateway.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.auth import service
from bot.auth.models import ROLES


class CliError(Exception):
    """A problem to print for the operator (in Vietnamese) and exit 1."""


def read_password(env_var: str | None) -> str:
    """From an environment variable, or typed twice at a prompt."""
    if env_var:
        value = os.environ.get(env_var)
        if value is None:
            raise CliError(f"Biến môi trường {env_var} chưa được đặt.")
        return value
    password = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != password:
        raise CliError("Hai lần nhập mật khẩu không khớp.")
    return password


def _sessions() -> tuple[Engine, sessionmaker[Session]]:
    from bot.db import make_engine, make_sessionmaker
    from bot.settings import get_settings

    engine = make_engine(get_settings().database_url)
    return engine, make_sessionmaker(engine)


def _ward_name(session: Session) -> str:
    """The ward's name as residents see it (set in /admin/ward, else WARD_NAME): no password may contain it."""
    from bot.settings import get_settings
    from bot.ward.facts import load_facts

    return load_facts(session, get_settings())["ward_name"]


def create(username: str, role: str, display_name: str, env_var: str | None) -> str:
    password = read_password(env_var)
    engine, sessions = _sessions()
    try:
        with sessions() as session:
            ward_name = _ward_name(session)
            try:
                user = service.create_user(session, username, password, role, display_name, ward_name=ward_name)
            except ValueError as error:
                raise CliError(str(error)) from None
            session.commit()
            return f"✓ Đã tạo tài khoản «{user.username}» (vai trò {user.role})."
    finally:
        engine.dispose()


def set_password(username: str, env_var: str | None) -> str:
    engine, sessions = _sessions()
    try:
        with sessions() as session:
            user = service.find_user(session, username)
            if user is None:
                raise CliError(f"Không có tài khoản «{username}».")
            password = read_password(env_var)
            ward_name = _ward_name(session)
            try:
                service.set_password(session, user, password, ward_name=ward_name)
            except ValueError as error:
                raise CliError(str(error)) from None
            session.commit()
            return f"✓ Đã đổi mật khẩu cho «{user.username}», xóa các lần nhập sai và đăng xuất mọi phiên của tài khoản này."
    finally:
        engine.dispose()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot.auth.cli", description="Quản lý tài khoản cán bộ, tình nguyện viên.")
    commands = p.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--username", required=True, help="tên đăng nhập")
        sub.add_argument("--password-env", metavar="VAR", help="đọc mật khẩu từ biến môi trường VAR (không thì hỏi)")

    admin = commands.add_parser("create-admin", help="tạo tài khoản quản trị")
    common(admin)
    admin.add_argument("--display-name", default="", help="tên hiển thị")
    user = commands.add_parser("create-user", help="tạo tài khoản")
    common(user)
    user.add_argument("--role", required=True, choices=ROLES)
    user.add_argument("--display-name", default="", help="tên hiển thị")
    password = commands.add_parser("set-password", help="đặt lại mật khẩu (xóa các lần nhập sai, đăng xuất mọi phiên)")
    common(password)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "create-admin":
            print(create(args.username, "admin", args.display_name, args.password_env))
        elif args.command == "create-user":
            print(create(args.username, args.role, args.display_name, args.password_env))
        else:
            print(set_password(args.username, args.password_env))
    except CliError as error:
        print(f"✗ {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\n✗ Đã hủy.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
