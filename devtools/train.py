"""Trains the Rasa model only when what it is made from has changed.

The fingerprint covers the pipeline config, the domain, rules, stories, NLU data, our own
Rasa components (rasa_addons/nlu/) with the language code they use (nlu/) and the Rasa lock file.
The model is models/current.tar.gz.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time

from devtools.stack import DIALOGUE, MODEL_DIR, RASA_BIN, ROOT

INPUTS = [
    ROOT / "config.yml",
    DIALOGUE / "domain.yml",
    *sorted((DIALOGUE / "data").glob("*.yml")),
    *sorted((ROOT / "nlu" / "data").glob("*.yml")),
    *sorted((ROOT / "nlu").glob("*.py")),
    *sorted((ROOT / "rasa_addons" / "nlu").glob("*.py")),
    ROOT / "requirements" / "rasa.lock",
]
MODEL = MODEL_DIR / "current.tar.gz"
FINGERPRINT = MODEL_DIR / "current.fingerprint"


def fingerprint() -> str:
    """A hash of every file the model is built from."""
    digest = hashlib.sha256()
    for path in INPUTS:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def train(force: bool = False) -> bool:
    """Trains if needed; True if it trained. Shows elapsed time while it works."""
    wanted = fingerprint()
    if not force and MODEL.exists() and FINGERPRINT.exists() and FINGERPRINT.read_text() == wanted:
        print("✓ Mô hình Rasa đã mới nhất (không cần huấn luyện lại).")
        return False
    MODEL_DIR.mkdir(exist_ok=True)
    log_path = ROOT / "var" / "train.log"
    log_path.parent.mkdir(exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false")
    command = [
        str(RASA_BIN),
        "train",
        "--config",
        "config.yml",
        "--domain",
        str(DIALOGUE / "domain.yml"),
        "--data",
        "nlu/data",
        str(DIALOGUE / "data"),
        "--out",
        str(MODEL_DIR),
        "--fixed-model-name",
        "current",
    ]
    started = time.monotonic()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        tty = sys.stdout.isatty()
        ticks = 0
        while process.poll() is None:
            if tty:  # one updating line on a terminal, a line every 10 s in a CI log
                print(f"\r⏳ Đang huấn luyện mô hình Rasa… {time.monotonic() - started:4.0f} giây", end="", flush=True)
            elif ticks % 10 == 0:
                print(f"⏳ Đang huấn luyện mô hình Rasa… {time.monotonic() - started:.0f} giây", flush=True)
            ticks += 1
            time.sleep(1)
    if tty:
        print()
    if process.returncode != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-25:])
        sys.exit(f"✗ Huấn luyện thất bại (xem {log_path}):\n{tail}")
    FINGERPRINT.write_text(wanted)
    print(f"✓ Đã huấn luyện xong trong {time.monotonic() - started:.0f} giây: {MODEL.relative_to(ROOT)}")
    return True


if __name__ == "__main__":
    train(force="--force" in sys.argv)
