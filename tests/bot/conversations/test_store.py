"""The one write path masks a resident's personal numbers before storing, and says so once."""

from __future__ import annotations

from sqlalchemy import select

from bot.conversations.drafts import Draft
from bot.conversations.models import Awaiting, Conversation, Message
from bot.conversations.service import Origin
from tests.bot.conversations.test_service import make_service

CCCD = "079160001234"


def stored(service, conversation_id: int) -> list[Message]:
    with service.sessions() as session:
        return list(session.scalars(select(Message).where(Message.conversation_id == conversation_id).order_by(Message.seq)))


async def test_numbers_are_masked_before_storage_and_rasa_and_the_resident_is_told_once(any_database, rasa):
    service = make_service(any_database, rasa)
    first = await service.receive("api", "bac-tu", f"cccd {CCCD} hẹn ngày 12/05/2026 làm lại thẻ")
    assert first.inbound.text == "cccd [số CCCD đã che] hẹn ngày 12/05/2026 làm lại thẻ"
    assert first.inbound.meta["masked"] == ["cccd"]
    notice, answer = first.replies
    assert notice.meta["notice"] == "masked" and notice.reply_to == first.inbound.seq
    assert "con đã che số CCCD" in notice.text and "đừng gửi mã OTP hay mật khẩu" in notice.text
    assert notice.seq < answer.seq and CCCD not in answer.text
    assert rasa.received[-1]["message"] == first.inbound.text  # Rasa gets the stored, masked text

    second = await service.receive("api", "bac-tu", "sdt 0901234567")
    assert second.inbound.text == "sdt [số điện thoại đã che]"
    assert [r.meta.get("notice") for r in second.replies] == [None]  # told once per conversation

    texts = [m.text for m in stored(service, first.conversation.id)]
    assert not any(CCCD in t or "0901234567" in t for t in texts)
    assert any("12/05/2026" in t for t in texts)
    await service.rasa.close()


async def test_a_message_without_numbers_gets_no_notice_and_is_kept_as_typed(any_database, rasa):
    service = make_service(any_database, rasa)
    turn = await service.receive("api", "bac-nam", "lệ phí 200.000 đồng, gọi 1022 hay 113")
    assert turn.inbound.text == "lệ phí 200.000 đồng, gọi 1022 hay 113" and "masked" not in turn.inbound.meta
    assert [r.meta.get("notice") for r in turn.replies] == [None]
    await service.rasa.close()


async def test_a_button_payload_is_not_masked(database_url, rasa):
    service = make_service(database_url, rasa)
    # as from a stored Telegram button: a widget's payload counts only if the bot offered it
    turn = await service.receive(
        "web", "w" * 20, "Chọn", payload='/choose{"faq_id": 901234567}', origin=Origin(trusted_payload=True)
    )
    assert turn.inbound.meta["payload"] == '/choose{"faq_id": 901234567}'
    assert rasa.received[-1]["message"] == '/choose{"faq_id": 901234567}'
    await service.rasa.close()


async def test_the_notice_keeps_what_the_conversation_awaits(database_url, rasa):
    """A call-back question with a CCCD in it is still taken as the question (masked), after the notice."""
    service = make_service(database_url, rasa)
    turn = await service.receive("web", "q" * 20, "xin chào")
    conversation_id = turn.conversation.id
    service._store_bot_turn(
        conversation_id,
        turn.inbound,
        [Draft("Việc cần hỗ trợ ạ?", None, {"source": "system", "await": "callback_question", "callback_id": 1})],
        "answered",
        None,
    )
    asked = await service.receive("web", "q" * 20, f"làm lại căn cước {CCCD}")
    notice, saved = asked.replies
    assert notice.meta["notice"] == "masked" and "gọi lại" in saved.text  # the awaited answer was taken
    assert len(rasa.received) == 1  # not sent to the bot
    with service.sessions() as session:
        assert session.get_one(Conversation, conversation_id).awaiting is None
    await service.rasa.close()


async def test_a_phone_number_asked_for_gets_no_notice_and_its_handler_reads_it_as_typed(database_url, rasa):
    service = make_service(database_url, rasa)
    turn = await service.receive("web", "p" * 20, "xin chào")
    service._store_bot_turn(
        turn.conversation.id,
        turn.inbound,
        [Draft("Số điện thoại ạ?", None, {"source": "system", "await": Awaiting.CALLBACK_PHONE.value})],
        "answered",
        None,
    )
    answered = await service.receive("web", "p" * 20, "0912 345 678")
    assert answered.inbound.text == "[số điện thoại đã che]"
    [ask_question] = answered.replies
    assert ask_question.meta.get("await") == "callback_question"  # the number was read and taken
    await service.rasa.close()


async def test_after_a_restart_only_the_masked_phone_is_left_and_the_resident_is_asked_again(database_url, rasa):
    service = make_service(database_url, rasa)
    turn = await service.receive("web", "r" * 20, "xin chào")
    service._store_bot_turn(
        turn.conversation.id,
        turn.inbound,
        [Draft("Số điện thoại ạ?", None, {"source": "system", "await": Awaiting.CALLBACK_PHONE.value})],
        "answered",
        None,
    )
    accepted = await service.accept("web", "r" * 20, "0912 345 678")
    [reloaded] = [m for m in stored(service, turn.conversation.id) if m.id == accepted.inbound.id]  # as recover() reads it
    [again] = await service.answer(accepted.conversation, reloaded)
    assert "chưa đúng" in again.text and again.meta.get("await") == "callback_phone"
    await service.rasa.close()
