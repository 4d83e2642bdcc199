"""The network a request comes from, as the gateway may keep it.

Limits and the cap on open tickets are kept per client address. The address itself is personal data,
so conversations store only a keyed hash of it: equal addresses match, and without the gateway's
secret the hash cannot be turned back into an address (IPv4 is small enough to try them all).
uvicorn gives the client's address; behind the proxy it takes X-Forwarded-For only from the proxy's
own address (--forwarded-allow-ips), so a client cannot choose it.
"""

from __future__ import annotations

import hashlib
import ipaddress

from starlette.requests import HTTPConnection

LOOPBACK = frozenset({"127.0.0.1", "::1"})


def client_address(connection: HTTPConnection) -> str | None:
    """The client's address as limits count it (None when the server does not say): an IPv4 address,
    or an IPv6 host's /64 network — one host gets a whole /64 and could rotate addresses in it."""
    return counted_address(connection.client.host) if connection.client else None


def counted_address(host: str) -> str:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # not an address (a test client's name): as it is
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        if not address.is_loopback:
            return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def is_loopback(address: str | None) -> bool:
    return address is not None and (address in LOOPBACK or address.startswith("127."))


class NetworkKeys:
    """Keyed hashes of client addresses, 16 hex characters each."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(("tlsp.network:" + secret).encode()).digest()

    def of(self, address: str | None) -> str | None:
        if not address:
            return None
        return hashlib.blake2b(address.encode(), key=self._key, digest_size=8).hexdigest()
