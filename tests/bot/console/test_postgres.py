"""The handoff flows again on PostgreSQL, the production database (same tests, another database)."""

from __future__ import annotations

import pytest

from tests.bot.console.test_callbacks import (  # noqa: F401  (collected here, on PostgreSQL)
    closed,
    test_leaving_a_number_and_a_question,
    test_nobody_claims_in_time,
)
from tests.bot.console.test_live import test_a_new_ticket_reaches_open_consoles_and_messages_reach_the_holder  # noqa: F401
from tests.bot.console.test_queue_rows import test_a_waiting_row_shows_the_latest_message_and_the_faq_topic  # noqa: F401
from tests.bot.console.test_resolve import test_an_unanswered_last_message_needs_a_confirmation  # noqa: F401
from tests.bot.console.test_round_trip import (  # noqa: F401
    test_an_emergency_while_waiting_gets_the_numbers_and_the_front_of_the_queue,
    test_full_round_trip_with_a_volunteer,
    test_release_and_transfer,
    test_two_thumbs_down_in_a_row_hand_over,
    test_waiting_residents_hear_their_new_place,
)
from tests.bot.console.test_suggest import test_a_suggestion_lands_in_the_unanswered_list  # noqa: F401
from tests.support.database import migrate
from tests.support.postgres import postgres_schema


@pytest.fixture
def database_url():
    """Overrides the SQLite file of tests/bot/conftest.py with a fresh PostgreSQL schema."""
    with postgres_schema() as url:
        migrate(url)
        yield url
