"""Prints the NLU intent of each line of a JSON list of texts, with the trained model (Rasa's virtualenv).

`make eval-kb` uses it to measure the knowledge search behind the NLU, as deployed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


async def parse_all(model: str, texts: list[str]) -> list[str]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    return [(await agent.parse_message(text))["intent"]["name"] for text in texts]


def main() -> None:
    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    model, texts = sys.argv[1], json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(parse_all(model, texts))))


if __name__ == "__main__":
    main()
