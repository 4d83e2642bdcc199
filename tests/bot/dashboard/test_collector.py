"""The garbage collector held off while dashboard requests run, and back as it was when the last ends."""

from __future__ import annotations

import gc

import pytest

from bot.dashboard import collector


@pytest.fixture(autouse=True)
def collector_as_it_was():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_off_inside_back_on_after():
    gc.enable()
    with collector.held_off():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_requests_share_one_pause():
    gc.enable()
    first, second = collector.held_off(), collector.held_off()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first ends while the second still runs
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_an_error_inside_still_turns_it_back_on():
    gc.enable()
    with pytest.raises(ValueError), collector.held_off():
        raise ValueError("a failed read")
    assert gc.isenabled()


def test_a_collector_off_before_stays_off():
    gc.disable()
    with collector.held_off():
        pass
    assert not gc.isenabled()
