"""Starts and stops the three processes (Rasa, action server, gateway) on one machine.

Used by `make run` (devtools/run.py) and by the end-to-end tests, so both exercise the
same start-up path. Standard library only, apart from the two virtualenvs it launches.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"
GATEWAY_PY = ROOT / ".venv" / "bin" / "python"
MODEL_DIR = ROOT / "models"
DIALOGUE = ROOT / "bot" / "dialogue"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tracker_env(workdir: Path) -> dict[str, str]:
    """Where Rasa's tracker is (a SQLite file in workdir by default): Rasa writes it, the gateway erases
    from it (bot/privacy/tracker.py), so both get the same RASA_TRACKER_* unless the environment says."""
    return {
        "RASA_TRACKER_DIALECT": "sqlite",
        "RASA_TRACKER_HOST": "",
        "RASA_TRACKER_DB": str(workdir / "rasa_tracker.db"),
        "RASA_TRACKER_USER": "",
        "RASA_TRACKER_PASSWORD": "",
    }


def rasa_env(workdir: Path, action_port: int) -> dict[str, str]:
    """Environment for `rasa run`: endpoints.yml reads these (SQLite tracker, in-memory lock)."""
    env = dict(os.environ)
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env["PYTHONPATH"] = str(ROOT)
    env["ACTION_SERVER_URL"] = f"http://127.0.0.1:{action_port}/webhook"
    for name, value in tracker_env(workdir).items():
        env.setdefault(name, value)
    env.setdefault("RASA_LOCK_STORE", "in_memory")
    for name, value in (("HOST", "127.0.0.1"), ("PORT", "6379"), ("DB", "1"), ("PASSWORD", ""), ("PREFIX", "tlsp")):
        env.setdefault(f"RASA_LOCK_STORE_{name}", value)  # read only when RASA_LOCK_STORE=redis
    return env


# Simulated residents (loads, evaluations, end-to-end tests) all connect from this machine's one address:
# the limits per address, overall and on open tickets per network, meant for the internet, would count
# them as one resident. Each such caller passes these; `make run` keeps the real limits.
MANY_RESIDENTS_ONE_ADDRESS = {
    "IP_RATE_PER_MINUTE": "1000000",
    "OVERALL_RATE_PER_MINUTE": "1000000",
    "NEW_CONVERSATIONS_PER_IP_PER_HOUR": "1000000",
    "MAX_OPEN_TICKETS_PER_IP": "0",
}


@dataclass
class Stack:
    """The three processes, their ports and logs."""

    workdir: Path
    rasa_port: int = 5005
    action_port: int = 5055
    gateway_port: int = 8000
    model: Path = MODEL_DIR / "current.tar.gz"
    extra_env: dict[str, str] = field(default_factory=dict)
    # more gateway instances by name ("gateway-b": port), sharing the database (and Redis if set)
    more_gateways: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    def gateway_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.setdefault("DATABASE_URL", f"sqlite:///{self.workdir / 'app.db'}")
        env.setdefault("WIDGET_TOKEN_KEY_FILE", str(self.workdir / "widget-token.key"))
        for name, value in tracker_env(self.workdir).items():
            env.setdefault(name, value)
        env["RASA_URL"] = f"http://127.0.0.1:{self.rasa_port}"
        env["ACTION_SERVER_URL"] = f"http://127.0.0.1:{self.action_port}"
        env["PYTHONPATH"] = str(ROOT)
        env.update(self.extra_env)
        return env

    def migrate(self) -> None:
        """Brings the application database to the newest schema and seeds the knowledge base."""
        for module in (["alembic", "upgrade", "head"], ["knowledge.seed"]):
            subprocess.run(
                [str(GATEWAY_PY), "-m", *module], cwd=ROOT, env=self.gateway_env(), check=True, stdout=subprocess.DEVNULL
            )

    def start(self, only: tuple[str, ...] = ("rasa", "actions", "gateway")) -> None:
        """Starts the named processes (all by default) without waiting for them."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        for name in only:
            self.start_one(name)

    def start_one(self, name: str) -> None:
        """Starts one process, logging to <workdir>/<name>.log."""
        command, env = self._command(name)
        log = open(self.workdir / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def _command(self, name: str) -> tuple[list[str], dict[str, str]]:
        if name == "rasa":
            return [
                # `rasa run`, without TensorFlow unless the model needs it (rasa_addons/patches/lean.py)
                str(RASA_PY),
                "-m",
                "rasa_addons.patches.lean",
                "run",
                "--model",
                str(self.model),
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.rasa_port),
                "--credentials",
                str(DIALOGUE / "credentials.yml"),
                "--endpoints",
                str(DIALOGUE / "endpoints.yml"),
                "--log-file",
                str(self.workdir / "rasa-run.log"),
            ], {
                **rasa_env(self.workdir, self.action_port),
                **{k: v for k, v in self.extra_env.items() if k.startswith(("RASA_", "SANIC_"))},
            }
        if name == "actions":
            env = self.gateway_env()
            env["SANIC_HOST"] = "127.0.0.1"  # the action server listens on loopback only
            env.setdefault("ACTIONS_WARM_UP", "1")  # builds the knowledge index at start (actions/__init__.py)
            # rasa_sdk's server in one process (actions/__main__.py), not a manager and a worker
            return [str(GATEWAY_PY), "-m", "actions", "--actions", "actions", "--port", str(self.action_port)], env
        if name == "gateway" or name in self.more_gateways:
            port = self.gateway_port if name == "gateway" else self.more_gateways[name]
            return [
                str(GATEWAY_PY),
                "-m",
                "uvicorn",
                "bot.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--ws-max-size",
                "65536",
                "--no-access-log",
                # no proxy in front here: X-Forwarded-For is the client's own say, never its address
                # (uvicorn would otherwise trust it from loopback, and limits per address with it)
                "--no-proxy-headers",
                # chat frames are a few hundred bytes: compressing them cost more CPU (both ends) and
                # memory (a zlib context per socket) than the bytes it saved (`make bench`)
                "--ws-per-message-deflate",
                "false",
                # GATEWAY_WORKERS=n: n uvicorn processes on one port (make bench; needs PostgreSQL and Redis)
                *(["--workers", self.extra_env["GATEWAY_WORKERS"]] if self.extra_env.get("GATEWAY_WORKERS") else []),
            ], self.gateway_env()
        raise ValueError(name)

    def stop_one(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        """Stops one process (and its children), harder if it does not go."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass

    def stop(self) -> None:
        """Stops everything, gateways first so no message reaches a stopped bot."""
        for name in ("gateway", *self.more_gateways, "actions", "rasa"):
            self.stop_one(name)

    def url_of(self, gateway: str) -> str:
        """The address of a gateway instance by name."""
        return self.gateway_url if gateway == "gateway" else f"http://127.0.0.1:{self.more_gateways[gateway]}"

    def ready(self) -> dict:
        """The gateway's /readyz answer (an 'unreachable' status if it does not answer)."""
        try:
            with urllib.request.urlopen(self.gateway_url + "/readyz", timeout=3) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            return json.load(error)
        except (urllib.error.URLError, OSError, ValueError):
            return {"status": "unreachable", "down": ["gateway"]}

    def wait_ready(self, timeout: float = 180, progress: bool = False) -> dict:
        """Waits until /readyz is green; raises with the logs' tails if it never gets there."""
        deadline = time.monotonic() + timeout
        state: dict = {}
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}\n{self.log_tail(name)}")
            state = self.ready()
            if state.get("status") == "ready":
                if progress:
                    print("\r" + " " * 70 + "\r", end="", flush=True)
                return state
            if progress:
                waiting = ", ".join(state.get("down", [])) or "…"
                print(f"\r  đang khởi động — chờ: {waiting:<50}", end="", flush=True)
            time.sleep(0.5)
        tails = "\n".join(self.log_tail(n) for n in self.processes)
        raise TimeoutError(f"not ready after {timeout}s: {state}\n{tails}")

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.workdir / f"{name}.log"
        if not path.exists():
            return ""
        return f"--- {name}.log ---\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


if __name__ == "__main__":  # pragma: no cover - convenience for debugging
    print("use devtools/run.py", file=sys.stderr)
