"""FastAPI dependency aliases for the app's shared services."""

from __future__ import annotations

from bot.conversations.depends import Service, get_service

__all__ = ["Service", "get_service"]
