"""Addresses as the limits count them: an IPv6 host's whole /64 is one address, mapped IPv4 is IPv4."""

from __future__ import annotations

import pytest

from bot.client_address import NetworkKeys, counted_address, is_loopback


@pytest.mark.parametrize(
    "host, counted",
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::/64"),  # the same host's other address: the same count
        ("::ffff:198.51.100.9", "198.51.100.9"),
        ("::1", "::1"),
        ("testclient", "testclient"),
    ],
)
def test_counted_addresses(host, counted):
    assert counted_address(host) == counted


def test_loopback_stays_loopback_and_keys_hide_the_address():
    assert is_loopback(counted_address("::1")) and is_loopback(counted_address("127.0.0.1"))
    keys = NetworkKeys("a-secret-of-the-gateway")
    key = keys.of(counted_address("2001:db8:1:2::5"))
    assert key == keys.of(counted_address("2001:db8:1:2::6")) and key is not None and "2001" not in key
    assert NetworkKeys("another-secret-entirely").of("2001:db8:1:2::/64") != key
