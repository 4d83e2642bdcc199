"""Rasa's own way to answer FAQs, measured for `make eval-kb` (runs in Rasa's virtualenv).

The FAQ phrasings become a retrieval intent (`faq/<entry id>`) beside our NLU data, a
ResponseSelector is trained with our tokenizer and featurizers, and each held-out question
is parsed. Changing an answer this way means retraining: its edit-to-live time is the
training time. Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import yaml  # noqa: E402

from devtools.train import cache_directory  # noqa: E402
from knowledge.entries import load_content  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(questions_path: str) -> None:
    # Rasa's training cache of the current NLU code (devtools/train.py), never another version's outputs
    os.environ["RASA_CACHE_DIRECTORY"] = str(cache_directory())
    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    faqs = load_content()
    questions = yaml.safe_load(Path(questions_path).read_text(encoding="utf-8"))["questions"]
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    config["pipeline"] = [c for c in config["pipeline"] if c["name"] != "FallbackClassifier"]
    config["pipeline"].append({"name": "ResponseSelector", "epochs": 100, "retrieval_intent": "faq", "random_seed": 42})
    config["policies"] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        blocks = [
            {"intent": f"faq/{f.id}", "examples": "".join(f"- {q}\n" for q in dict.fromkeys((f.title, *f.questions)))}
            for f in faqs
        ]
        (work / "faq.yml").write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True), encoding="utf-8")
        for path in (ROOT / "nlu" / "data").glob("*.yml"):
            if path.stem != "ask_question":  # the retrieval intent takes its place
                (work / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        (work / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        started = time.perf_counter()
        model = train_nlu(str(work / "config.yml"), str(work), str(work / "models"), fixed_model_name="faq")
        train_s = time.perf_counter() - started
        agent = Agent.load(model)
        right = {"all": [0, 0], "unaccented": [0, 0], "teencode": [0, 0]}
        for question in questions:
            if question["expected"] is None:
                continue
            parsed = asyncio.run(agent.parse_message(question["text"]))
            key = parsed.get("response_selector", {}).get("faq", {}).get("response", {}).get("intent_response_key")
            ok = key == f"faq/{question['expected']}"
            for style in ("all", question["style"]):
                if style in right:
                    right[style][0] += ok
                    right[style][1] += 1
    print(
        json.dumps(
            {
                "top1": right["all"][0] / right["all"][1],
                "top1_unaccented": right["unaccented"][0] / max(1, right["unaccented"][1]),
                "top1_teencode": right["teencode"][0] / max(1, right["teencode"][1]),
                "train_s": train_s,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
