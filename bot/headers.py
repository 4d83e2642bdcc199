"""Content-Security-Policy for every HTML page the gateway serves.

Every policy forbids <base> (`base-uri 'none'`: injected markup cannot re-point relative script and
form addresses) and forms posting anywhere but here (`form-action 'self'`: injected markup cannot
send a password or a CSRF token elsewhere). Pages with a policy of their own keep it; any other HTML
response gets the strict default.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALWAYS = "base-uri 'none'; form-action 'self'"
# the editor, the console and the log-in page: our own scripts and styles only, never framed
PAGES_CSP = f"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; {ALWAYS}"
# the demo ward page runs only our own script (chat text can never bring its own); a ward may frame it
DEMO_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
    f"frame-ancestors 'self'; {ALWAYS}"
)
# /docs and /redoc (only with API_DOCS=true) load FastAPI's Swagger UI and ReDoc from their CDN
API_DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    f"worker-src blob:; frame-ancestors 'none'; {ALWAYS}"
)
API_DOCS_PATHS = ("/docs", "/redoc")
CSP = b"content-security-policy"


class HtmlPagePolicy:
    """Adds a CSP (and nosniff) to every HTML response that does not carry a policy of its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        policy = API_DOCS_CSP if path.startswith(API_DOCS_PATHS) else PAGES_CSP

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower(): value for name, value in headers}
                if names.get(b"content-type", b"").startswith(b"text/html") and CSP not in names:
                    headers.append((CSP, policy.encode()))
                    if b"x-content-type-options" not in names:
                        headers.append((b"x-content-type-options", b"nosniff"))
                    message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_policy)
