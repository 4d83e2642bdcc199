"""A Rasa NLU component after the intent classifier: a message that says someone is in danger now is an
emergency, even where a long story kept the classifier from seeing it (nlu.danger holds the phrases).

Registered as an intent classifier that needs no training; it only rewrites the ranking the classifier
made. A service question the classifier is sure of keeps its intent ("điện thoại bị cướp giật, khóa gì
trước" is a question), so the phrases never turn a clear question into a false alarm.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.danger import present_danger

EMERGENCY = "emergency"
QUESTION = "ask_question"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DangerPhraseClassifier(GraphComponent):
    """Makes a message that names a present danger an emergency, unless it is a clear service question."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`confidence`: what the emergency is given; `sure_question`: a question ranked this high stays one."""
        return {"confidence": 0.95, "sure_question": 0.5}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.confidence = float(config["confidence"])
        self.sure_question = float(config["sure_question"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DangerPhraseClassifier:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            phrase = present_danger(message.get(TEXT) or "")
            if phrase and self._overrules(message.get("intent")):
                self._make_emergency(message, phrase)
        return messages

    def _overrules(self, intent: Optional[Dict[Text, Any]]) -> bool:
        name = (intent or {}).get("name")
        confidence = float((intent or {}).get("confidence") or 0.0)
        if name == EMERGENCY:  # ranked first but unsure, the fallback would take it: made sure
            return confidence < self.confidence
        return not (name == QUESTION and confidence >= self.sure_question)

    def _make_emergency(self, message: Message, phrase: Text) -> None:
        """Emergency first with `confidence`; the others keep their order and share the rest."""
        others = [dict(e) for e in message.get("intent_ranking") or [] if e.get("name") != EMERGENCY]
        total = sum(float(e.get("confidence") or 0.0) for e in others)
        for entry in others:
            entry["confidence"] = (1 - self.confidence) * float(entry.get("confidence") or 0.0) / total if total else 0.0
        top = {"name": EMERGENCY, "confidence": self.confidence}
        message.set("intent", top, add_to_output=True)
        message.set("intent_ranking", [top, *others], add_to_output=True)
        message.set("danger", phrase, add_to_output=True)
