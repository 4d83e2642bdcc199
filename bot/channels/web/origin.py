"""Which pages may open the widget's socket.

Browsers always send Origin on a WebSocket handshake, and a page cannot forge it: checking it stops
another site's page from talking to the gateway as its visitor. A client that sends no Origin is not
a browser (a script or the load tests); it gains nothing a browser could not, since who the resident
is comes from the signed token, not from the page.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def parse_origins(configured: str) -> frozenset[str]:
    """ "https://a.example, https://b.example/" → {"https://a.example", "https://b.example"}."""
    return frozenset(o.strip().rstrip("/").lower() for o in configured.split(",") if o.strip())


def origin_allowed(origin: str | None, host: str | None, allowed: frozenset[str]) -> bool:
    """True for no Origin, a configured one, or (none configured) a page of the gateway's own host."""
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    if allowed:
        return origin in allowed
    try:
        netloc = urlsplit(origin).netloc
    except ValueError:
        return False
    return bool(host) and netloc == (host or "").strip().lower()
