"""Widget tokens: only the gateway's own are accepted; secrets rotate without logging residents out."""

from __future__ import annotations

import os
import stat
import time

import pytest

from bot.channels.web.tokens import ResidentTokens, load_secrets

OLD, NEW = "old-secret-0123456789abcdef", "new-secret-0123456789abcdef"


def test_a_token_names_its_resident_and_nothing_else_is_accepted():
    tokens = ResidentTokens([OLD], max_age_days=1)
    sender, token = tokens.issue()
    assert tokens.sender_of(token) == sender
    forged = token.replace(sender, "A" * 32)
    other_gateway = ResidentTokens(["another-ward-secret-0123456"], 1).issue(sender)[1]
    for bad in (forged, other_gateway, sender, "", None, 42, ["x"], "x" * 10_000, token + "x"):
        assert tokens.sender_of(bad) is None


def test_rotation_keeps_old_tokens_and_signs_with_the_new_secret():
    sender, old_token = ResidentTokens([OLD], 1).issue()
    rotated = ResidentTokens([NEW, OLD], 1)
    assert rotated.sender_of(old_token) == sender
    _, renewed = rotated.issue(sender)
    assert ResidentTokens([NEW], 1).sender_of(renewed) == sender  # the old secret can go later
    assert ResidentTokens([OLD], 1).sender_of(renewed) is None


def test_an_unused_token_expires(monkeypatch):
    tokens = ResidentTokens([OLD], max_age_days=1)
    _, token = tokens.issue()
    later = time.time() + 2 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert tokens.sender_of(token) is None


def test_short_secrets_are_refused():
    with pytest.raises(ValueError):
        ResidentTokens(["short"], 1)


def test_without_configured_secrets_one_is_kept_in_a_private_file(tmp_path):
    key_file = tmp_path / "var" / "widget-token.key"
    first = load_secrets("", str(key_file))
    assert load_secrets("", str(key_file)) == first and len(first[0]) >= 32
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert [p.name for p in key_file.parent.iterdir()] == ["widget-token.key"]  # no temporary file left
    assert load_secrets(f" {NEW} , {OLD} ", str(key_file)) == [NEW, OLD]
