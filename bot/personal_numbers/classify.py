"""The kind of a number, from its digits and the words around it; None for a number to keep."""

from __future__ import annotations

import re

from bot.personal_numbers.amounts import AMOUNT, amount_unit_after
from bot.personal_numbers.keywords import BANK_AFTER
from bot.personal_numbers.kinds import Kind
from bot.personal_numbers.lookalikes import BANK_NAMED_AFTER, DOCUMENT_NAMED
from bot.personal_numbers.near import Near
from bot.personal_numbers.otp import OTP_AFTER, OTP_MAX_DIGITS, SMS_CODE_DIGITS
from bot.personal_numbers.shapes import BIN, CCCD_SHAPE, HOTLINE, PHONE_SHAPE, PUBLIC_NUMBERS, YEAR, is_round, luhn
from bot.personal_numbers.vocabulary import LETTER


def _documents_code(digits: str, joined: bool, near: Near) -> bool:
    """A file's or a receipt's code that no person's number looks like (not a CCCD's shape, not a phone's):
    «hồ sơ xong nó gửi mã 482913» is still a code, «hồ sơ mã 2503120015» is not."""
    if near.context not in (None, Kind.OTP) or not near.document:
        return False
    if CCCD_SHAPE.fullmatch(digits) or PHONE_SHAPE.fullmatch(digits):
        return False
    return joined or DOCUMENT_NAMED.search(near.text) is not None


def _transactions_code(digits: str, context: Kind | None, near: Near) -> bool:
    if context not in (None, Kind.OTP) or len(digits) <= OTP_MAX_DIGITS or not near.transaction:
        return False
    return not (CCCD_SHAPE.fullmatch(digits) or PHONE_SHAPE.fullmatch(digits))


def _carriers_code(digits: str, near: Near) -> bool:
    """A parcel's code near a carrier's name («shipper J&T mã 852716394058»); never the driver's phone number,
    nor a code of a code's length asked for by name: «shipper gọi kêu đọc mã OTP 482913» is the fake-shipper
    scam residents report most."""
    n = len(digits)
    if not near.carrier or (digits[0] == "0" and n in (10, 11)):
        return False
    if near.context is Kind.OTP:
        return n > 8
    return near.context is None and not (4 <= n <= 8 and near.otp_named)


def _banks_code(digits: str, near: Near, after: str) -> bool:
    if len(digits) > OTP_MAX_DIGITS or not near.bank_code:
        return False
    return BIN.fullmatch(digits) is not None or BANK_NAMED_AFTER.match(after) is not None


_JOINED = re.compile(r"\d[.\-–]\(?\d")  # groups joined by dots or dashes, as codes and dossiers are written
MIN_NUMBER = 4
_NAMED = re.compile(rf"(?:(?<!{LETTER})(?:là|la)|:)\s*$")  # the number named right before it


