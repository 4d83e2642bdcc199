"""The live knowledge-base index: the editor's «Thử hỏi bot» and /api/kb/search read it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from knowledge.live import LiveIndex


async def kb_index(connection: HTTPConnection) -> LiveIndex:
    """current() is the index of what is published now (rebuilt after an edit)."""
    index: LiveIndex = connection.app.state.kb_index
    return index


KbIndex = Annotated[LiveIndex, Depends(kb_index)]
