"""The text around a number, and what the words before it say, read once for every number that starts there."""

from __future__ import annotations

from functools import cached_property

from bot.personal_numbers.amounts import BALANCE, MONEY_BEFORE
from bot.personal_numbers.keywords import ACCOUNT_NEAR, BANK_BEFORE, TRANSFER_CONTEXT, TRANSFER_TARGET, context_of
from bot.personal_numbers.kinds import Kind
from bot.personal_numbers.lookalikes import (
    BANK_CODE,
    BANK_CODE_CHARS,
    CARRIER,
    DOCUMENT,
    NOT_PERSONAL,
    PERSONAL_WORD,
    TRANSACTION,
)
from bot.personal_numbers.otp import CODE_NAMED, OTP_NEAR, SMS_NEAR, TOLD

CONTEXT_CHARS = 60  # how far before a number its keyword may stand
AFTER_CHARS = 32  # how far after it (a unit, a bank, «là mã xác thực»)


class Near:
    """The text before a number (CONTEXT_CHARS of it, lowered) and what it says, each read at most once for
    all the numbers that start there (a number spoken digit by digit is tried at every length)."""

    def __init__(self, before: str) -> None:
        self.text = before[-CONTEXT_CHARS:].lower()

    @cached_property
    def context(self) -> Kind | None:
        return context_of(self.text)

    @cached_property
    def transfer(self) -> bool:
        return bool(TRANSFER_CONTEXT.search(self.text) and TRANSFER_TARGET.search(self.text))

    @cached_property
    def not_personal(self) -> bool:
        return NOT_PERSONAL.search(self.text) is not None

    @cached_property
    def carrier(self) -> bool:
        return CARRIER.search(self.text) is not None

    @cached_property
    def transaction(self) -> bool:
        return TRANSACTION.search(self.text) is not None

    @cached_property
    def document(self) -> bool:
        return DOCUMENT.search(self.text) is not None and PERSONAL_WORD.search(self.text) is None

    @cached_property
    def money(self) -> bool:
        return MONEY_BEFORE.search(self.text) is not None

    @cached_property
    def bank_code(self) -> bool:
        return BANK_CODE.search(self.text, max(0, len(self.text) - BANK_CODE_CHARS)) is not None

    @cached_property
    def bank(self) -> bool:
        return BANK_BEFORE.search(self.text) is not None

    @cached_property
    def account_named(self) -> bool:
        return ACCOUNT_NEAR.search(self.text) is not None

    @cached_property
    def balance(self) -> bool:
        return BALANCE.search(self.text) is not None

    @cached_property
    def otp_named(self) -> bool:
        return OTP_NEAR.search(self.text) is not None

    @cached_property
    def told(self) -> bool:
        return TOLD.search(self.text) is not None and CODE_NAMED.search(self.text) is not None

    @cached_property
    def sms(self) -> bool:
        return SMS_NEAR.search(self.text) is not None
