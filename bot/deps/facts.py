"""The ward facts filled into answers ({ward_name}…), as staff set them in /admin/ward."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from bot.ward.facts import FactsProvider


async def ward_facts(connection: HTTPConnection) -> FactsProvider:
    """Call it for the current facts (cached a moment); invalidate() after saving new ones."""
    facts: FactsProvider = connection.app.state.facts
    return facts


WardFacts = Annotated[FactsProvider, Depends(ward_facts)]
