"""Which virtualenv runs which test module, read from the module itself rather than from a list.

Rasa 3.6 lives in its own Python 3.10 virtualenv; everything else runs in the gateway's 3.11 one, where
Rasa cannot be imported. `make test` runs `pytest tests` in both, and each collects exactly the other's
complement: a test module needs Rasa's virtualenv when it imports `rasa`, or imports one of our modules
that does at its top (one in rasa_addons/).
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IN_RASA_ENV = importlib.util.find_spec("rasa") is not None


def _imported(tree: ast.AST, top_only: bool) -> set[str]:
    """The modules a parsed file imports (only at its top level if asked)."""
    nodes = tree.body if top_only and isinstance(tree, ast.Module) else list(ast.walk(tree))
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _is_rasa(name: str) -> bool:
    return name == "rasa" or name.startswith("rasa.")


@cache
def _project_module_needs_rasa(name: str) -> bool:
    """True if one of our modules imports Rasa as it is loaded."""
    base = ROOT.joinpath(*name.split("."))
    path = base.with_suffix(".py") if base.with_suffix(".py").exists() else base / "__init__.py"
    if not path.exists():
        return False
    return any(_is_rasa(imported) for imported in _imported(ast.parse(path.read_text(encoding="utf-8")), top_only=True))


def needs_rasa(path: Path) -> bool:
    """True if a test module must run in Rasa's virtualenv."""
    imported = _imported(ast.parse(path.read_text(encoding="utf-8")), top_only=False)
    return any(_is_rasa(name) or _project_module_needs_rasa(name) for name in imported)


def _belongs_here(path: Path) -> bool:
    return needs_rasa(path) == IN_RASA_ENV


@cache
def _has_tests_here(directory: Path) -> bool:
    """True if a folder holds a test module for this virtualenv (else its conftest, which may import what
    this virtualenv lacks, is not even loaded)."""
    return any(_belongs_here(path) for path in directory.rglob("test_*.py"))


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Leaves each test module, and each folder without one of ours, to the other virtualenv."""
    if collection_path.is_dir():
        return None if _has_tests_here(collection_path) else True
    if collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        return not _belongs_here(collection_path)
    return None
