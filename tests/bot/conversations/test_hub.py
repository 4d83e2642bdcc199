"""The live hub: watchers of a conversation or of a resident, and channel listeners."""

from __future__ import annotations

from bot.conversations.hub import Hub


def wire(seq: int) -> dict:
    return {"type": "message", "seq": seq}


async def test_a_resident_watcher_hears_a_conversation_created_after_it_subscribed():
    hub = Hub()
    resident = hub.subscribe(("web", "r" * 20))
    other = hub.subscribe(("web", "o" * 20))
    await hub.publish(7, "web", "r" * 20, wire(1))  # conversation 7 did not exist when they subscribed
    await hub.deliver_relayed(7, "web", "r" * 20, wire(2))  # stored by another instance
    assert [resident.get_nowait()["seq"] for _ in range(2)] == [1, 2]
    assert other.empty()


async def test_conversation_and_resident_watchers_both_hear_it_until_they_unsubscribe():
    hub = Hub()
    conversation = hub.subscribe(7)
    resident = hub.subscribe(("web", "r" * 20))
    await hub.publish(7, "web", "r" * 20, wire(1))
    assert conversation.get_nowait() == resident.get_nowait() == wire(1)
    hub.unsubscribe(("web", "r" * 20), resident)
    await hub.publish(7, "web", "r" * 20, wire(2))
    assert resident.empty() and conversation.get_nowait() == wire(2)
