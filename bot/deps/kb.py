"""The live knowledge-base index: the editor's «Thử hỏi bot» and /api/kb/search read it."""

from __future__ import annotations

from typing import Annotated

from bot.deps.state import from_state
from knowledge.live import LiveIndex

# current() is the index of what is published now (rebuilt after an edit)
KbIndex = Annotated[LiveIndex, from_state("kb_index")]
