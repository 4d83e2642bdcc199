"""Prints the NLU intent (and confidence) of each line of a JSON list of texts, with the trained model (Rasa's virtualenv).

`make eval-kb` uses it to measure the knowledge search behind the NLU, as deployed; with `--ranking`, every
intent's confidence for each text (`python -m devtools.fit_off_topic`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


async def parse_all(model: str, texts: list[str], ranking: bool = False) -> list[list] | list[dict[str, float]]:
    """[intent name, confidence] for each text; with `ranking`, {intent: confidence} of every ranked intent."""
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    parsed = [await agent.parse_message(text) for text in texts]
    if ranking:
        return [{i["name"]: float(i.get("confidence") or 0.0) for i in p.get("intent_ranking") or ()} for p in parsed]
    return [[p["intent"].get("name"), p["intent"].get("confidence") or 0.0] for p in parsed]


def main() -> None:
    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    model, texts = sys.argv[1], json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(parse_all(model, texts, ranking="--ranking" in sys.argv[2:]))))


if __name__ == "__main__":
    main()
