"""The systems `make bench` compares: stock Rasa (trained once, cached) and our stack in each --setup."""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOCK_SRC = ROOT / "devtools" / "bench_stock"
OUT = ROOT / "var" / "bench"
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


# ---------------------------------------------------------------------------- stock Rasa


def stock_inputs() -> list[Path]:
    return [
        *sorted(p for p in STOCK_SRC.rglob("*.yml")),
        *sorted((ROOT / "nlu" / "data").glob("*.yml")),
        ROOT / "requirements" / "rasa.lock",
    ]


def stock_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in stock_inputs():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stock_model() -> tuple[Path, Path, float | None]:
    """(model, project dir, training seconds if it trained or was trained before) — trains when missing."""
    project = OUT / f"stock-{stock_fingerprint()}"
    model = project / "models" / "stock.tar.gz"
    timing = project / "train_seconds.txt"
    if model.exists():
        return model, project, float(timing.read_text()) if timing.exists() else None
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(STOCK_SRC, project)  # Rasa writes the default pipeline into this copy's config.yml
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    command = [
        str(RASA_BIN),
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        str(ROOT / "nlu" / "data"),
        "data",
        "--out",
        "models",
        "--fixed-model-name",
        "stock",
    ]
    print("⏳ Training stock Rasa (default pipeline: DIET, TED …; several minutes on 2 cores) …", flush=True)
    started = time.monotonic()
    with open(project / "train.log", "wb") as log:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        while process.poll() is None:
            print(f"\r   {time.monotonic() - started:5.0f} s", end="", flush=True)
            time.sleep(2)
    print()
    if process.returncode != 0:
        raise SystemExit(f"stock Rasa training failed: see {project / 'train.log'}")
    seconds = time.monotonic() - started
    timing.write_text(f"{seconds:.0f}")
    print(f"✓ stock Rasa trained in {seconds:.0f} s", flush=True)
    return model, project, seconds


class StockRasa:
    """`rasa run` of the stock model with the REST channel."""

    def __init__(self, model: Path, project: Path, workdir: Path) -> None:
        from devtools.stack import free_port

        self.model, self.project, self.workdir = model, project, workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
        log = open(self.workdir / "stock-rasa.log", "ab")
        self.process = subprocess.Popen(
            [
                str(RASA_BIN),
                "run",
                "--model",
                str(self.model),
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--credentials",
                str(self.project / "credentials.yml"),
                "--endpoints",
                str(self.project / "endpoints.yml"),
            ],
            cwd=self.project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"stock rasa exited; see {self.workdir / 'stock-rasa.log'}")
            try:
                with urllib.request.urlopen(self.url + "/webhooks/rest/", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError("stock rasa not ready")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


# ---------------------------------------------------------------------------- our stack


def _postgres_schema() -> tuple[str, str]:
    """A fresh schema in the machine's PostgreSQL: (its URL, its name)."""
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return f"{POSTGRES}?options=-csearch_path%3D{schema}", schema


def drop_schemas(schemas: list[str]) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for schema in schemas:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


SETUPS = {
    "make-run": "as `make run`: SQLite application DB and Rasa tracker, in-memory lock, one process each",
    "scaled": "PostgreSQL (application DB, Rasa tracker), Redis (Rasa locks, gateway relay), "
    "Rasa ×{rasa_workers} Sanic workers, gateway ×{gateway_workers} uvicorn workers, "
    "action server ×{action_workers}",
}


def our_stack(
    workdir: Path, setup: str, args: argparse.Namespace, schemas: list[str], profile: bool = False, speedups: bool = True
):
    from devtools.stack import MANY_RESIDENTS_ONE_ADDRESS, MODEL_DIR, Stack, free_port

    env = {
        "DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
        "HANDOFF_ALWAYS_OPEN": "1",
        "CHAT_RATE_PER_MINUTE": "1000000",
        **MANY_RESIDENTS_ONE_ADDRESS,
        "TELEGRAM_MODE": "off",
        "LOG_LEVEL": "INFO" if profile else "WARNING",
    }
    if profile:
        env["BENCH_PROFILE"] = "1"
    if not speedups:
        env["RASA_SPEEDUPS"] = "0"  # Stack hands RASA_* to Rasa; rasa_addons/patches/guard.py reads it
    if setup == "scaled":
        app_url, app_schema = _postgres_schema()
        tracker_url, tracker_schema = _postgres_schema()
        schemas += [app_schema, tracker_schema]
        env.update(
            {
                "DATABASE_URL": app_url,
                "REDIS_URL": REDIS,
                "REDIS_CHANNEL": f"tlsp:bench:{uuid.uuid4().hex[:8]}",
                "RASA_TRACKER_DIALECT": "postgresql",
                "RASA_TRACKER_HOST": tracker_url.replace("+psycopg", ""),
                "RASA_TRACKER_DB": "test",
                "RASA_LOCK_STORE": "redis",
                "RASA_LOCK_STORE_DB": "3",
                "RASA_LOCK_STORE_PREFIX": f"bench{uuid.uuid4().hex[:8]}",
                "SANIC_WORKERS": str(args.rasa_workers),
                "ACTION_SERVER_SANIC_WORKERS": str(args.action_workers),
                "GATEWAY_WORKERS": str(args.gateway_workers),
            }
        )
    return Stack(
        workdir=workdir,
        rasa_port=free_port(),
        action_port=free_port(),
        gateway_port=free_port(),
        model=MODEL_DIR / "current.tar.gz",
        extra_env=env,
    )
