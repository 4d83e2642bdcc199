"""A Schemathesis run over the gateway's whole OpenAPI document: no 5xx, every answer documented.

The public document (/api/chat, /api/chat/messages, /api/kb/search, /healthz, /readyz) is checked with Schemathesis's
checks; the staff editor, volunteer console and log-in pages (left out of the public document) are
exercised too, from a document that includes them, each generated request sent anonymously and as a
logged-in admin (who may do all that staff and volunteers do), for server errors.
Deterministic: derandomized generation with a bound on examples; in-process, no network. One app (and
database) serves the whole module, so the run stays within about a minute.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, positive_data_acceptance

from bot.app import create_app
from bot.auth.deps import CSRF_HEADER, SESSION_COOKIE
from bot.settings import Settings
from tests.bot.auth.helpers import add_user, logged_in
from tests.support.database import migrate, seed_content
from tests.support.loopback import LOCAL_CALLER

# The documents alone (no lifespan is started for them); the requests go to the `gateway` fixture's app.
APP = create_app(Settings(_env_file=None))


def whole_document(app: FastAPI) -> dict:
    """The OpenAPI document including the routes left out of the public one."""
    routes = []
    for context in iter_route_contexts(app.routes):  # routes of included routers, with their full paths
        route = context.original_route
        if isinstance(route, APIRoute) and context.path != "/logout":  # logging out would end the run's log-in
            route = copy.copy(route)
            route.path, route.path_format, route.include_in_schema = context.path, context.path_format, True
            routes.append(route)
    return get_openapi(title=app.title, version=app.version, routes=routes)


# (Schemathesis's fixture-based loader reads a pytest attribute that pytest 9 no longer has.)
PUBLIC = schemathesis.openapi.from_dict(APP.openapi())
HIDDEN = schemathesis.openapi.from_dict(whole_document(APP)).exclude(path_regex="^/(api/|healthz|readyz)")
BOUNDED = {"derandomize": True, "deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}


class Gateway:
    """The app's TestClient with an admin's log-in kept aside, to send a request either way."""

    def __init__(self, client: TestClient, cookie: str, csrf: str) -> None:
        self.client, self.cookie, self.csrf = client, cookie, csrf

    def send(self, case: schemathesis.Case, logged_in: bool = False):
        """The case as a request (requests-style arguments made httpx-style), with or without the log-in."""
        kwargs = case.as_transport_kwargs(base_url="http://testserver")
        data = kwargs.pop("data", None)
        if data is not None:
            kwargs["content" if isinstance(data, (bytes, str)) else "data"] = data
        kwargs.pop("allow_redirects", None)
        if kwargs.get("files"):
            files = kwargs["files"]
            kwargs["files"] = [(name, _as_bytes(value)) for name, value in (files.items() if isinstance(files, dict) else files)]
        self.client.cookies.clear()
        for name, value in (kwargs.pop("cookies", None) or {}).items():  # per-request cookies are deprecated
            self.client.cookies.set(name, value)
        if logged_in:
            self.client.cookies.set(SESSION_COOKIE, self.cookie)
            kwargs["headers"] = {**(kwargs.get("headers") or {}), CSRF_HEADER: self.csrf}
        response = self.client.request(follow_redirects=False, **kwargs)
        response.request.read()  # a multipart upload is streamed; the checks read what was sent
        return response


def _as_bytes(value):
    """A generated file part (negative cases make it a number or a list) as bytes httpx can send twice."""
    if isinstance(value, tuple):
        return (value[0], _as_bytes(value[1]), *value[2:])
    return value if isinstance(value, bytes) else str(value).encode()


@pytest.fixture(scope="module")
def gateway(tmp_path_factory, fake_rasa) -> Iterator[Gateway]:
    """One gateway for the module: a migrated, seeded database, the fake Rasa, an admin logged in."""
    path = tmp_path_factory.mktemp("openapi") / "app.db"
    url = f"sqlite:///{path}"
    migrate(url)
    seed_content(url)
    add_user(url, "quan", "admin")
    settings_ = Settings(
        _env_file=None,
        database_url=url,
        rasa_url=fake_rasa.url,
        action_server_url=fake_rasa.url,
        rasa_timeout_s=3.0,
        handoff_always_open=True,
        widget_token_secrets="openapi-widget-secret-0123456789",
        # every generated request comes from one address: limits would answer 429 to most of them
        chat_rate_per_minute=100_000,
        ip_rate_per_minute=100_000,
    )
    with TestClient(create_app(settings_), client=LOCAL_CALLER) as client:
        csrf = logged_in(client, "quan")
        yield Gateway(client, client.cookies[SESSION_COOKIE], csrf)


@PUBLIC.parametrize()
@settings(max_examples=150, **BOUNDED)
def test_public_api(case, gateway):
    response = gateway.send(case)
    # Schema-valid is not always acceptable here, by design: /api/chat takes any JSON value as `message`
    # and /api/kb/search any `q`, to refuse what they cannot use (not text, only spaces) in Vietnamese.
    excluded = [positive_data_acceptance]
    if case.path == "/readyz":
        excluded.append(not_a_server_error)  # its documented 503 is the probe's answer: the fake Rasa has no action server
    case.validate_response(response, excluded_checks=excluded)


@PUBLIC.parametrize()
@settings(max_examples=150, **BOUNDED)
def test_public_api_logged_in(case, gateway):
    """A log-in changes nothing on the public routes."""
    response = gateway.send(case, logged_in=True)
    if case.path == "/readyz":
        assert response.status_code < 500 or response.status_code == 503  # 503: the fake Rasa has no action server
    else:
        case.validate_response(response, checks=[not_a_server_error])


@HIDDEN.parametrize()
@settings(max_examples=15, **BOUNDED)
def test_staff_routes(case, gateway):
    for logged_in_ in (False, True):
        case.validate_response(gateway.send(case, logged_in=logged_in_), checks=[not_a_server_error])
