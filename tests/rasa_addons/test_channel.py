"""The gateway's Rasa channel keeps each reply whole (runs in Rasa's virtualenv)."""

from __future__ import annotations

import asyncio

from rasa_addons.channel import MetaRestInput, WholeMessageCollector


def collect(*messages):
    collector = WholeMessageCollector()

    async def send():
        for message in messages:
            await collector.send_response("conv-1", message)

    asyncio.run(send())
    return collector.messages


def test_text_buttons_and_custom_stay_in_one_message():
    [message] = collect(
        {
            "text": "Dạ, bước 1…\n\nBước 2…",
            "buttons": [{"title": "Có", "payload": "/affirm"}],
            "custom": {"meta": {"source": "faq"}},
        }
    )
    assert message == {
        "recipient_id": "conv-1",
        "text": "Dạ, bước 1…\n\nBước 2…",  # Rasa's own collector would split this in two
        "buttons": [{"title": "Có", "payload": "/affirm"}],
        "custom": {"meta": {"source": "faq"}},
    }


def test_quick_replies_become_buttons():
    [message] = collect({"text": "Chọn", "quick_replies": [{"title": "A", "payload": "a"}]})
    assert message["buttons"] == [{"title": "A", "payload": "a"}]


def test_empty_messages_are_dropped():
    assert collect({"text": ""}, {}) == []


def test_channel_name_is_the_url_prefix():
    assert MetaRestInput.name() == "meta"
