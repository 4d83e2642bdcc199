"""Who a widget resident is: a random id the gateway chose, signed by the gateway.

A browser keeps the token and shows it on every connection; nobody can name a resident they were not
given the token of. itsdangerous (Pallets, used by Flask for its sessions) does the signing: HMAC,
a timestamp for expiry, and verification with several keys so that a secret can be rotated without
logging residents out.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

from itsdangerous import BadSignature, TimestampSigner

SENDER = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
SALT = "tlsp.widget-resident"


class ResidentTokens:
    """Issues and checks widget tokens; `secrets_` newest first (it signs), all of them verify."""

    def __init__(self, secrets_: list[str], max_age_days: float) -> None:
        if not secrets_ or any(len(s) < 16 for s in secrets_):
            raise ValueError("widget token secrets must be at least 16 characters")
        # itsdangerous signs with the last key of the list and tries every one when verifying
        self._signer = TimestampSigner(list(reversed(secrets_)), salt=SALT)
        self.max_age_s = int(max_age_days * 86400)

    def issue(self, sender: str | None = None) -> tuple[str, str]:
        """(sender, token): a new resident, or a fresh token (renewed date) for a known one."""
        sender = sender or secrets.token_urlsafe(24)
        return sender, self._signer.sign(sender).decode()

    def sender_of(self, token: object) -> str | None:
        """The resident a token names, or None if it is not one we issued (or it expired)."""
        if not isinstance(token, str) or len(token) > 256:
            return None
        try:
            sender = self._signer.unsign(token, max_age=self.max_age_s).decode()
        except (BadSignature, UnicodeDecodeError):
            return None
        return sender if SENDER.match(sender) else None


def load_secrets(configured: str, key_file: str) -> list[str]:
    """The configured secrets, or one kept in `key_file` (created once, readable by its owner only)."""
    listed = [s.strip() for s in configured.split(",") if s.strip()]
    if listed:
        return listed
    path = Path(key_file)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: two workers starting together both end up reading
        # the one secret that won, never a half-written file.
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".widget-key-")  # mode 0600
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(32))
            os.link(temp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temp)
    return [path.read_text().strip()]
