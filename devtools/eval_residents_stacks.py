"""The checkouts `make eval-residents` compares: which commit is "before", its worktree and model, and
starting a checkout's own stack."""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from devtools.stack import MANY_RESIDENTS_ONE_ADDRESS

ROOT = Path(__file__).resolve().parent.parent
WORKTREES = ROOT / "var" / "worktrees"


def before_ref(requested: str | None) -> str | None:
    """The commit to compare with: as asked, else `main` (HEAD's parent when HEAD is main itself)."""
    if requested == "none":
        return None
    if requested:
        return requested
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    main = subprocess.run(["git", "rev-parse", "main"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return "HEAD~1" if head == main else "main"


def prepare_worktree(ref: str) -> Path:
    """A worktree of `ref` under var/worktrees/ sharing this checkout's virtualenvs, with its model trained."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    tree = WORKTREES / sha
    WORKTREES.mkdir(parents=True, exist_ok=True)
    # runs on several sets at once share the worktree: the first one makes it and trains its model
    with open(WORKTREES / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (tree / "devtools" / "stack.py").exists():
            subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(tree), sha], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
            )
        for venv in (".venv", ".venv-rasa"):
            if not (tree / venv).exists():
                (tree / venv).symlink_to(ROOT / venv)
        print(f"Training the model of {ref} ({sha}) in {tree} if needed …", flush=True)
        env = dict(os.environ, PYTHONPATH=str(tree))
        subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "devtools.train"], cwd=tree, env=env, check=True)
    return tree


def stack_module(tree: Path):
    """devtools/stack.py of a checkout, so that its Stack starts that checkout's code and model."""
    spec = importlib.util.spec_from_file_location(f"stack_{tree.name}", tree / "devtools" / "stack.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def stack_of(tree: Path, keep: bool) -> Iterator[str]:
    """Starts the stack of a checkout in a temporary workdir; yields its gateway URL."""
    stack_mod = stack_module(tree)
    workdir = Path(tempfile.mkdtemp(prefix="eval-residents-"))
    port = stack_mod.free_port
    stack = stack_mod.Stack(
        workdir=workdir,
        rasa_port=port(),
        action_port=port(),
        gateway_port=port(),
        model=tree / "models" / "current.tar.gz",
        extra_env={
            "DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
            "HANDOFF_ALWAYS_OPEN": "1",
            "CHAT_RATE_PER_MINUTE": "100000",
            # all the set's residents come from this machine (names unknown to an older checkout are ignored)
            **MANY_RESIDENTS_ONE_ADDRESS,
            "TELEGRAM_MODE": "off",
        },
    )
    failed = False
    try:
        stack.migrate()
        stack.start()
        stack.wait_ready(timeout=300)
        yield stack.gateway_url
    except Exception:
        failed = True
        raise
    finally:
        stack.stop()
        if failed or keep:
            print(f"  logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
