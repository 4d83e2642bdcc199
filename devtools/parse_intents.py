"""Prints the NLU intent (and confidence) of each line of a JSON list of texts, with the trained model (Rasa's virtualenv).

`make eval-kb` uses it to measure the knowledge search behind the NLU, as deployed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


async def parse_all(model: str, texts: list[str]) -> list[list]:
    """[intent name, confidence] for each text."""
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    parsed = [(await agent.parse_message(text))["intent"] for text in texts]
    return [[intent.get("name"), intent.get("confidence") or 0.0] for intent in parsed]


def main() -> None:
    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    model, texts = sys.argv[1], json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(parse_all(model, texts))))


if __name__ == "__main__":
    main()
