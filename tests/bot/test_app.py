"""The demo ward page and the app's wiring."""

from __future__ import annotations


def test_demo_page_embeds_the_widget_under_a_strict_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<script src="/static/widget.js"' in response.text
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_gateway_collects_less_often_once_started(client):
    import gc

    from bot.app import SERVING_GC_THRESHOLDS

    assert gc.get_threshold() == SERVING_GC_THRESHOLDS and SERVING_GC_THRESHOLDS[0] > 700  # Python's default


def test_health_is_alive_without_dependencies(client):
    assert client.get("/healthz").json() == {"status": "ok"}
