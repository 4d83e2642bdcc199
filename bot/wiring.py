"""The features' hooks into the core, registered in one place: a composition root, as bot/app.py is.

The core and bot/privacy import no feature (dependencies point one way); a feature that keeps figures
derived from conversations registers a hook instead (bot/privacy/erasure.before_erasing). Every process
that can erase conversations calls install() before it does: the app when it is built, and the
retention command line (python -m bot.privacy.retention), so no erasure ever skips a hook.
"""

from __future__ import annotations

from bot.dashboard import rollup


def install() -> None:
    """Registers every feature's hooks (each once, however often this runs)."""
    rollup.install()
