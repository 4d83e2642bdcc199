"""`rasa run` without TensorFlow when the model needs none: `python -m rasa_addons.patches.lean run …`.

Rasa 3.6 imports TensorFlow (and jax through it) at every start, whatever the model: about 500 MB of
the server's 800 MB of resident memory (`make bench`). Our pipeline and policies (config.yml) use none
of it; two paths alone bring it in while the server starts, and each is changed here:

Deferred modules (DEFERRED, defer()) — `rasa.utils.train_utils` (TensorFlow's callbacks and data
generator at its top) is imported by the entity extractors' mixin, which the policies' featurizers
import, for functions only training and the TensorFlow components call; `rasa.utils.plotting`
(matplotlib, about 20 MB) by the evaluation code behind the server's test endpoints. Each becomes a
stand-in module that imports the real one the first time a name it defines is read (a TensorFlow
component does so when it loads, an evaluation when it plots: both work as before). A name the module
does not define is refused without loading it, as skops and pickle look every module in sys.modules up
for names; its names are read from its source (top_level_names()).

patch_model_metadata() — a model's metadata holds its training graph beside its prediction graph;
Rasa resolves the classes of both when it loads a model, and the training graph's recipe validator
imports DIET, TED and the ResponseSelector. Serving never reads the training graph, so
ModelMetadata.train_schema is read from the model when first used (a missing module still fails the
load, as before; a missing class in a module that exists fails on that first use instead).

Rasa then imports TensorFlow only when a component in the model needs it, and the model works as
before: in `make bench`, Rasa's peak went from about 880 MB to about 360 MB. RASA_LEAN=0 in Rasa's
environment, or a Rasa other than guard.PINNED's, leaves Rasa as shipped (said once in Rasa's
log: report(), from the channel's start-up). After an upgrade: tests/rasa_addons/patches/test_lean.py,
then PINNED.

`rasa train`, `rasa test` and the tests run Rasa as shipped: only the server is started this way
(devtools/stack.py, deploy/rasa.Dockerfile).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
import sys
import threading
import types
from typing import Any, Dict, List, Optional, Set

from rasa_addons.patches.guard import PINNED, allowed, say_once

SWITCH = "RASA_LEAN"
DEFERRED = ("rasa.utils.train_utils", "rasa.utils.plotting")

_lock = threading.RLock()
_installed: List[str] = []  # what install() did in this process, for report() and the tests
_original_from_dict: Any = None


def _allowed() -> bool:
    return allowed("rasa", switch=SWITCH, patches="Rasa's lean start (no TensorFlow unless needed)", source=__name__)


def install() -> None:
    """Both patches below, or none (RASA_LEAN=0, or a Rasa other than PINNED). Before Rasa's server imports."""
    if _installed or not _allowed():
        return
    for name in DEFERRED:
        if defer(name):
            _installed.append(f"deferred {name}")
    patch_model_metadata()
    _installed.append("training graph read when used")


def report() -> None:
    """Says once, in Rasa's log (configured by then), what install() did in this process."""
    if _installed:
        say_once(f"{SWITCH}:on", logging.INFO, "Rasa's lean start: %s (rasa %s)", "; ".join(_installed), PINNED["rasa"])
    else:
        _allowed()  # says why not, if a switch or a version is the reason


# ---------------------------------------------------------------------------- deferred modules


class DeferredModule(types.ModuleType):
    """Stands in sys.modules for a module not imported yet; imports it when one of its names is read."""

    _tlsp_names: Optional[frozenset]  # what the module defines at its top level (None: unknown)

    def __getattr__(self, attr: str) -> Any:  # only for names not set on the stand-in itself
        names = self.__dict__.get("_tlsp_names")
        if names is not None and attr not in names:
            raise AttributeError(f"module {self.__name__!r} has no attribute {attr!r}")
        return getattr(load(self.__name__), attr)


def defer(name: str) -> bool:
    """Puts a stand-in for the module in sys.modules (and on its package) unless it is imported already."""
    with _lock:
        if name in sys.modules:
            return isinstance(sys.modules[name], DeferredModule)
        spec = importlib.util.find_spec(name)  # imports the packages above it, not the module
        if spec is None or not spec.origin or spec.submodule_search_locations is not None:
            return False
        stand_in = DeferredModule(name)
        stand_in.__spec__, stand_in.__file__, stand_in.__loader__ = spec, spec.origin, spec.loader
        stand_in.__package__ = spec.parent
        stand_in._tlsp_names = top_level_names(spec.origin)
        sys.modules[name] = stand_in
        _set_on_package(name, stand_in)
        return True


def _set_on_package(name: str, module: types.ModuleType) -> None:
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def load(name: str) -> types.ModuleType:
    """The real module: imported the first time (in place of its stand-in), then from sys.modules."""
    with _lock:
        module = sys.modules.get(name)
        if not isinstance(module, DeferredModule):
            return module if module is not None else importlib.import_module(name)
        del sys.modules[name]
        try:
            return importlib.import_module(name)  # also sets it on its package, in place of the stand-in
        except BaseException:
            sys.modules[name] = module
            _set_on_package(name, module)
            raise


