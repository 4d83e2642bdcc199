"""The ward facts filled into answers ({ward_name}…), as staff set them in /admin/ward."""

from __future__ import annotations

from typing import Annotated

from bot.deps.state import from_state
from bot.ward.facts import FactsProvider

# call it for the current facts (cached a moment); invalidate() after saving new ones
WardFacts = Annotated[FactsProvider, from_state("facts")]
