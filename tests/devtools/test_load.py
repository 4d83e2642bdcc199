"""The load driver's statistics, conversations and reply judgement (no servers)."""

from __future__ import annotations

from devtools.load import conversations_from_knowledge, mix
from devtools.load_resident import judge
from devtools.load_results import Result, Target, TurnRecord


def test_summary_counts_errors_apart_from_latencies():
    result = Result("closed", "gateway", 2, duration_s=2.0)
    result.turns = [
        TurnRecord(0, "http", 0.1, 100.0),
        TurnRecord(1, "ws", 0.2, 300.0),
        TurnRecord(0, "http", 0.5, 9000.0, error="timeout"),
        TurnRecord(1, "ws", 0.9, 200.0, handoff=True),
    ]
    summary = result.summary()
    assert summary["answered"] == 3 and summary["errors"] == 1 and summary["error_kinds"] == {"timeout": 1}
    assert summary["throughput_msg_s"] == 1.5
    assert summary["p50_ms"] == 200.0 and summary["max_ms"] == 300.0
    assert summary["handoffs"] == 1
    assert summary["by_transport"]["ws"]["n"] == 2


def test_replies_are_judged():
    gateway = Target.gateway("http://x")
    assert judge(gateway, []) == ("no_reply", False)
    assert judge(gateway, [{"text": "ok", "meta": {"source": "faq"}}]) == (None, False)
    unavailable = {"text": "Dạ, hệ thống trả lời tự động đang tạm gián đoạn. …", "meta": {"source": "system"}}
    assert judge(gateway, [unavailable])[0] == "bot_unavailable"
    held = {"text": "Dạ, hệ thống đang bận một chút…", "meta": {"source": "system", "mode": "bot", "bot_busy": True}}
    assert judge(gateway, [held])[0] == "bot_unavailable"  # held for the bot: counted with the outages
    queued = {"text": "…hàng chờ", "meta": {"source": "system", "handoff": True, "mode": "waiting"}}
    assert judge(gateway, [queued]) == (None, True)
    assert judge(gateway, [{"text": "…", "meta": {"source": "system", "mode": "bot"}}])[0] == "system_reply"
    # the notice that a password in the message was masked comes with the bot's answer: no error
    masked = {"text": "Dạ, để giữ an toàn…", "meta": {"source": "system", "mode": "bot", "notice": "masked"}}
    assert judge(gateway, [masked, {"text": "Dạ, về…", "meta": {"source": "faq"}}]) == (None, False)
    assert judge(Target.rasa_rest("http://x"), [{"recipient_id": "a", "text": "Dạ"}]) == (None, False)


def test_transports_are_spread_by_share():
    assert [Target.gateway("http://x", 0.5).transport_of(i) for i in range(4)] == ["http", "ws", "http", "ws"]
    assert {Target.gateway("http://x", 0.0).transport_of(i) for i in range(5)} == {"http"}
    assert {Target.gateway("http://x", 1.0).transport_of(i) for i in range(5)} == {"ws"}
    assert {Target.rasa_rest("http://x").transport_of(i) for i in range(5)} == {"http"}


def test_conversations_mix_the_ways_residents_write():
    conversations = conversations_from_knowledge(200, seed=3)
    assert len(conversations) == 200 and all(2 <= len(c) <= 6 for c in conversations)
    counts = mix(conversations)
    total = sum(counts.values())
    assert all(counts[k] / total > 0.15 for k in ("accented", "unaccented", "teencode"))
    assert conversations == conversations_from_knowledge(200, seed=3)
