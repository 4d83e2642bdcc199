"""The JSON bodies of the console's API (console.js sends them), read strictly.

Ids are JSON integers from 1 to MAX_ID (not true, 1.0 or "1"; never above what the database holds); texts
are strings, cleaned as residents' messages are (bot/conversations/inputs.py) and bounded once cleaned; an
outcome is one of OUTCOMES. Other fields are ignored.

A body they refuse gets the desk's answer, not the app's generic 422 (bot/console/api.py, refused_body):
a text's own refusal ("empty", "not_text", "too_long", said to a volunteer), "bad_outcome" for an outcome,
"bad_request" for anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from bot.console.desk import DeskError, bad_outcome
from bot.console.labels import OUTCOMES
from bot.conversations.inputs import InputRejected, clean_text, not_text
from bot.strict_numbers import MAX_ID

MAX_REPLY_CHARS = 4000
MAX_NOTE_CHARS = 2000
MAX_SUGGESTION_CHARS = 500
MAX_OUTCOME_CHARS = max(map(len, OUTCOMES))
REFUSAL = "refusal"  # the context key of a refusal's sentence, in a validation error a text check raised


def for_volunteer(rejected: InputRejected) -> tuple[str, str]:
    """A text check's code and sentence, said to a volunteer ("Bạn") rather than to a resident ("Bác")."""
    return rejected.code, rejected.message.replace("Bác", "Bạn")


def _cleaned(limit: int) -> Callable[[str], str]:
    def clean(raw: str) -> str:
        try:
            return clean_text(raw, limit)
        except InputRejected as rejected:
            code, sentence = for_volunteer(rejected)
            raise PydanticCustomError(code, "{refusal}", {REFUSAL: sentence}) from None

    return clean


def _known_outcome(outcome: str) -> str:
    if outcome not in OUTCOMES:
        raise ValueError("not an outcome")
    return outcome


RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
ReplyText = Annotated[str, AfterValidator(_cleaned(MAX_REPLY_CHARS))]
NoteText = Annotated[str, AfterValidator(_cleaned(MAX_NOTE_CHARS))]
SuggestionText = Annotated[str, AfterValidator(_cleaned(MAX_SUGGESTION_CHARS))]


class ConsoleBody(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class Claim(ConsoleBody):
    ticket_id: RowId | None = None  # None: the next waiting ticket


class Reply(ConsoleBody):
    text: ReplyText


class Note(ConsoleBody):
    text: NoteText


class Suggestion(ConsoleBody):
    text: SuggestionText


class Transfer(ConsoleBody):
    to_user_id: RowId


class Resolve(ConsoleBody):
    outcome: Annotated[
        str, Field(max_length=MAX_OUTCOME_CHARS, json_schema_extra={"enum": list(OUTCOMES)}), AfterValidator(_known_outcome)
    ]
    # only true itself confirms (a volunteer's deliberate choice); any other value is no confirmation
    confirm_unanswered: Annotated[bool, BeforeValidator(lambda value: value is True)] = False


def refusal(problem: Mapping[str, Any], under: tuple[str, ...]) -> DeskError | None:
    """The desk's answer to a problem a model found in a body (its location starts with `under`): a text's own
    refusal, or not_text for a text missing or not a string; bad_outcome; None for anything else (the caller
    answers "bad_request")."""
    context = problem.get("ctx") or {}
    if REFUSAL in context:
        return DeskError(problem["type"], context[REFUSAL], 422)
    field = tuple(problem.get("loc", ()))[len(under) : len(under) + 1]
    if field == ("text",):
        return DeskError(*for_volunteer(not_text()), 422)
    if field == ("outcome",):
        return bad_outcome()
    return None
