"""Trains the Rasa model only when what it is made from has changed.

The fingerprint covers the pipeline config, the domain, rules, stories, NLU data, our own
Rasa components (rasa_addons/nlu/) with the language code they use (nlu/) and the Rasa lock file.
The model is models/current.tar.gz.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from devtools.stack import DIALOGUE, MODEL_DIR, RASA_BIN, ROOT

INPUTS = [
    ROOT / "config.yml",
    DIALOGUE / "domain.yml",
    *sorted((DIALOGUE / "data").glob("*.yml")),
    *sorted((ROOT / "nlu" / "data").glob("*.yml")),
    *sorted((ROOT / "nlu").glob("*.py")),
    # the normaliser's data (nlu/domain_pairs.json, the slips it mends): it changes how messages are read
    *sorted((ROOT / "nlu").glob("*.json")),
    *sorted((ROOT / "rasa_addons" / "nlu").glob("*.py")),
    ROOT / "requirements" / "rasa.lock",
]
MODEL = MODEL_DIR / "current.tar.gz"
FINGERPRINT = MODEL_DIR / "current.fingerprint"


# Rasa caches each component's training output under a key made from its config and data, not from its code:
# after a change to our own components or the normaliser, a cached tokenizer output would train a model that
# reads messages unlike the code that serves it. The cache lives in a directory named by that code.
CODE = [path for path in INPUTS if path.suffix in (".py", ".json")] + [ROOT / "requirements" / "rasa.lock"]
CACHES = ROOT / "var" / "rasa-cache"


def fingerprint(paths: list[Path] = INPUTS) -> str:
    """A hash of every file the model is built from (or of `paths`)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_directory() -> Path:
    """Rasa's training cache for the current code; the caches of other code are removed."""
    wanted = CACHES / fingerprint(CODE)[:16]
    if CACHES.exists():
        for old in CACHES.iterdir():
            if old != wanted:
                shutil.rmtree(old, ignore_errors=True)
    wanted.mkdir(parents=True, exist_ok=True)
    return wanted


def train(force: bool = False) -> bool:
    """Trains if needed; True if it trained. Shows elapsed time while it works."""
    wanted = fingerprint()
    if not force and MODEL.exists() and FINGERPRINT.exists() and FINGERPRINT.read_text() == wanted:
        print("✓ Mô hình Rasa đã mới nhất (không cần huấn luyện lại).")
        return False
    MODEL_DIR.mkdir(exist_ok=True)
    log_path = ROOT / "var" / "train.log"
    log_path.parent.mkdir(exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", RASA_CACHE_DIRECTORY=str(cache_directory()))
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
