"""Training only when needed, with Rasa's cache kept apart for each version of our own NLU code."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools import train


@pytest.fixture
def code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # a stand-in for nlu/*.py under a stand-in root, and the caches beside it
    source = tmp_path / "normalize.py"
    source.write_text("A = 1\n")
    monkeypatch.setattr(train, "ROOT", tmp_path)
    monkeypatch.setattr(train, "CODE", [source])
    monkeypatch.setattr(train, "CACHES", tmp_path / "caches")
    return source


def test_the_same_code_keeps_its_cache(code: Path):
    first = train.cache_directory()
    (first / "cached-output").write_text("kept")
    assert train.cache_directory() == first and (first / "cached-output").exists()


def test_changed_code_gets_a_fresh_cache_and_the_old_one_goes(code: Path):
    first = train.cache_directory()
    code.write_text("A = 2\n")
    second = train.cache_directory()
    assert second != first and second.exists() and not first.exists()


def test_the_cache_follows_our_nlu_code_its_data_and_the_rasa_lock():
    # the normaliser's data (nlu/domain_pairs.json) changes how messages are read, as its code does
    expected = {
        *(train.ROOT / "nlu").glob("*.py"),
        *(train.ROOT / "nlu").glob("*.json"),
        *(train.ROOT / "rasa_addons" / "nlu").glob("*.py"),
    }
    assert train.ROOT / "nlu" / "domain_pairs.json" in expected
    assert set(train.CODE) == expected | {train.ROOT / "requirements" / "rasa.lock"}
    assert set(train.CODE) <= set(train.INPUTS)  # a change to any of them trains the model again
