"""Which virtualenv runs which tests, read from where they are: tests/rasa_addons/ in Rasa's, all others in the gateway's.

Rasa 3.6 lives in its own Python 3.10 virtualenv, and only rasa_addons/ (what the Rasa server loads) may import
it; everything else runs in the gateway's 3.11 one, where Rasa cannot be imported. So the tests of
rasa_addons/, and only they, are in tests/rasa_addons/: `make test` runs `pytest tests/rasa_addons` in Rasa's
virtualenv and `pytest tests` in the gateway's, which leaves that folder out (and `pytest tests` in Rasa's
leaves out all the others). tests/test_virtualenvs.py checks that no test elsewhere imports Rasa.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA_TESTS = ROOT / "tests" / "rasa_addons"
IN_RASA_ENV = importlib.util.find_spec("rasa") is not None


def runs_in_rasas_virtualenv(path: Path) -> bool:
    """True for tests/rasa_addons/ and what it holds."""
    return path == RASA_TESTS or RASA_TESTS in path.parents


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Leaves tests/rasa_addons/ to Rasa's virtualenv, and in Rasa's everything else to the gateway's."""
    path = collection_path.resolve()
    if IN_RASA_ENV:
        on_the_way = path in RASA_TESTS.parents  # tests/ itself, walked to reach tests/rasa_addons/
        return None if on_the_way or runs_in_rasas_virtualenv(path) else True
    return True if runs_in_rasas_virtualenv(path) else None
