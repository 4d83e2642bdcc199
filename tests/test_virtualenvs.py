"""The split of the test modules between the two virtualenvs (tests/conftest.py)."""

from __future__ import annotations

from tests.conftest import IN_RASA_ENV, ROOT, needs_rasa


def test_modules_that_load_rasa_go_to_rasas_virtualenv():
    for name in ("rasa_addons/nlu/test_classifier.py", "rasa_addons/nlu/test_emergency.py", "rasa_addons/test_tracker_store.py"):
        assert needs_rasa(ROOT / "tests" / name), name


def test_the_action_sdk_and_the_gateway_stay_in_the_gateways():
    # rasa_sdk is not Rasa: the actions' tests run beside the gateway's
    for name in ("actions/test_actions.py", "knowledge/test_topic.py", "e2e/test_residents.py", "nlu/test_danger.py"):
        assert not needs_rasa(ROOT / "tests" / name), name


def test_this_module_runs_where_rasa_is_missing():
    assert not IN_RASA_ENV
