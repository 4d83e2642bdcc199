"""Custom actions for the Rasa server (rasa-sdk), one module per concern.

Importing does no work, except in the action server itself: there `ACTIONS_WARM_UP=1` (set by
`make run`, the tests and docker-compose) builds the knowledge index in the background at start,
so the first resident's question does not wait several seconds for the segmenter and the index.
"""

import gc
import logging
import os
import threading

if os.environ.get("ACTIONS_WARM_UP") == "1":

    def _warm_up() -> None:
        try:
            from knowledge import live

            live.default().current()
            # The index and the segmenter live as long as the process: out of the way of the
            # collector's full passes, which otherwise stall the action server now and then.
            gc.collect()
            gc.freeze()
            # fewer, so rarer full collections while serving (rasa_addons/patches/speedups.py says why)
            gc.set_threshold(50_000, 20, 100)
        except Exception:  # the first question will build it instead
            logging.getLogger(__name__).exception("Warming up the knowledge index failed")

    threading.Thread(target=_warm_up, name="knowledge-warm-up", daemon=True).start()
