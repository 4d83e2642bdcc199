"""The action server in one process: `python -m actions --port 5055`, the options of `python -m rasa_sdk`.

rasa_sdk 3.21 serves through Sanic's worker manager even with one worker: a manager process that
imports the actions and, with ACTIONS_WARM_UP=1, builds the knowledge index too, beside the worker
that serves, plus Sanic's and multiprocessing's helpers: four processes, about 740 MB, for about 1 ms
of CPU a turn (`make bench`). The actions are cheap and the knowledge search is quick: one process
serves them all, as the one worker did. Here rasa_sdk's own app (its routes, CORS, tracing and
plugins: create_app_for_serve) is served by Sanic in this one process.

With ACTION_SERVER_SANIC_WORKERS above 1, --grpc or --auto-reload, or a rasa_sdk without
create_app_for_serve, rasa_sdk starts as shipped (`python -m rasa_sdk`).
"""

from __future__ import annotations

import argparse
import logging
import os
from typing import Any

from rasa_sdk import endpoint, utils
from rasa_sdk.__main__ import main_from_args
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic

from knowledge import turn

logger = logging.getLogger("rasa_sdk.endpoint")  # where rasa_sdk says the same


class OneTurnExecutor(ActionExecutor):  # type: ignore[misc]  # rasa_sdk has no type information
    """Runs each action call as one turn of the knowledge base: one revision read, each search made once."""

    async def run(self, action_call: Any) -> Any:
        with turn.one_turn():
            return await super().run(action_call)


def main(argv: list[str] | None = None) -> None:
    args = endpoint.create_argument_parser().parse_args(argv)
    if not args.actions and not args.actions_module:
        args.actions = "actions"
    if utils.number_of_sanic_workers() > 1 or args.grpc or args.auto_reload or not hasattr(endpoint, "create_app_for_serve"):
        main_from_args(args)  # as shipped
        return
    serve_in_one_process(args)


def serve_in_one_process(args: argparse.Namespace) -> None:
    """What rasa_sdk.__main__.main_from_args and rasa_sdk.endpoint.run do, with Sanic in one process."""
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel, args.logging_config_file
    )
    utils.update_sanic_log_level()
    logger.info("Starting action endpoint server...")
    executor = OneTurnExecutor()
    executor.register_package(args.actions_module or args.actions)
    app = endpoint.create_app_for_serve(executor, cors_origins=args.cors, endpoints=args.endpoints)
    ssl = endpoint.create_ssl_config(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = os.environ.get("SANIC_HOST", "0.0.0.0")
    app.prepare(host=host, port=args.port, ssl=ssl, single_process=True)
    logger.info("Action endpoint is up and running on %s://%s:%s (one process)", "https" if ssl else "http", host, args.port)
    Sanic.serve_single(app)


if __name__ == "__main__":
    main()
