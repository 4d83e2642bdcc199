"""The Rasa-process speed-ups keep behaviour (runs in Rasa's virtualenv)."""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import logging
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import create_engine, text

from rasa_addons.patches import guard, speedups

SCHEMA = {"type": "object", "properties": {"events": {"type": "array"}}, "required": ["events"]}


@pytest.fixture(autouse=True)
def rasa_as_shipped(monkeypatch):
    """Each test starts from Rasa's own code, the switch unset and nothing logged yet, and leaves Rasa so."""
    monkeypatch.delenv("RASA_SPEEDUPS", raising=False)
    monkeypatch.setattr(guard, "_said", set())
    speedups.uninstall()
    yield
    speedups.uninstall()


def test_validation_accepts_and_rejects_as_before():
    speedups.install()
    jsonschema.validate({"events": []}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate({"events": "no"}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as original:
        speedups._original_validate({"events": "no"}, SCHEMA)
    assert caught.value.message == original.value.message


def test_rasas_action_answer_schema_is_built_once_and_validates_as_before():
    from rasa.core.actions.action import RemoteAction

    speedups.install()
    spec = RemoteAction.action_response_format_spec()
    assert RemoteAction.action_response_format_spec() is spec
    good = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "Dạ"}]}
    jsonschema.validate(good, spec)
    bad = {"events": [{"no_event_key": 1}], "responses": "not a list"}
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate(bad, spec)
    with pytest.raises(jsonschema.ValidationError) as original:
        speedups._original_validate(bad, spec)
    assert caught.value.message == original.value.message


def test_a_domain_says_whether_it_is_empty_as_before():
    from rasa.shared.core.domain import Domain

    speedups.install()
    full = Domain.from_dict({"intents": ["greet"], "responses": {"utter_greet": [{"text": "Chào"}]}})
    assert [full.is_empty(), full.is_empty(), Domain.empty().is_empty()] == [False, False, True]
    assert speedups._original_is_empty(full) is False and speedups._original_is_empty(Domain.empty()) is True


def test_an_invalid_schema_is_still_refused():
    speedups.install()
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.validate({}, {"type": 12})


def test_sqlite_connections_use_wal(tmp_path):
    speedups.install()
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    engine.dispose()


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    model = Path(__file__).resolve().parents[3] / "models" / "current.tar.gz"
    return Agent.load(str(model))  # `make test` trains it first


def test_the_graph_runs_without_dask_give_the_same_parse_and_next_action(agent):
    from rasa.core.channels import UserMessage
    from rasa.engine.runner.dask import DaskGraphRunner

    original = DaskGraphRunner.run

    async def both(run):
        DaskGraphRunner.run = run
        try:
            parses = [await agent.parse_message(text) for text in MESSAGES]
            predictions = []
            for index, text in enumerate(MESSAGES):
                tracker = await agent.processor.log_message(UserMessage(text, sender_id=f"{run.__name__}-{index}"))
                prediction = agent.processor.predict_next_with_tracker(tracker)
                predictions.append((prediction["scores"][0], [round(s["score"], 6) for s in prediction["scores"]]))
            return parses, predictions
        finally:
            DaskGraphRunner.run = original

    with_dask = asyncio.run(both(original))
    without = asyncio.run(both(speedups.run_graph))
    assert without == with_dask
    assert [p["intent"]["name"] for p in without[0]][:3] == ["ask_question", "greet", "request_human"]


MESSAGES = ["dang ky tam tru online the nao", "xin chào", "cho tôi gặp người thật", "???", "cháy nhà rồi cứu với"]


@pytest.mark.parametrize("max_event_history", [None, 6])
def test_past_states_are_rasas_after_every_event(agent, max_event_history):
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    speedups.install()
    domain = agent.domain
    tracker = DialogueStateTracker("s", domain.slots, max_event_history=max_event_history)
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("chào", {"name": "greet", "confidence": 0.9}),
        ActionExecuted("utter_greet"),
        BotUttered("Dạ"),
        ActionExecuted("action_listen"),
        UserUttered("tạm trú", {"name": "ask_question", "confidence": 0.8}),
        ActionExecuted("action_answer_question", hide_rule_turn=True),
        SlotSet(domain.slots[0].name, "x") if domain.slots else BotUttered("x"),
        ActionExecuted("action_listen"),
        UserUttered("cảm ơn", {"name": "thanks", "confidence": 0.9}),
    ]
    settings = [
        {},
        {"ignore_rule_only_turns": True},
        {"ignore_rule_only_turns": True, "rule_only_data": {"slots": [], "active_loops": []}},
        {"omit_unset_slots": True},
    ]
    for event in events:
        tracker.update(event)
        for kwargs in settings * 2:  # the second round comes from what was remembered
            expected = speedups._original_past_states(tracker, domain, **kwargs)
            got = tracker.past_states(domain, **kwargs)
            assert got == expected
            for state in got:  # what the policies do to the last state must not reach the next caller
                state.get("user", {}).pop("intent", None)
                state.clear()
        assert tracker.past_states(domain) == speedups._original_past_states(tracker, domain)


