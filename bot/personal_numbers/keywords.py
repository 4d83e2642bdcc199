"""The keywords before a number that say which kind it is («stk», «mã otp», «cccd», «sđt»…), with the filler
words that may stand between them and the number."""

from __future__ import annotations

import re

from bot.personal_numbers.kinds import Kind
from bot.personal_numbers.vocabulary import APPS, BANKS, IN_SENTENCE, LETTER, MINE, MONEY_WORDS, NAMED_BANKS, SAYING, alternation

_GAP = r"[\s:=.,\-–>()]*"
_OTP_WORDS = (
    "otp", "xác", "thực", "nhận", "xac", "thuc", "nhan", "minh", "kích", "hoạt", "kich", "hoat", "vừa", "vua",
    "gửi", "gui", "về", "ve", "sms", "đăng", "nhập", "dang", "nhap", "giao", "dịch", "dich",
    "chuyển", "chuyen",  # forwarded: «mã otp con vừa chuyển là 663 018» («chuyển tiền» is no code's word)
    "được", "duoc", "tin", "nhắn", "code", "bảo", "mật", "bao", "mat", "ngân", "hàng", "ngan", "hang",
    "đt", "dt", "điện", "thoại", "dien", "thoai", "máy",
    *APPS, *NAMED_BANKS,  # the service that sent it: «Mã MoMo của bạn là 615209», «mã otp Techcombank 318706»
)  # fmt: skip
_PHONE_WORDS = ("nhà", "nha", "bàn", "ban", "di", "động", "dong", "liên", "lạc", "lien", "lac", "zalo", "gọi", "goi")
_ID_WORDS = ("công", "dân", "cong", "dan", "gắn", "chip", "gan", "nhân", "dân", "nhan", "thẻ", "the", "cc", "cũ", "mới")


def _context(keywords: str, fillers: tuple[str, ...], free_words: int = 0) -> re.Pattern[str]:
    """A keyword, then only filler words (and at most `free_words` others), up to the end of the text before a number."""
    filler = rf"(?:{alternation(*fillers)})(?!{LETTER})"
    other = rf"(?!(?:{MONEY_WORDS})(?!{LETTER})){LETTER}+"
    free = rf"(?:{_GAP}{other})?" * free_words
    return re.compile(rf"(?<!{LETTER})(?:{keywords})(?!{LETTER})(?:{_GAP}{filler})*{free}(?:{_GAP}{filler})*{_GAP}$")


_ACCOUNT_CONTEXT = _context(
    alternation(
        "stk", "số tài khoản", "so tai khoan", "số tk", "so tk", "tk", "tài khoản", "tai khoan", "tknh", "account", "acc"
    ),
    MINE + SAYING + BANKS + ("nhận", "nhan", "lương", "luong"),
    free_words=1,  # a bank we do not list: «stk lienvietpostbank 1234567890»
)
_OTP_CONTEXT = _context(
    alternation("mã", "ma", "otp", "mã xác thực", "ma xac thuc", "mã xác nhận", "ma xac nhan", "code"),
    MINE + SAYING + _OTP_WORDS,
)
_ID_CONTEXT = _context(
    alternation("cccd", "căn cước", "can cuoc", "cmnd", "cmt", "chứng minh", "chung minh", "định danh", "dinh danh", "cmtnd"),
    MINE + SAYING + _ID_WORDS,
)
_PHONE_CONTEXT = _context(
    alternation(
        "sđt",
        "sdt",
        "số điện thoại",
        "so dien thoai",
        "số đt",
        "so dt",
        "đt",
        "dt",
        "điện thoại",
        "dien thoai",
        "phone",
        "tel",
        "gọi",
        "goi",
        "máy bàn",
        "may ban",
        "số bàn",
        "so ban",
        "liên hệ",
        "lien he",
    ),
    MINE + SAYING + _PHONE_WORDS,
)
# «chuyển khoản vào 1013456789 Vietcombank»: where money goes is an account (a long number only: «chuyển
# vào 500000» is an amount)
TRANSFER_CONTEXT = _context(
    alternation("chuyển khoản", "chuyen khoan", "chuyển tiền", "chuyen tien", "chuyển", "chuyen", "ck", "gửi tiền", "gui tien"),
    ("vào", "vao", "vô", "vo", "tới", "toi", "qua", "sang", "cho", *BANKS),
)
TRANSFER_TARGET = re.compile(r"(?:vào|vao|vô|vo|tới|toi|qua|sang)\s")
_CONTEXTS = ((_ACCOUNT_CONTEXT, Kind.ACCOUNT), (_OTP_CONTEXT, Kind.OTP), (_ID_CONTEXT, Kind.CCCD), (_PHONE_CONTEXT, Kind.PHONE))
# An account named by its bank before it: «ACB 18472659 - Tran Minh Khoa», «Vietcombank: 1012345678»
BANK_BEFORE = _context(alternation(*NAMED_BANKS), (*MINE, *SAYING, "bank", "tk", "stk"))
# An account named by its bank right after it: «… vào 1013456789 Vietcombank»
BANK_AFTER = re.compile(rf"^\s*(?:{alternation(*(b for b in BANKS if len(b) > 2))})(?!{LETTER})", re.IGNORECASE)
# An account named earlier in its sentence, then the number named by «là» or «:»: «số tài khoản nhận trợ cấp
# người cao tuổi của ông là 5842426270»
ACCOUNT_NEAR = re.compile(
    rf"(?<!{LETTER})(?:{alternation('stk', 'số tài khoản', 'so tai khoan', 'số tk', 'so tk', 'tài khoản', 'tai khoan', 'tknh')})"
    rf"(?!{LETTER}){IN_SENTENCE}*(?:(?<!{LETTER})(?:là|la)|:)\s*$"
)


def context_of(before: str) -> Kind | None:
    for pattern, kind in _CONTEXTS:
        if pattern.search(before):
            return kind
    return None
