"""The telegram_updates table: every update stored before it is acknowledged, marked once handled."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.telegram.models import TelegramUpdate
from bot.clock import utcnow


class UpdateStore:
    """Idempotent intake of Bot API updates; the database calls run in a worker thread."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def add(self, update_id: int, payload: dict[str, Any]) -> bool:
        """Stores a new update; False when this update_id was stored before (a redelivery)."""
        return await asyncio.to_thread(self._add, update_id, payload)

    async def finish(self, update_id: int, status: str) -> None:
        """Marks an update `processed` or `failed`."""
        await asyncio.to_thread(self._finish, update_id, status)

    async def unfinished(self) -> list[tuple[int, dict[str, Any]]]:
        """Updates stored but never handled (the process stopped in between), oldest first."""
        return await asyncio.to_thread(self._unfinished)

    async def prune(self, older_than: timedelta) -> int:
        """Forgets handled updates older than Telegram could redeliver them; returns how many."""
        return await asyncio.to_thread(self._prune, older_than)

    def _add(self, update_id: int, payload: dict[str, Any]) -> bool:
        with self.sessions() as session:
            session.add(TelegramUpdate(update_id=update_id, payload=payload, status="received"))
            try:
                session.commit()
            except IntegrityError:  # the primary key says we have it already
                session.rollback()
                return False
            return True

    def _finish(self, update_id: int, status: str) -> None:
        with self.sessions() as session:
            # Handled, the update is kept only to recognise a redelivery: its id is enough. What it held
            # (the text as typed, the sender's name) is stored, masked, as the conversation's message.
            session.execute(
                update(TelegramUpdate)
                .where(TelegramUpdate.update_id == update_id)
                .values(status=status, processed_at=utcnow(), payload={"update_id": update_id})
            )
            session.commit()

    def _unfinished(self) -> list[tuple[int, dict[str, Any]]]:
        with self.sessions() as session:
            rows = session.execute(
                select(TelegramUpdate.update_id, TelegramUpdate.payload)
                .where(TelegramUpdate.status == "received")
                .order_by(TelegramUpdate.update_id)
            ).all()
            return [(update_id, payload) for update_id, payload in rows]

    def _prune(self, older_than: timedelta) -> int:
        with self.sessions() as session:
            # A bulk DELETE always gives a CursorResult; Session.execute() is typed with the general Result.
            result = cast(
                CursorResult[Any],
                session.execute(
                    delete(TelegramUpdate).where(
                        TelegramUpdate.status != "received", TelegramUpdate.received_at < utcnow() - older_than
                    )
                ),
            )
            session.commit()
            return result.rowcount or 0
