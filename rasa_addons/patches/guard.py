"""Whether speedups.py (and lean.py) may patch Rasa in this process: their switches and the versions.

The patches in speedups.py lean on private details of the versions they were written for and
measured with (PINNED, as in requirements/rasa.lock). With another version installed they must not go
in: Rasa then runs as shipped, slower but correct, and one warning per process says so, naming the
version found. RASA_SPEEDUPS=0 turns them off on purpose (said once, at info level); lean.py's
patches ask the same with their own switch, RASA_LEAN.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os

logger = logging.getLogger("rasa_addons.patches")  # where an operator looks for them

PINNED = {"rasa": "3.6.21", "jsonschema": "4.17.3", "aiohttp": "3.9.5"}
SWITCH = "RASA_SPEEDUPS"

_said: set[str] = set()  # the once-per-process messages already logged


def installed_version(package: str) -> str:
    """The version of a package in this process (Rasa's as Rasa itself reports it)."""
    if package == "rasa":
        import rasa

        return rasa.__version__
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def allowed(
    *packages: str,
    switch: str = SWITCH,
    patches: str = "Rasa speed-ups",
    source: str = "rasa_addons/patches/speedups.py",
) -> bool:
    """Whether a patch written for these packages' PINNED versions may go in; says once why not.

    The same rules serve lean.py's patches under their own switch (switch=, patches=, source=)."""
    if os.environ.get(switch, "1").strip().lower() in ("0", "false", "off", "no"):
        say_once(f"{switch}:off", logging.INFO, "%s are off (%s=0): Rasa runs as shipped", patches, switch)
        return False
    found = {package: installed_version(package) for package in packages}
    wrong = {package: version for package, version in found.items() if version != PINNED[package]}
    if wrong:
        say_once(
            f"{switch}:versions",
            logging.WARNING,
            "%s are off: found %s, but %s was written for %s; "
            "Rasa runs as shipped until the patches are checked against it and PINNED updated",
            patches,
            ", ".join(f"{p} {v}" for p, v in wrong.items()),
            source,
            ", ".join(f"{p} {v}" for p, v in PINNED.items()),
        )
        return False
    return True


def say_once(key: str, level: int, message: str, *args: object) -> None:
    """Logs a message the first time its key comes up in this process."""
    if key not in _said:
        _said.add(key)
        logger.log(level, message, *args)