def top_level_names(path: str) -> Optional[frozenset]:
    """The names a module's code binds at its top level (more, never fewer), or None where its source
    cannot tell: a star import, `match`, globals(), exec(), a module __getattr__."""
    with open(path, encoding="utf-8") as source:
        text = source.read()
    tree = ast.parse(text)
    if any(word in text for word in ("globals()", "exec(", "sys.modules[__name__]")) or any(
        isinstance(node, ast.Match) for node in ast.walk(tree)
    ):
        return None
    names: Set[str] = {"__annotations__", "__builtins__", "__cached__", "__warningregistry__"}  # set as it runs

    def bind(target: ast.AST) -> None:
        names.update(node.id for node in ast.walk(target) if isinstance(node, ast.Name))

    for node in ast.walk(tree):  # what functions declare global, and walrus targets, may be set at the top
        if isinstance(node, ast.Global):
            names.update(node.names)
        elif isinstance(node, ast.NamedExpr):
            bind(node.target)

    def walk(body: List[ast.stmt]) -> bool:
        for statement in body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(statement.name)
            elif isinstance(statement, (ast.Import, ast.ImportFrom)):
                for alias in statement.names:
                    if alias.name == "*":
                        return False
                    names.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(statement, ast.Assign):
                for target in statement.targets:
                    bind(target)
            elif isinstance(statement, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
                bind(statement.target)
            elif isinstance(statement, (ast.With, ast.AsyncWith)):
                for item in statement.items:
                    if item.optional_vars is not None:
                        bind(item.optional_vars)
            for part in ("body", "orelse", "finalbody"):  # if, try, for, while, with
                if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    if not walk(getattr(statement, part, [])):
                        return False
            for handler in getattr(statement, "handlers", []):
                if handler.name:
                    names.add(handler.name)
                if not walk(handler.body):
                    return False
        return True

    if not walk(tree.body) or "__getattr__" in names:
        return None
    return frozenset(names)


# ---------------------------------------------------------------------------- the training graph


def patch_model_metadata() -> None:
    """ModelMetadata.from_dict leaves the training graph as read, resolved when first used."""
    global _original_from_dict
    from rasa.engine.storage.storage import ModelMetadata

    if _original_from_dict is None:
        _original_from_dict = ModelMetadata.__dict__["from_dict"]
        ModelMetadata.from_dict = classmethod(_from_dict)


def unpatch_model_metadata() -> None:
    """Puts Rasa's own ModelMetadata.from_dict back (for the tests)."""
    global _original_from_dict
    from rasa.engine.storage.storage import ModelMetadata

    if _original_from_dict is not None:
        ModelMetadata.from_dict = _original_from_dict
        _original_from_dict = None


def _from_dict(cls: Any, serialized: Dict[str, Any]) -> Any:
    train = serialized["train_schema"]
    modules = {node["uses"].rpartition(".")[0] for node in train["nodes"].values()}
    if not all(module and importlib.util.find_spec(module) for module in modules):
        return _original_from_dict.__func__(cls, serialized)  # fails as Rasa does, naming the class
    metadata = _original_from_dict.__func__(cls, {**serialized, "train_schema": {"nodes": {}}})
    metadata.train_schema = _lazy_schema_class()(train)
    return metadata


_LazySchema: Any = None


def _lazy_schema_class() -> Any:
    """A GraphSchema read from its serialized form the first time its nodes are."""
    global _LazySchema
    if _LazySchema is None:
        from rasa.engine.graph import GraphSchema

        class LazyGraphSchema(GraphSchema):
            def __init__(self, serialized: Dict[str, Any]) -> None:  # noqa: D107 - no dataclass fields set
                self.__dict__["_tlsp_serialized"] = serialized

            @property  # type: ignore[override]
            def nodes(self) -> Dict[str, Any]:
                with _lock:
                    if "_tlsp_nodes" not in self.__dict__:
                        serialized = self.__dict__.pop("_tlsp_serialized")
                        self.__dict__["_tlsp_nodes"] = GraphSchema.from_dict(serialized).nodes
                return self.__dict__["_tlsp_nodes"]

            @nodes.setter
            def nodes(self, value: Dict[str, Any]) -> None:
                self.__dict__.pop("_tlsp_serialized", None)
                self.__dict__["_tlsp_nodes"] = value

            def __eq__(self, other: object) -> bool:
                return isinstance(other, GraphSchema) and self.nodes == other.nodes

            __hash__ = None  # type: ignore[assignment]  # as the dataclass's

        _LazySchema = LazyGraphSchema
    return _LazySchema


# ---------------------------------------------------------------------------- the command


def main(argv: Optional[List[str]] = None) -> None:
    """`rasa …` with install() first: `python -m rasa_addons.patches.lean run --model … --port …`."""
    install()
    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":  # run by `-m`: the channel's report() reads the module it imports, so start from it
    from rasa_addons.patches import lean

    lean.main()
