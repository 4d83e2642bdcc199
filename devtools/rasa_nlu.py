"""The trained model's reading of texts, asked from the gateway's virtualenv (the NLU runs in Rasa's)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "current.tar.gz"


def parse(texts: list[str], ranking: bool = False) -> list[Any] | None:
    """devtools.parse_intents's answer for each text ([intent, confidence], or with `ranking` {intent: confidence});
    None when no model has been trained or the parse failed (its error printed)."""
    if not MODEL.exists():
        return None
    done = subprocess.run(
        [
            str(ROOT / ".venv-rasa" / "bin" / "python"),
            "-m",
            "devtools.parse_intents",
            str(MODEL),
            *(["--ranking"] if ranking else []),
        ],
        input=json.dumps(texts),
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false"},
    )
    if done.returncode != 0:
        print(done.stderr[-2000:])
        return None
    parsed: list[Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return parsed
