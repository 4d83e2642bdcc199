"""The features' hooks into the core, registered in one place: a composition root, as bot/app.py is.

The conversation core imports no feature, and bot/privacy imports only the features whose own rows it
erases or purges (handoff, feedback, access); the dashboard, which keeps figures derived from
conversations and imports privacy itself, registers a hook instead (bot/privacy/erasure.before_erasing). Every process
that can erase conversations calls install() before it does: the app when it is built, and the
retention command line (python -m bot.privacy.retention), so no erasure ever skips a hook.
"""

from __future__ import annotations

from bot.dashboard import rollup


def install() -> None:
    """Registers every feature's hooks (each once, however often this runs)."""
    rollup.install()
