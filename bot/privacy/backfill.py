"""Masks the personal numbers of resident texts stored before the gateway masked them (session 10).

New messages are masked before they are stored (bot/conversations/store.py); messages a ward already
had are masked by running this once, in batches, safe to repeat:

    .venv/bin/python -m bot.privacy.backfill            # mask what is still readable
    .venv/bin/python -m bot.privacy.backfill --dry-run  # only count

Rasa's tracker is not rewritten: its old events go with the retention job (RETENTION_DAYS).
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.conversations.models import Message
from bot.handoff.models import Callback, Suggestion, Ticket, TicketEvent
from bot.personal_numbers.masking import mask

logger = logging.getLogger(__name__)
BATCH = 500


@dataclass
class BackfillReport:
    read: int = 0
    masked: int = 0

    def __str__(self) -> str:
        return f"{self.read} resident text(s) read, {self.masked} masked"


# Resident text kept before masking: messages, and what the handoff kept from them (call-back
# questions, rating comments, volunteers' suggestions and notes, which often quoted the resident).
KEPT_TEXTS: list[tuple[Any, Any, Any]] = [
    (Message, Message.id, Message.text),
    (Callback, Callback.id, Callback.question),
    (Ticket, Ticket.id, Ticket.rating_comment),
    (Suggestion, Suggestion.id, Suggestion.text),
    (TicketEvent, TicketEvent.id, TicketEvent.text),
]


def backfill(sessions: sessionmaker[Session], dry_run: bool = False) -> BackfillReport:
    """Masks every stored resident text that still shows a personal number; what it did."""
    report = BackfillReport()
    for model, id_column, text_column in KEPT_TEXTS:
        only = [Message.direction == "in"] if model is Message else [text_column.is_not(None)]
        after = 0
        while True:
            with sessions() as session:
                rows = session.execute(
                    select(id_column, text_column).where(id_column > after, *only).order_by(id_column).limit(BATCH)
                ).all()
                if not rows:
                    break
                for row_id, text in rows:
                    report.read += 1
                    masked = mask(text or "")
                    if masked.changed:
                        report.masked += 1
                        if not dry_run:
                            session.execute(update(model).where(id_column == row_id).values({text_column.key: masked.text}))
                session.commit()
                after = rows[-1][0]
    return report


def main(argv: list[str] | None = None) -> int:
    from bot.db import make_engine, make_sessionmaker
    from bot.settings import get_settings

    parser = argparse.ArgumentParser(prog="python -m bot.privacy.backfill", description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="only count the messages that would be masked")
    args = parser.parse_args(argv)
    engine = make_engine(get_settings().database_url)
    try:
        print(backfill(make_sessionmaker(engine), dry_run=args.dry_run))
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