def test_the_heap_built_at_start_is_left_out_of_later_collections():
    import gc

    model_like = [{"weights": list(range(10))} for _ in range(1000)]
    thresholds = gc.get_threshold()
    try:
        speedups.freeze_heap()
        assert gc.get_freeze_count() >= len(model_like)
        assert gc.get_threshold() == speedups.SERVING_GC_THRESHOLDS != thresholds  # rarer collections
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_action_calls_reuse_one_connection_and_survive_a_server_restart():
    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    speedups.install()
    peers: list = []

    async def webhook(request):
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"events": [], "responses": []})

    async def serve(port: int):
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
        return runner, site

    async def scenario():
        runner, site = await serve(0)
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        for _ in range(3):
            assert await endpoint.request(json={"next_action": "x"}, method="post") == {"events": [], "responses": []}
        assert len(set(peers)) == 1  # one kept-alive connection for three calls
        await runner.cleanup()  # the action server restarts
        runner, _ = await serve(port)
        assert await endpoint.request(json={"next_action": "x"}, method="post") == {"events": [], "responses": []}
        assert len(set(peers)) == 2  # a new connection, not an error on the closed one
        await runner.cleanup()
        for session in speedups._kept_sessions.values():  # this loop ends here, unlike a server's
            await session.close()
        speedups._kept_sessions.clear()

    asyncio.run(scenario())


# ---------------------------------------------------------------------------- installing: when, and when not


def rasa_attributes() -> dict:
    """What each patch replaces, as found now."""
    from rasa.core.actions.action import RemoteAction
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    return {
        "jsonschema.validate": jsonschema.validate,
        "action_response_format_spec": RemoteAction.__dict__["action_response_format_spec"],
        "DaskGraphRunner.run": DaskGraphRunner.__dict__["run"],
        "EndpointConfig.session": EndpointConfig.__dict__["session"],
        "DialogueStateTracker.past_states": DialogueStateTracker.__dict__["past_states"],
        "Domain.is_empty": Domain.__dict__["is_empty"],
        "sqlite pragmas": event.contains(Engine, "connect", speedups._sqlite_pragmas),
    }


def gc_state() -> tuple:
    return gc.get_threshold(), gc.get_freeze_count()


def said(caplog) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "rasa_addons.patches"]


def test_installing_twice_patches_once_and_uninstall_puts_rasa_back():
    from rasa.core.actions.action import RemoteAction

    shipped = rasa_attributes()
    speedups.install()
    once = rasa_attributes()
    spec = RemoteAction.action_response_format_spec()
    speedups.install()
    assert rasa_attributes() == once
    assert all(once[name] != shipped[name] for name in shipped)  # every patch went in
    assert RemoteAction.action_response_format_spec() is spec  # not built again
    # what the replacements call is Rasa's own code, not a replacement wrapped in itself
    assert speedups._original_is_empty is shipped["Domain.is_empty"]
    assert speedups._original_past_states is shipped["DialogueStateTracker.past_states"]
    assert speedups._original_session is shipped["EndpointConfig.session"]
    speedups.uninstall()
    assert rasa_attributes() == shipped


@pytest.mark.parametrize("package, version", [("rasa", "3.6.22"), ("jsonschema", "4.18.0"), ("aiohttp", "3.9.6")])
def test_another_version_gets_no_patch_and_one_warning(monkeypatch, caplog, package, version):
    import rasa

    if package == "rasa":
        monkeypatch.setattr(rasa, "__version__", version)
    else:
        real = guard.installed_version
        monkeypatch.setattr(guard, "installed_version", lambda p: version if p == package else real(p))
    shipped, gc_before = rasa_attributes(), gc_state()
    with caplog.at_level(logging.INFO, logger="rasa_addons.patches"):
        speedups.install()
        speedups.install()
        if package == "rasa":  # asked for one by one, they refuse too
            speedups.patch_graph_runner()
            speedups.patch_domain_is_empty()
            speedups.freeze_heap()
    assert rasa_attributes() == shipped and gc_state() == gc_before
    assert jsonschema.validate is speedups._original_validate
    [(level, message)] = said(caplog)
    assert level == logging.WARNING and f"found {package} {version}" in message and "off" in message


def test_rasa_speedups_0_patches_nothing_and_says_so_once(monkeypatch, caplog):
    monkeypatch.setenv("RASA_SPEEDUPS", "0")
    shipped, gc_before = rasa_attributes(), gc_state()
    with caplog.at_level(logging.INFO, logger="rasa_addons.patches"):
        speedups.install()
        speedups.install()
        speedups.patch_jsonschema()
        speedups.freeze_heap()
    assert rasa_attributes() == shipped and gc_state() == gc_before
    [(level, message)] = said(caplog)
    assert level == logging.INFO and "RASA_SPEEDUPS=0" in message


def test_on_by_default_and_said_once(caplog):
    with caplog.at_level(logging.INFO, logger="rasa_addons.patches"):
        speedups.install()
        speedups.install()
    assert said(caplog) == [(logging.INFO, "Rasa speed-ups on (rasa 3.6.21, jsonschema 4.17.3, aiohttp 3.9.5)")]


def test_the_channel_installs_them_when_rasa_builds_its_routes_not_on_import():
    path = Path(speedups.__file__).parents[1] / "channel.py"
    spec = importlib.util.spec_from_file_location("fresh_channel", path)
    fresh = importlib.util.module_from_spec(spec)
    shipped = rasa_attributes()
    spec.loader.exec_module(fresh)  # as Rasa imports it from credentials.yml
    assert rasa_attributes() == shipped

    async def on_new_message(_message):
        return None

    fresh.MetaRestInput().blueprint(on_new_message)
    assert rasa_attributes()["jsonschema.validate"] is speedups.validate
    assert rasa_attributes()["DaskGraphRunner.run"] is speedups.run_graph
