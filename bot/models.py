"""Every table of the gateway, imported in one place for Alembic's autogenerate."""

from bot.channels.telegram.models import TelegramUpdate  # noqa: F401
from bot.conversations.models import Conversation, Message  # noqa: F401
from bot.db import Base  # noqa: F401
