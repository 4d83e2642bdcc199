"""The production files agree with the code: every setting they pass exists, every file they use is there."""

from __future__ import annotations

import asyncio
import ipaddress
import json
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
UVICORN_ONLY = {"FORWARDED_ALLOW_IPS"}  # read by uvicorn itself (whose addresses it believes X-Forwarded-* from)


def test_every_gateway_variable_is_a_setting():
    known = {name.upper() for name in Settings.model_fields} | ACTION_SERVER_ONLY | UVICORN_ONLY
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


def nginx() -> str:
    return (ROOT / "deploy/nginx.conf").read_text()


def directives(conf: str) -> list[str]:
    """The configuration's directives, comments left out, one per entry."""
    lines = [line.split("#", 1)[0] for line in conf.splitlines()]
    return [" ".join(part.split()) for part in " ".join(lines).replace("{", ";").replace("}", ";").split(";") if part.strip()]


def test_the_proxy_passes_the_address_that_connected_not_the_clients_own_header():
    found = directives(nginx())
    assert "proxy_set_header X-Forwarded-For $remote_addr" in found
    assert not any("$proxy_add_x_forwarded_for" in d or "$http_x_forwarded_for" in d for d in found)


def test_the_proxy_sends_hsts_for_at_least_half_a_year():
    lines = [line.split("#", 1)[0].strip() for line in nginx().splitlines()]
    [hsts] = [line for line in lines if line.startswith("add_header Strict-Transport-Security")]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 182 * 24 * 3600 and hsts.endswith("always;")


def _client_seen_by_the_gateway(trusted: str, peer: str, forwarded_for: str) -> str:
    """What uvicorn's proxy-header handling makes of a request from `peer` carrying an X-Forwarded-For."""
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    seen: dict[str, str] = {}

    async def app(scope, receive, send):
        seen["client"] = scope["client"][0]

    scope = {"type": "http", "client": (peer, 50000), "headers": [(b"x-forwarded-for", forwarded_for.encode())], "scheme": "http"}
    asyncio.run(ProxyHeadersMiddleware(app, trusted_hosts=trusted)(scope, None, None))
    return seen["client"]


def test_the_gateway_believes_forwarded_addresses_only_from_the_proxy():
    services = compose()["services"]
    command = (ROOT / "deploy/gateway.Dockerfile").read_text().split("CMD", 1)[1]
    assert "--proxy-headers" in command and "--forwarded-allow-ips" not in command  # FORWARDED_ALLOW_IPS decides
    trusted = services["gateway"]["environment"]["FORWARDED_ALLOW_IPS"]
    proxy_address = services["proxy"]["networks"]["default"]["ipv4_address"]
    assert trusted == proxy_address
    subnet = compose()["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert ipaddress.ip_address(proxy_address) in ipaddress.ip_network(subnet)
    # through the proxy: the address nginx saw; straight from elsewhere: a forged header changes nothing
    assert _client_seen_by_the_gateway(trusted, proxy_address, "198.51.100.23") == "198.51.100.23"
    assert _client_seen_by_the_gateway(trusted, "172.30.80.55", "198.51.100.23") == "172.30.80.55"
    # what the old settings did: any peer could choose its address
    assert _client_seen_by_the_gateway("*", "172.30.80.55", "198.51.100.23") == "198.51.100.23"


def test_production_starts_rasa_and_the_action_server_as_make_run_does():
    """Rasa without TensorFlow unless the model needs it, the action server in one process (make bench's memory)."""
    from devtools.stack import Stack

    stack = Stack(workdir=ROOT / "var" / "unused")
    rasa_cmd = json.loads((ROOT / "deploy/rasa.Dockerfile").read_text().split("CMD", 1)[1].replace("\\\n", " "))
    assert rasa_cmd[:4] == ["python", "-m", "rasa_addons.patches.lean", "run"]
    assert stack._command("rasa")[0][1:4] == ["-m", "rasa_addons.patches.lean", "run"]
    actions_cmd = compose()["services"]["actions"]["command"]
    assert actions_cmd[:3] == ["python", "-m", "actions"]
    assert stack._command("actions")[0][1:3] == ["-m", "actions"]
