"""What a conversation-day's row says (helped, resolved by the bot alone, how it ended), defined once for the
figures (metrics/) and the totals (totals.py) alike."""

from __future__ import annotations

from sqlalchemy import and_, case, or_

from bot.dashboard.models import DayActivity

HELPED = or_(DayActivity.answered > 0, DayActivity.volunteer_messages > 0)  # and helped() below, in Python
# resolved by the bot alone: it answered, nobody was called, no 👎, no question asked again within 10 minutes
BOT_RESOLVED = and_(
    DayActivity.answered > 0, DayActivity.ticket_id.is_(None), DayActivity.thumbs_down == 0, DayActivity.repeats == 0
)
# how a conversation-day without a ticket ended (one with a ticket ends as its ticket did: metrics/satisfaction.py's endings)
ENDING = case(
    (DayActivity.thumbs_down > 0, "rated_badly"),
    (and_(DayActivity.answered > 0, DayActivity.thumbs_up > 0), "rated_well"),
    (DayActivity.answered > 0, "answered"),
    (DayActivity.unanswered > 0, "unanswered"),
    else_="other",
)
ENDED = ("rated_badly", "rated_well", "answered", "unanswered", "other")  # HourTotals.ended_<class>


def helped(answered: int, volunteer_messages: int) -> bool:
    """HELPED, of a row's values."""
    return answered > 0 or volunteer_messages > 0
