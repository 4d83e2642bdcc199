"""Commands run in Rasa's virtualenv from the gateway's (the NLU and Rasa's own pipelines live there), and the
trained model's reading of texts through one of them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "current.tar.gz"


def run_in_rasa(module: str, *args: str, given: str | None = None) -> Any | None:
    """The JSON a devtools module prints on its last line, run with Rasa's Python (`given` on its standard input);
    None when it failed (its error printed)."""
    done = subprocess.run(
        [str(ROOT / ".venv-rasa" / "bin" / "python"), "-m", module, *args],
        input=given,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false"},
    )
    if done.returncode != 0:
        print(done.stderr[-2000:])
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def parse(texts: list[str], ranking: bool = False) -> list[Any] | None:
    """devtools.parse_intents's answer for each text ([intent, confidence], or with `ranking` {intent: confidence});
    None when no model has been trained or the parse failed."""
    if not MODEL.exists():
        return None
    parsed: list[Any] | None = run_in_rasa(
        "devtools.parse_intents", str(MODEL), *(["--ranking"] if ranking else []), given=json.dumps(texts)
    )
    return parsed
