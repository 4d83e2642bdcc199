"""Ward facts (name, address, hours, hotline, classes) filled into bot text at send time."""

from __future__ import annotations

import re

from bot.settings import Settings

FACT_KEYS = ("ward_name", "ward_address", "ward_hours", "ward_hotline", "class_schedule")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(FACT_KEYS) + r")\}")


def facts_from_settings(settings: Settings) -> dict[str, str]:
    """The ward facts as configured."""
    return {key: getattr(settings, key) for key in FACT_KEYS}


def fill(text: str, facts: dict[str, str]) -> str:
    """Replaces the known placeholders only; any other brace stays as written."""
    return _PLACEHOLDER.sub(lambda m: facts.get(m.group(1), m.group(0)), text)
