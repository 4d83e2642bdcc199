"""Erasing a resident's conversation when they ask (the widget's «Xóa cuộc trò chuyện»).

A Protocol of what callers use of bot/privacy/feature.py's Privacy, not the class itself: bot/privacy reads
the channels' tables, so the channels may not import it back (tests/bot/test_architecture.py)."""

from __future__ import annotations

from typing import Annotated, Protocol

from bot.deps.state import from_state


class ConversationEraser(Protocol):
    failed_text: str  # what to tell the resident when erasing failed

    async def erase(self, conversation_id: int) -> object | None:
        """Erases it (None when there was nothing left to erase)."""
        ...

    def erased_frame(self) -> dict[str, str]:
        """The frame telling a widget its conversation is gone."""
        ...


PrivacyEraser = Annotated[ConversationEraser, from_state("privacy")]
