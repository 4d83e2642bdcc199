"""The production files agree with the code: every setting they pass exists, every file they use is there."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
RASA_VARIABLES = set(re.findall(r"\$\{(\w+)\}", (ROOT / "bot/dialogue/endpoints.yml").read_text()))


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_the_services_of_the_production_set_up():
    services = compose()["services"]
    assert {"postgres", "redis", "migrate", "rasa", "actions", "gateway", "proxy"} <= set(services)
    assert services["gateway"]["deploy"]["replicas"] >= 2
    assert services["rasa"]["deploy"]["replicas"] >= 2
    assert services["rasa"]["environment"]["RASA_LOCK_STORE"] == "redis"  # several Rasa share locks


ACTION_SERVER_ONLY = {"ACTIONS_WARM_UP"}  # read by actions/__init__.py


def test_every_gateway_variable_is_a_setting():
    known = {name.upper() for name in Settings.model_fields} | ACTION_SERVER_ONLY
    for name in ("gateway", "actions", "migrate"):
        variables = set(compose()["services"][name]["environment"])
        assert variables <= known, variables - known


def test_rasa_gets_every_variable_its_endpoints_read():
    environment = compose()["services"]["rasa"]["environment"]
    assert RASA_VARIABLES <= set(environment), RASA_VARIABLES - set(environment)


def test_the_env_example_names_real_settings():
    known = {name.upper() for name in Settings.model_fields} | {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", "HTTP_PORT"}
    lines = (ROOT / ".env.example").read_text().splitlines()
    names = {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}
    assert names <= known, names - known


def test_files_the_images_and_the_proxy_use_exist():
    for dockerfile in ("deploy/gateway.Dockerfile", "deploy/rasa.Dockerfile"):
        for line in (ROOT / dockerfile).read_text().splitlines():
            if line.startswith("COPY "):
                for source in line.split()[1:-1]:
                    assert (ROOT / source).exists(), f"{dockerfile}: {source}"
    assert (ROOT / "deploy/nginx.conf").exists()


def test_production_needs_the_shared_widget_secret_and_an_api_key():
    text = (ROOT / "docker-compose.yml").read_text()
    for name in ("WIDGET_TOKEN_SECRETS", "CHAT_API_KEY"):
        assert f"${{{name}:?" in text  # compose refuses to start without it
        assert name in compose()["services"]["gateway"]["environment"]
