"""The split between the two virtualenvs follows the layout (tests/conftest.py), and the imports keep it true.

Only rasa_addons/ may import Rasa, and only its tests (tests/rasa_addons/) run in Rasa's virtualenv. Imports
are read from the source, function-local ones included: a module that runs in the gateway's virtualenv must
not reach Rasa even on a path its tests never take.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import IN_RASA_ENV, RASA_TESTS, ROOT, pytest_ignore_collect, runs_in_rasas_virtualenv

GATEWAY_SIDE = ("bot", "knowledge", "actions", "nlu")  # run in the gateway's virtualenv (nlu/ in both)


def imports(path: Path) -> Iterator[tuple[str, int]]:
    """(module, line) for every absolute import in a file; relative ones stay inside their package."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno


def within(name: str, *packages: str) -> bool:
    """True if the module is one of the packages or inside one (rasa_sdk is not rasa)."""
    return any(name == package or name.startswith(f"{package}.") for package in packages)


def offending(paths: Iterator[Path], *packages: str) -> list[str]:
    """Where the files import one of the packages, as "path:line imports module"."""
    return [
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{line} imports {name}"
        for path in paths
        for name, line in imports(path)
        if within(name, *packages)
    ]


def test_no_test_outside_tests_rasa_addons_imports_rasa():
    outside = (path for path in sorted((ROOT / "tests").rglob("*.py")) if not runs_in_rasas_virtualenv(path))
    assert offending(outside, "rasa", "rasa_addons") == []


def test_the_gateway_side_never_imports_rasa_or_rasa_addons():
    # rasa_addons → nlu, never back; rasa_sdk (the action server's) is not Rasa
    for package in GATEWAY_SIDE:
        assert offending(iter(sorted((ROOT / package).rglob("*.py"))), "rasa", "rasa_addons") == [], package


def test_rasa_addons_imports_nothing_of_ours_but_nlu():
    # the Rasa image holds rasa_addons/ and nlu/ only (deploy/rasa.Dockerfile)
    ours = ("bot", "knowledge", "actions", "devtools", "tests")
    assert offending(iter(sorted((ROOT / "rasa_addons").rglob("*.py"))), *ours) == []


def test_the_check_reads_every_kind_of_import(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text(
        "import rasa_sdk\nfrom nlu import normalize\n\n\ndef later():\n    import rasa.core.agent\n    from rasa_addons.nlu import tokenizer\n"
    )
    assert offending(iter([module]), "rasa", "rasa_addons") == [
        "probe.py:6 imports rasa.core.agent",
        "probe.py:7 imports rasa_addons.nlu",
    ]


def test_the_layout_decides_the_virtualenv():
    assert pytest_ignore_collect(RASA_TESTS) is True  # left to Rasa's virtualenv
    assert pytest_ignore_collect(RASA_TESTS / "nlu" / "test_tokenizer.py") is True
    for kept in (ROOT / "tests", ROOT / "tests" / "nlu", ROOT / "tests" / "actions" / "test_actions.py"):
        assert pytest_ignore_collect(kept) is None, kept
    assert sorted(RASA_TESTS.rglob("test_*.py")), "Rasa's virtualenv would run nothing"


def test_this_module_runs_where_rasa_is_missing():
    assert not IN_RASA_ENV
