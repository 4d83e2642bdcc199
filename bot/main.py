"""ASGI entry point: `uvicorn bot.main:app`."""

from bot.app import create_app

app = create_app()
