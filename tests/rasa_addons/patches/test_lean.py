"""Rasa's lean start (rasa_addons/patches/lean.py): no TensorFlow, the same answers (runs in Rasa's virtualenv)."""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rasa_addons.patches import guard, lean

ROOT = Path(__file__).resolve().parents[3]
MODEL = ROOT / "models" / "current.tar.gz"  # `make test` trains it first
MESSAGES = ["dang ky tam tru online the nao", "xin chào", "cho tôi gặp người thật", "???", "cháy nhà rồi cứu với"]


@pytest.fixture(autouse=True)
def rasa_as_shipped(monkeypatch):
    """Each test starts with the switch unset, nothing logged or installed, and leaves Rasa so."""
    monkeypatch.delenv("RASA_LEAN", raising=False)
    monkeypatch.setattr(guard, "_said", set())
    monkeypatch.setattr(lean, "_installed", [])
    yield
    lean.unpatch_model_metadata()


# ---------------------------------------------------------------------------- deferred modules


@pytest.fixture
def module_file(tmp_path, monkeypatch):
    """A module `lean_probe` that records in `lean_probe_runs` each time its code runs."""
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "lean_probe_runs", [], raising=False)
    (tmp_path / "lean_probe.py").write_text(
        textwrap.dedent(
            """
            import sys
            sys.lean_probe_runs.append(1)
            LIMIT: int = 3
            if LIMIT:
                def helper():
                    return "real"
            try:
                import json as _json
            except ImportError:
                _json = None
            for _i in range(2):
                pass
            class Thing:
                pass
            """
        )
    )
    yield "lean_probe"
    sys.modules.pop("lean_probe", None)


def test_a_deferred_module_runs_when_one_of_its_names_is_read(module_file):
    assert lean.defer(module_file)
    import lean_probe

    assert isinstance(lean_probe, lean.DeferredModule) and sys.lean_probe_runs == []
    import lean_probe as again  # imported again: still not run

    assert again is lean_probe and sys.lean_probe_runs == []
    assert lean_probe.helper() == "real" and sys.lean_probe_runs == [1]
    assert lean_probe.LIMIT == 3 and lean_probe.Thing.__name__ == "Thing"
    assert sys.modules[module_file] is importlib.import_module(module_file)
    assert not isinstance(sys.modules[module_file], lean.DeferredModule) and sys.lean_probe_runs == [1]


def test_names_it_does_not_define_are_refused_without_running_it(module_file):
    lean.defer(module_file)
    import lean_probe

    assert not hasattr(lean_probe, "not_there") and not hasattr(lean_probe, "__path__")
    assert getattr(lean_probe, "also_not", None) is None
    assert sys.lean_probe_runs == []
    with pytest.raises(AttributeError):
        lean_probe.not_there  # noqa: B018


def test_top_level_names_are_all_a_module_binds(module_file):
    lean_probe = importlib.import_module(module_file)
    names = lean.top_level_names(lean_probe.__file__)
    defined = set(vars(lean_probe)) - {"__name__", "__doc__", "__package__", "__loader__", "__spec__", "__file__"}
    assert defined <= names and {"helper", "LIMIT", "_json", "_i", "Thing", "sys"} <= names


def test_names_functions_declare_global_count_as_the_modules(tmp_path):
    path = tmp_path / "setter.py"
    path.write_text("def f():\n    global LATER\n    LATER = 1\n")
    assert {"f", "LATER"} <= lean.top_level_names(str(path))


@pytest.mark.parametrize(
    "line",
    ["from os import *", "globals()['X'] = 1", "exec('X = 1')", "def __getattr__(name): ...", "match 1:\n    case _: X = 1"],
)
def test_a_module_whose_names_the_source_cannot_tell_is_run_for_any_name(tmp_path, line):
    path = tmp_path / "vague.py"
    path.write_text(f"def f():\n    pass\n{line}\n")
    assert lean.top_level_names(str(path)) is None


def test_rasas_deferred_module_names_are_all_it_defines():
    for name in lean.DEFERRED:
        module = importlib.import_module(name)
        names = lean.top_level_names(module.__file__)
        assert set(vars(module)) - {"__name__", "__doc__", "__package__", "__loader__", "__spec__", "__file__"} <= names


# ---------------------------------------------------------------------------- the training graph