def classify(digits: str, plus: bool, segment: str, near: Near, after: str) -> Kind | None:
    """The kind of a number (its digits, whether written with "+", as typed, the text around it); None to keep it."""
    n = len(digits)
    if plus or (n in (11, 12) and digits.startswith("84") and digits[2] != "0"):
        return Kind.PHONE if 8 <= n <= 15 else None
    if n < MIN_NUMBER or digits in PUBLIC_NUMBERS or HOTLINE.fullmatch(digits):
        return None  # no personal number is shorter than a 4-digit code
    context = near.context
    if (context is Kind.CCCD and n < 9) or (context is Kind.PHONE and n < 8):
        context = None  # too short for what the words before name: «mã xác nhận đăng ký định danh: 459297»
    if context is None and 8 <= n <= 19 and near.transfer:
        if not amount_unit_after(digits, after) and not AMOUNT.fullmatch(segment):
            return Kind.CARD if n >= 13 and luhn(digits) else Kind.ACCOUNT
    if context in (None, Kind.OTP) and (near.not_personal or _banks_code(digits, near, after)):
        return None  # plain «mã» is weak: «kiện hàng mã 390712» is a parcel, «mã ngân hàng 970436» a bank
    if _carriers_code(digits, near) or _documents_code(digits, _JOINED.search(segment) is not None, near):
        return None
    if _transactions_code(digits, context, near):
        return None
    if context is None and 9 <= n <= 15 and not (digits[0] == "0" and n == 10) and BANK_AFTER.match(after):
        if not AMOUNT.fullmatch(segment) and not amount_unit_after(digits, after):
            # named by its bank after it, whatever came before («stk của bên cho vay: 2000… Eximbank»)
            return Kind.CARD if n >= 13 and luhn(digits) else Kind.ACCOUNT
    # «500 ngàn» is money, but an account number may be followed by its bank («STK 0281… ngân hàng VCB»)
    if amount_unit_after(digits, after) and not (context is Kind.ACCOUNT and n >= 8):
        return None
    # (no amount has 13 digits: «tiền: 4498-2938-…» is a card; an identity number may be dotted like one:
    # «số CMND 187.098.134»)
    named_id = context is Kind.CCCD and n in (9, 12) and not is_round(digits)
    if digits[0] != "0" and context is not Kind.ACCOUNT and not named_id:
        if AMOUNT.fullmatch(segment):
            return None
        # «vay 150000000» is money, «số tài khoản nhận tiền là 1012345678» an account, «mã otp con vừa chuyển
        # là 663 018» a code (named by «mã otp», only words a code's sentence has, then «là»: «chuyển tiền» is none)
        if n <= 12 and near.money and not (n >= 8 and not is_round(digits) and near.account_named):
            if not (context is Kind.OTP and n <= OTP_MAX_DIGITS and not is_round(digits) and _NAMED.search(near.text)):
                return None
    if context is Kind.ACCOUNT and near.balance and digits[0] != "0":
        if n <= 7 or is_round(digits) or AMOUNT.fullmatch(segment):
            return None  # «số dư tài khoản là 12.500.000»
    if context is Kind.ACCOUNT and 6 <= n <= 19:
        return Kind.ACCOUNT
    if context is None and 8 <= n <= 19 and near.bank and not is_round(digits):
        return Kind.CARD if n >= 13 and luhn(digits) else Kind.ACCOUNT  # «ACB 18472659 - Tran Minh Khoa»
    if context is None and 8 <= n <= 19 and near.account_named and not is_round(digits) and not near.balance:
        if not (CCCD_SHAPE.fullmatch(digits) or PHONE_SHAPE.fullmatch(digits)):  # those are named below
            return Kind.CARD if n >= 13 and luhn(digits) else Kind.ACCOUNT
    if context is Kind.OTP and 4 <= n <= 8:
        return Kind.OTP
    if context is None and 4 <= n <= 8 and not YEAR.fullmatch(digits):
        if near.otp_named or OTP_AFTER.match(after):
            return Kind.OTP  # «Mã kích hoạt VNeID của bà là 274816», «đọc mã OTP 6 số …, tui đọc 558102»
        if near.told and not is_round(digits):
            return Kind.OTP  # «… đọc mã xác thực gửi về điện thoại. Tôi đã đọc 906152 cho họ»
    if context is None and n == SMS_CODE_DIGITS and near.sms:
        return Kind.OTP
    if context is None and 8 <= n <= 15 and not (digits[0] == "0" and n == 10) and BANK_AFTER.match(after):
        return Kind.CARD if n >= 13 and luhn(digits) else Kind.ACCOUNT
    if context is Kind.CCCD and 9 <= n <= 12:
        return Kind.CMND if n == 9 else Kind.CCCD
    if context is Kind.PHONE and 8 <= n <= 11:
        return Kind.PHONE
    if context is None and n <= 12 and is_round(digits):
        return None  # a bare round number is an amount: «gửi tiết kiệm 100000000» (a card's may end in 0000)
    if n >= 13:
        return Kind.CARD if n <= 19 and luhn(digits) else Kind.ACCOUNT
    if n == 12:
        return Kind.CCCD
    if n == 9:
        return Kind.CMND
    if digits[0] == "0" and n in (10, 11):
        return Kind.PHONE
    return None
