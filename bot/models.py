"""Every table of the gateway, imported in one place for Alembic's autogenerate."""

from bot.access.models import ConversationAccess  # noqa: F401
from bot.auth.models import LoginFailure, LoginSession, User  # noqa: F401
from bot.channels.telegram.models import TelegramUpdate  # noqa: F401
from bot.channels.web.pins import PinnedTopic  # noqa: F401
from bot.conversations.holds import BotHold  # noqa: F401
from bot.conversations.models import Conversation, Message  # noqa: F401
from bot.dashboard.models import DayActivity, DayEntry, EntryTotals, HourTotals, RollupMark  # noqa: F401
from bot.db import Base  # noqa: F401
from bot.feedback.models import Feedback, UnansweredHandled  # noqa: F401
from bot.handoff.models import (  # noqa: F401
    Callback,
    CannedReply,
    Holiday,
    Presence,
    Shift,
    Suggestion,
    Ticket,
    TicketEvent,
)
from bot.privacy.models import UsageCount  # noqa: F401
from bot.ward.models import WardFact  # noqa: F401
from knowledge.models import Category, Entry, Question, Revision, Version  # noqa: F401