def test_the_training_graph_reads_as_rasa_reads_it():
    from rasa.engine.storage.storage import ModelMetadata

    serialized = _metadata_dict()
    shipped = ModelMetadata.from_dict(json.loads(json.dumps(serialized)))
    lean.patch_model_metadata()
    lazy = ModelMetadata.from_dict(json.loads(json.dumps(serialized)))
    assert "_tlsp_serialized" in lazy.train_schema.__dict__  # not read yet
    assert lazy.predict_schema == shipped.predict_schema
    assert lazy.train_schema == shipped.train_schema and shipped.train_schema == lazy.train_schema
    assert lazy.as_dict() == shipped.as_dict()


def test_a_training_graph_naming_a_missing_module_fails_the_load_as_before():
    from rasa.engine.graph import GraphSchemaException
    from rasa.engine.storage.storage import ModelMetadata

    serialized = _metadata_dict()
    node = next(iter(serialized["train_schema"]["nodes"].values()))
    node["uses"] = "nowhere_module.Component"
    lean.patch_model_metadata()
    with pytest.raises(GraphSchemaException):
        ModelMetadata.from_dict(serialized)


def _metadata_dict() -> dict:
    import tarfile

    with tarfile.open(MODEL) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("metadata.json"))
        return json.load(archive.extractfile(member))


# ---------------------------------------------------------------------------- switch and versions


def test_another_rasa_gets_no_patch_and_one_warning(monkeypatch, caplog):
    import rasa
    from rasa.engine.storage.storage import ModelMetadata

    monkeypatch.setattr(rasa, "__version__", "3.6.22")
    shipped = ModelMetadata.__dict__["from_dict"]
    with caplog.at_level(logging.INFO, logger="rasa_addons.patches"):
        lean.install()
        lean.install()
        lean.report()
    assert ModelMetadata.__dict__["from_dict"] is shipped and lean._installed == []
    [record] = caplog.records
    assert record.levelno == logging.WARNING and "found rasa 3.6.22" in record.getMessage() and "off" in record.getMessage()


def test_rasa_lean_0_patches_nothing_and_says_so_once(monkeypatch, caplog):
    from rasa.engine.storage.storage import ModelMetadata

    monkeypatch.setenv("RASA_LEAN", "0")
    shipped = ModelMetadata.__dict__["from_dict"]
    with caplog.at_level(logging.INFO, logger="rasa_addons.patches"):
        lean.install()
        lean.report()
    assert ModelMetadata.__dict__["from_dict"] is shipped and lean._installed == []
    [record] = caplog.records
    assert record.levelno == logging.INFO and "RASA_LEAN=0" in record.getMessage()


# ---------------------------------------------------------------------------- the server's process


async def answers(model: str, messages: list[str]) -> dict:
    """What the model makes of each message: its parse and the next action's scores (in a fresh tracker)."""
    from rasa.core.agent import Agent
    from rasa.core.channels import UserMessage

    agent = Agent.load(model)
    parses = [await agent.parse_message(text) for text in messages]
    predictions = []
    for index, text in enumerate(messages):
        tracker = await agent.processor.log_message(UserMessage(text, sender_id=f"lean-{index}"))
        prediction = agent.processor.predict_next_with_tracker(tracker)
        predictions.append([[s["action"], round(s["score"], 6)] for s in prediction["scores"]])
    return json.loads(json.dumps({"parses": parses, "predictions": predictions}))


# the lean start, as `python -m rasa_addons.patches.lean run` does it, then the model's answers
LEAN_PROCESS = """
import asyncio, json, sys
from rasa_addons.patches import lean
lean.install()
from tests.rasa_addons.patches.test_lean import answers
out = asyncio.run(answers(sys.argv[1], json.loads(sys.argv[2])))
out["loaded"] = sorted({m.split(".")[0] for m in sys.modules} & {"tensorflow", "jax", "keras", "tensorflow_hub"})
import rasa.utils.train_utils as train_utils  # still there when a component asks for it
out["train_utils"] = callable(train_utils.rank_and_mask)
print(json.dumps(out))
"""


def test_the_model_answers_the_same_without_tensorflow():
    started = subprocess.run(
        [sys.executable, "-c", LEAN_PROCESS, str(MODEL), json.dumps(MESSAGES)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert started.returncode == 0, started.stderr[-3000:]
    out = json.loads(started.stdout.strip().splitlines()[-1])
    assert out.pop("loaded") == [] and out.pop("train_utils")
    shipped = asyncio.run(answers(str(MODEL), MESSAGES))  # as shipped: TensorFlow imported
    assert "tensorflow" in sys.modules
    assert out == shipped
    assert [p["intent"]["name"] for p in shipped["parses"]][:3] == ["ask_question", "greet", "request_human"]
