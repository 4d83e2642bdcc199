"""Rasa 3.6 tokenizer for Vietnamese on underthesea word segmentation.

Tokens carry exact offsets into the original message and, as lemma, the normalised
accent-folded key ("đăng ký" and "dang ky" both give "dang_ky") that featurizers read
with `use_lemma: true`. Compounds seen in the accented training data are learned and
persisted, so unaccented messages segment like accented ones.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.segmentation import compound_keys, segment

logger = logging.getLogger(__name__)

COMPOUNDS_FILE = "compounds.txt"


def _is_punctuation(text: str) -> bool:
    return all(unicodedata.category(c).startswith("P") for c in text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class VietnameseTokenizer(Tokenizer):
    """Vietnamese word tokenizer (underthesea) with folded lemmas and learned compounds."""

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        """Vietnamese only."""
        return ["vi"]

    @staticmethod
    def required_packages() -> List[Text]:
        """underthesea does the segmentation."""
        return ["underthesea"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Defaults, including the keys every Rasa tokenizer understands."""
        return {
            # learn multi-syllable words from the training data's own segmentation
            "learn_compounds": True,
            # lemma given to featurizers: "folded" (normalised, no diacritics) or "lower" (as typed)
            "lemma": "folded",
            # optional text file of extra compounds, one per line ("dịch vụ công")
            "compounds_path": None,
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        compounds: frozenset = frozenset(),
    ) -> None:
        """Initialises the tokenizer with the compounds it knows."""
        super().__init__(config)
        self._model_storage = model_storage
        self._resource = resource
        self.compounds = compounds

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VietnameseTokenizer:
        """Creates an untrained tokenizer that knows only the configured compounds."""
        return cls(config, model_storage, resource, cls._configured_compounds(config))

    @staticmethod
    def _configured_compounds(config: Dict[Text, Any]) -> frozenset:
        path = config.get("compounds_path")
        if not path:
            return frozenset()
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        keys = {"_".join(w.key for w in segment(line)) for line in lines if not line.startswith("#")}
        return frozenset(k for k in keys if "_" in k)

    def train(self, training_data: TrainingData) -> Resource:
        """Learns compounds from the training examples and persists them."""
        learned = set(self.compounds)
        if self._config["learn_compounds"]:
            for example in training_data.training_examples:
                text = example.get(TEXT)
                if text:
                    learned |= compound_keys(segment(text))
        self.compounds = frozenset(learned)
        self.persist()
        return self._resource

    def persist(self) -> None:
        """Writes the compound list into model storage."""
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / COMPOUNDS_FILE).write_text("\n".join(sorted(self.compounds)), encoding="utf-8")

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> VietnameseTokenizer:
        """Loads the learned compounds from model storage."""
        try:
            with model_storage.read_from(resource) as directory:
                text = (Path(directory) / COMPOUNDS_FILE).read_text(encoding="utf-8")
            compounds = frozenset(line for line in text.splitlines() if line)
        except (ValueError, FileNotFoundError):
            logger.debug("No persisted compounds for %s; using configured ones.", resource.name)
            compounds = cls._configured_compounds(config)
        return cls(config, model_storage, resource, compounds)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        """Tokens with offsets into the original text and folded lemmas."""
        text = message.get(attribute) or ""
        folded = self._config["lemma"] == "folded"
        tokens = [
            Token(word.text, word.start, word.end, lemma=word.key if folded else word.text.lower())
            for word in segment(text, self.compounds)
            if not _is_punctuation(word.text)
        ]
        return self._apply_token_pattern(tokens)
