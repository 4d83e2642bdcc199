"""Messages stored before masking are masked by the backfill, once; staff's and the bot's texts are left."""

from __future__ import annotations

from sqlalchemy import select

from bot.conversations.models import Conversation, Message, Mode
from bot.db import make_engine, make_sessionmaker
from bot.handoff.models import Callback, HandoffReason
from bot.privacy.backfill import backfill
from tests.support.database import migrate


def test_old_resident_messages_are_masked_and_nothing_else(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    migrate(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        conversation = Conversation(channel="web", external_id="x" * 20, mode=Mode.BOT, last_seq=3)
        session.add(conversation)
        session.flush()
        session.add(Callback(conversation_id=conversation.id, reason=HandoffReason.REQUEST_HUMAN, question="gọi 0912345678 nha"))
        for seq, direction, text in (
            (1, "in", "số cccd của tôi 079123456789, hẹn ngày 12/05/2026"),
            (2, "out", "Dạ, Bác gọi 0901234567 là số của phường ạ"),  # the bot's own words stay
            (3, "in", "cảm ơn con"),
        ):
            session.add(Message(conversation_id=conversation.id, seq=seq, direction=direction, text=text, meta={}))
        session.commit()
    first = backfill(sessions, dry_run=True)
    assert (first.read, first.masked) == (3, 2)
    assert backfill(sessions).masked == 2
    assert backfill(sessions).masked == 0  # safe to repeat
    with sessions() as session:
        texts = list(session.scalars(select(Message.text).order_by(Message.seq)))
        [question] = session.scalars(select(Callback.question))
    engine.dispose()
    assert "079123456789" not in texts[0] and "12/05/2026" in texts[0]
    assert texts[1:] == ["Dạ, Bác gọi 0901234567 là số của phường ạ", "cảm ơn con"]
    assert "0912345678" not in question  # a call-back question kept from before masking
