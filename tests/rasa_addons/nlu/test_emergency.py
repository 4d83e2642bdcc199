"""The danger phrases after the intent classifier (runs in Rasa's virtualenv)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.nlu.emergency import DangerPhraseClassifier

STORY = "Ông chồng nhà bên say rượu từ chiều, giờ đang cầm dao đuổi vợ con chạy ra đường. Tôi phải báo ai?"


def classified(text: str, ranking: list[tuple[str, float]]) -> Message:
    message = Message(data={TEXT: text})
    entries = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set("intent", entries[0], add_to_output=True)
    message.set("intent_ranking", entries, add_to_output=True)
    return message


@pytest.fixture
def component() -> DangerPhraseClassifier:
    return DangerPhraseClassifier(DangerPhraseClassifier.get_default_config())


def test_a_danger_hidden_in_a_story_becomes_the_emergency(component):
    message = classified(STORY, [("civic_report", 0.28), ("complain", 0.27), ("ask_question", 0.25), ("emergency", 0.2)])
    component.process([message])
    assert message.get("intent") == {"name": "emergency", "confidence": 0.95}
    ranking = message.get("intent_ranking")
    assert [e["name"] for e in ranking] == ["emergency", "civic_report", "complain", "ask_question"]
    assert sum(e["confidence"] for e in ranking) == pytest.approx(1.0)
    assert message.get("danger") == "cam dao"


def test_a_clear_service_question_keeps_its_intent(component):
    message = classified("bị cướp giật điện thoại rồi, khóa tài khoản ngân hàng sao", [("ask_question", 0.8), ("emergency", 0.1)])
    component.process([message])
    assert message.get("intent")["name"] == "ask_question"


def test_an_unsure_question_that_names_a_present_danger_is_the_emergency(component):
    message = classified("có người nằm bất tỉnh ngoài hẻm thì gọi số mấy", [("ask_question", 0.4), ("emergency", 0.35)])
    component.process([message])
    assert message.get("intent")["name"] == "emergency"


def test_messages_without_a_danger_are_left_as_classified(component):
    message = classified("đèn đường hẻm nhà tôi hư", [("civic_report", 0.7), ("emergency", 0.2)])
    component.process([message])
    assert message.get("intent") == {"name": "civic_report", "confidence": 0.7}
    assert message.get("danger") is None


def test_an_emergency_ranked_first_but_unsure_is_made_sure(component):
    # «ai gọi cứu hộ giùm» also sounds like asking for a person: the emergency led with 0.34, and the
    # fallback classifier after this component turned that into "not understood"
    text = "có đứa nhỏ rớt xuống kênh gần cầu, ai gọi cứu hộ giùm với"
    message = classified(text, [("emergency", 0.34), ("civic_report", 0.25), ("request_human", 0.22)])
    component.process([message])
    assert message.get("intent") == {"name": "emergency", "confidence": 0.95}
    assert message.get("danger") == "rot xuong kenh"
