"""The masker: personal numbers in a resident's text replaced by labels, before anything keeps the text.

What it hides (bot/personal_numbers/kinds.py): CCCD (12 digits) and CMND (9) numbers, phone numbers (0…/+84…,
mobile and landline), bank cards (13–19 digits, Luhn), account numbers next to «STK / số tài khoản» or a
bank's name, OTP codes next to «mã / OTP» (or named by their sender, their length, or a sentence before),
passwords and PINs next to «mật khẩu / pass / mk / mã pin» (and the other guess after «hay»), and e-mail
addresses. Numbers may be typed whole, spaced, dotted or dashed, or spoken by a phone's speech-to-text, digit
by digit or in groups, in words or in numerals and words mixed ("không chín không một…", "không chín lẻ tám,
mười hai, năm mươi tư…", "0 tám 3 không…", "9704 1826 chín chín…"). What it leaves: dates, amounts (balances too),
times, years, ages, article numbers, house numbers, batteries, the codes of files, receipts, contracts,
orders, parcels and transactions, products' barcodes, serials, banks' own codes (BIN), and the public numbers
residents and our answers use (113, 1022, 1900 xxxx…).

Why hand-written patterns rather than a library: the PII tools we know (Presidio, scrubadub) need an
English NLP model and know neither Vietnamese keywords nor Vietnamese documents; phonenumbers'
validity check would leave a mistyped or not-yet-allocated number readable, the wrong way round for
privacy, and Vietnamese phone numbers have a simple shape. The Luhn check is six lines.
`make eval-masking` (devtools/eval_masking.py) measures this module on a written set of positives and
look-alikes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from bot.personal_numbers.kinds import Kind

__all__ = ["Kind", "Masked", "mask"]


@dataclass(frozen=True)
class Masked:
    """A text with its personal numbers replaced by labels, and the kinds found (in order, each once)."""

    text: str
    kinds: tuple[Kind, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    kind: Kind


# -- numbers the public uses: never masked --------------------------------------------------

PUBLIC_NUMBERS = frozenset({"111", "112", "113", "114", "115", "1022", "5656", "18001091", "19009095"})
_HOTLINE = re.compile(r"1[89]00\d{4,6}")  # 1800/1900 numbers of services and banks

# -- keywords that say what the number after them is --------------------------------------------

_L = r"[^\W\d_]"  # a letter (any script)
_GAP = r"[\s:=.,\-–>()]*"


def _words(*words: str) -> str:
    """An alternation of the words, longest first, grouped by their first letter: the regex engine tries the
    branches of one letter at each position, not all of them."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_MINE = (
    "của", "cua", "tôi", "toi", "tui", "mình", "minh", "mk", "em", "anh", "chị", "chi", "bác", "bac", "con", "cháu", "chau",
    "bạn", "ban",
)  # fmt: skip
_SAYING = ("là", "la", "nè", "ne", "nek", "đây", "day", "này", "nay", "số", "so", "mới", "moi", "cũ", "cu")
_APPS = (
    "momo", "zalo", "zalopay", "facebook", "fb", "google", "gmail", "shopee", "lazada", "tiki", "grab", "vneid",
    "vssid", "etax", "telegram", "tiktok", "apple", "icloud", "viber", "gojek", "vnpay",
)  # fmt: skip
_NAMED_BANKS = (
    "vcb", "vietcombank", "bidv", "agribank", "agr", "acb", "mb", "mbbank", "techcombank", "tcb", "vietinbank",
    "vtb", "tpbank", "vpbank", "sacombank", "scb", "shb", "hdbank", "ocb", "msb", "seabank", "vib", "eximbank",
    "lpbank", "lienvietpostbank", "kienlongbank", "namabank", "pvcombank", "abbank", "baovietbank", "vietabank",
    "ncb", "oceanbank", "gpbank", "bacabank", "saigonbank", "vietbank", "pgbank", "cake", "timo", "cbbank",
    "uob", "hsbc", "shinhan", "woori", "citibank", "standard chartered", "public bank",
)  # fmt: skip
_BANKS = (
    "ngân", "hàng", "ngan", "hang", "nh", "bank", *_NAMED_BANKS, "momo", "zalopay", "vnpay", "viettel", "money", "ví", "vi",
)  # fmt: skip
_OTP_WORDS = (
    "otp", "xác", "thực", "nhận", "xac", "thuc", "nhan", "minh", "kích", "hoạt", "kich", "hoat", "vừa", "vua",
    "gửi", "gui", "về", "ve", "sms", "đăng", "nhập", "dang", "nhap", "giao", "dịch", "dich",
    "chuyển", "chuyen",  # forwarded: «mã otp con vừa chuyển là 663 018» («chuyển tiền» is no code's word)
    "được", "duoc", "tin", "nhắn", "code", "bảo", "mật", "bao", "mat", "ngân", "hàng", "ngan", "hang",
    "đt", "dt", "điện", "thoại", "dien", "thoai", "máy",
    *_APPS, *_NAMED_BANKS,  # the service that sent it: «Mã MoMo của bạn là 615209», «mã otp Techcombank 318706»
)  # fmt: skip
_PHONE_WORDS = ("nhà", "nha", "bàn", "ban", "di", "động", "dong", "liên", "lạc", "lien", "lac", "zalo", "gọi", "goi")
_ID_WORDS = ("công", "dân", "cong", "dan", "gắn", "chip", "gan", "nhân", "dân", "nhan", "thẻ", "the", "cc", "cũ", "mới")


def _context(keywords: str, fillers: tuple[str, ...], free_words: int = 0) -> re.Pattern[str]:
    """A keyword, then only filler words (and at most `free_words` others), up to the end of the text before a number."""
    filler = rf"(?:{_words(*fillers)})(?!{_L})"
    other = rf"(?!(?:{MONEY_WORDS})(?!{_L})){_L}+"
    free = rf"(?:{_GAP}{other})?" * free_words
    return re.compile(rf"(?<!{_L})(?:{keywords})(?!{_L})(?:{_GAP}{filler})*{free}(?:{_GAP}{filler})*{_GAP}$")


MONEY_WORDS = _words(
    "tiền", "tien", "phí", "phi", "giá", "gia", "lương", "luong", "trừ", "tru", "chuyển", "chuyen", "nộp", "nop",
    "trả", "tra", "dư", "du", "vay", "nợ", "no", "rút", "rut", "nạp", "nap", "mất", "khoảng", "khoang", "hết", "het",
    "giảm", "giam", "ưu đãi", "uu dai", "khuyến mãi", "khuyen mai",  # «nhận mã giảm 50000» is a discount
)  # fmt: skip
_ACCOUNT_CONTEXT = _context(
    _words("stk", "số tài khoản", "so tai khoan", "số tk", "so tk", "tk", "tài khoản", "tai khoan", "tknh", "account", "acc"),
    _MINE + _SAYING + _BANKS + ("nhận", "nhan", "lương", "luong"),
    free_words=1,  # a bank we do not list: «stk lienvietpostbank 1234567890»
)
_OTP_CONTEXT = _context(
    _words("mã", "ma", "otp", "mã xác thực", "ma xac thuc", "mã xác nhận", "ma xac nhan", "code"),
    _MINE + _SAYING + _OTP_WORDS,
)
_ID_CONTEXT = _context(
    _words("cccd", "căn cước", "can cuoc", "cmnd", "cmt", "chứng minh", "chung minh", "định danh", "dinh danh", "cmtnd"),
    _MINE + _SAYING + _ID_WORDS,
)
_PHONE_CONTEXT = _context(
    _words(
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
    _MINE + _SAYING + _PHONE_WORDS,
)
# «chuyển khoản vào 1013456789 Vietcombank»: where money goes is an account (a long number only: «chuyển
# vào 500000» is an amount)
_TRANSFER_CONTEXT = _context(
    _words("chuyển khoản", "chuyen khoan", "chuyển tiền", "chuyen tien", "chuyển", "chuyen", "ck", "gửi tiền", "gui tien"),
    ("vào", "vao", "vô", "vo", "tới", "toi", "qua", "sang", "cho", *_BANKS),
)
_TRANSFER_TARGET = re.compile(r"(?:vào|vao|vô|vo|tới|toi|qua|sang)\s")
_CONTEXTS = ((_ACCOUNT_CONTEXT, Kind.ACCOUNT), (_OTP_CONTEXT, Kind.OTP), (_ID_CONTEXT, Kind.CCCD), (_PHONE_CONTEXT, Kind.PHONE))
_MONEY_BEFORE = re.compile(
    rf"(?<!{_L})(?:{MONEY_WORDS})(?:\s+(?:là|la|khoảng|khoang|hết|het|mất|mat|ngân hàng|ngan hang|{_words(*_NAMED_BANKS)}))?"
    rf"[\s:]*$"
)  # «vay ngân hàng 150000000», «vay MB 50000000»
_UNIT_AFTER = re.compile(
    rf"\s?(đồng|dong|vnđ|vnd|đ|d|triệu|trieu|tr|trăm|tram|nghìn|nghin|ngàn|ngan|k|tỷ|tỉ|ty|usd|\$|%|tuổi|tuoi)(?!{_L})"
    rf"(?!\s+(?:hàng|hang)(?!{_L}))"  # «ngan hang» is a bank, not «ngàn»
)
# The most digits an amount in each unit has: «079160001234 k tra được» is a CCCD and «không» (a 12-digit
# number of thousands is no amount), «0901234567 d» a phone number, whatever the word after it means
_UNIT_DIGITS = {
    **dict.fromkeys(("đồng", "dong", "vnđ", "vnd", "đ", "d"), 12),
    **dict.fromkeys(("nghìn", "nghin", "ngàn", "ngan", "k", "usd", "$"), 9),
    **dict.fromkeys(("triệu", "trieu", "tr"), 6),
    **dict.fromkeys(("tỷ", "tỉ", "ty"), 4),
    **dict.fromkeys(("trăm", "tram", "%", "tuổi", "tuoi"), 3),
}


def _amount_unit_after(digits: str, after: str) -> bool:
    """A unit right after the number, and the number an amount of it (no amount starts with 0; a round one may be
    as long as it likes)."""
    unit = _UNIT_AFTER.match(after)
    if unit is None:
        return False
    if digits[0] == "0" and len(digits) > 3:
        return False
    return len(digits) <= _UNIT_DIGITS[unit.group(1)] or _round(digits)


_DOTTED_AMOUNT = r"[1-9]\d{0,2}(?:\.\d{3})+"
_AMOUNT = re.compile(rf"{_DOTTED_AMOUNT}(?:[ \t]?[-–][ \t]?{_DOTTED_AMOUNT})?")  # or a range: «800.000 - 1.000.000»
CONTEXT_CHARS = 60  # how far before a number its keyword may stand
AFTER_CHARS = 32  # how far after it (a unit, a bank, «là mã xác thực»)
# The rest of a sentence: a dot between digits («chuyển 2.000.000đ») does not end it
_IN_SENTENCE = r"(?:[^.!?\n]|(?<=\d)\.(?=\d))"
# How residents name a code (plain «mã» is too common: «mã đơn hàng», «mã bưu gửi»)
_CODE_NAME = (
    rf"(?<!{_L})(?:otp|code|(?:mã|ma) (?:xác|xac) (?:thực|thuc|nhận|nhan|minh)|(?:mã|ma) (?:kích|kich) (?:hoạt|hoat)"
    rf"|(?:mã|ma) (?:giao|gd) (?:dịch|dich)?|(?:mã|ma) (?:bảo|bao) (?:mật|mat)"
    # «mã 6 số», «đọc cái mã», «cái mã ngân hàng gửi»: how a scam names the code it asks for
    rf"|(?:mã|ma) (?:gồm |gom )?(?:\d|bốn|bon|sáu|sau|tám|tam) (?:chữ |chu )?(?:số|so)"
    rf"|(?:đọc|doc|đưa|dua|xin|hỏi|hoi|cung cấp|cung cap)(?: cái| cai| cho nó| cho no| giùm| dùm| lại| lai)? (?:mã|ma)"
    # the code sent or received: «nó gửi mã tui đọc tiếp 604041», «vừa nhận mã là 482913»
    rf"|(?:gửi|gui|nhắn|nhận|nhan)(?: cái| cai| cho tui| cho toi| về| ve| lại| lai)? (?:mã|ma)"
    # «đọc 4 số gửi về máy», «đưa dãy số trong tin nhắn»: the code named by its digits (not «4 số cuối»)
    rf"|(?:đọc|doc|đưa|dua|xin|hỏi|hoi|cung cấp|cung cap)(?: cái| cai| giùm| dùm| lại| lai| mấy| may)?"
    rf" (?:\d|bốn|bon|sáu|sau|tám|tam|dãy|day) (?:chữ |chu |con )?(?:số|so)(?! (?:cuối|cuoi|đầu|dau))"
    rf"|(?:mã|cái ma|cai ma)(?: {_L}+){{0,3}} (?:gửi|gui))(?!{_L})"
)
# A code's own name earlier in the same sentence, whatever words come between; a year is not taken for a
# code that far from its name.
_OTP_NEAR = re.compile(rf"{_CODE_NAME}{_IN_SENTENCE}*$", re.IGNORECASE)
# A code named in the sentence before, then read out: «… đọc mã xác thực gửi về điện thoại. Tôi đã đọc 906152»
_CODE_NAMED = re.compile(_CODE_NAME, re.IGNORECASE)
_TOLD = re.compile(
    rf"(?<!{_L})(?:đọc|doc|đưa|dua|gửi|gui|nhắn|báo|cho (?:nó|no|họ|ho|hắn|han))"
    rf"(?:\s+(?:lại|lai|luôn|luon|rồi|roi|tiếp|tiep|là|la|cho (?:nó|no|họ|ho|hắn|han)))*[\s:]*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# six digits in a text message are its code: «tui nhận tin nhắn có mấy số 418 625 là cái gì»
_SMS_NEAR = re.compile(rf"(?<!{_L})(?:tin nhắn|tin nhan|nhắn tin|nhan tin|sms)(?!{_L}){_IN_SENTENCE}*$", re.IGNORECASE)
SMS_CODE_DIGITS = 6
OTP_MAX_DIGITS = 8
# A number named after it: «<#> 310956 là mã xác thực OTP…», «FB-48291035 là mã xác nhận Facebook»
_OTP_AFTER = re.compile(
    rf"^[\s,]*(?:là|la|is)\s+(?:(?:mã|ma)\s+(?:otp|xác|xac|kích|kich|bảo|bao|giao|gd|pin|code)|otp|your)(?!{_L})",
    re.IGNORECASE,
)
# An account named by its bank before it: «ACB 18472659 - Tran Minh Khoa», «Vietcombank: 1012345678»
_BANK_BEFORE = _context(_words(*_NAMED_BANKS), (*_MINE, *_SAYING, "bank", "tk", "stk"))
# An account named by its bank right after it: «… vào 1013456789 Vietcombank»
_BANK_AFTER = re.compile(rf"^\s*(?:{_words(*(b for b in _BANKS if len(b) > 2))})(?!{_L})", re.IGNORECASE)
# An account named earlier in its sentence, then the number named by «là» or «:»: «số tài khoản nhận trợ cấp
# người cao tuổi của ông là 5842426270»
_ACCOUNT_NEAR = re.compile(
    rf"(?<!{_L})(?:{_words('stk', 'số tài khoản', 'so tai khoan', 'số tk', 'so tk', 'tài khoản', 'tai khoan', 'tknh')})"
    rf"(?!{_L}){_IN_SENTENCE}*(?:(?<!{_L})(?:là|la)|:)\s*$"
)
# A balance, not an account: «số dư tài khoản là 12.500.000», «tài khoản còn 2350000»
_BALANCE = re.compile(
    rf"(?<!{_L})(?:số dư|so du|số tiền|so tien|tiền trong|tien trong|tiền trên|tien tren)(?!{_L})"
    rf"|(?<!{_L})(?:còn|còn lại|con lai|dư)(?:\s+(?:là|la))?[\s:]*$"
)
# Numbers that name an order, a parcel, a file, a bill, a draw or a product, not a person: «mã vận đơn J&T
# 852741963012», «đơn Tiki số 781234567», «số biên nhận hồ sơ …», «Vietlott … ra 05 12 23 34 38 41», «mã vạch
# trên hộp thuốc 8934563138165», serials of things («số serial thẻ cào 10003482715619», «số seri đồng hồ nước»)
_NOT_PERSONAL = re.compile(
    rf"(?<!{_L})(?:{_words('vận đơn', 'van don', 'đơn hàng', 'don hang', 'mã đơn', 'ma don', 'mã vận', 'ma van', 'biên nhận', 'bien nhan', 'mã hồ sơ', 'ma ho so', 'số hồ sơ', 'so ho so', 'mã bưu', 'ma buu', 'bưu gửi', 'buu gui', 'tracking', 'vietlott', 'xổ số', 'xo so', 'vé số', 've so', 'kỳ quay', 'ky quay', 'hóa đơn số', 'hoa don so', 'số hóa đơn', 'so hoa don', 'mã khách hàng', 'ma khach hang', 'mã giao hàng', 'ma giao hang', 'đơn tiki', 'don tiki', 'đơn shopee', 'don shopee', 'đơn lazada', 'don lazada', 'đơn sendo', 'đơn tiktok', 'mã vé', 'ma ve', 'kiện hàng', 'kien hang', 'postal code', 'zip code', 'zipcode', 'bưu chính', 'buu chinh', 'mã vạch', 'ma vach', 'barcode', 'mã sản phẩm', 'ma san pham', 'mã sp', 'ma sp', 'mã hàng hóa', 'ma hang hoa', 'serial', 'seri', 'sê-ri', 'sê ri', 'thẻ cào', 'the cao')})"
    rf"(?!{_L})(?:(?!otp|xác|xac|stk|cccd|căn cước|can cuoc|tài khoản|tai khoan|sđt|sdt){_IN_SENTENCE}){{0,40}}$",
    re.IGNORECASE,
)

# A file's, a contract's, a receipt's or a business's code («nộp hồ sơ mã 24.21.06.0039», «mã tiếp nhận
# 79-2025-000318», «hợp đồng số …», «mã số thuế 0312345678»): written in dotted or dashed groups, or named
# by the document right before it, and kept unless it has a person's number's shape or a personal keyword is near
_DOCUMENT_WORDS = _words(
    "hồ sơ", "ho so", "tiếp nhận", "tiep nhan", "hợp đồng", "hop dong", "biên lai", "bien lai", "giấy hẹn", "giay hen",
    "phiếu hẹn", "phieu hen", "công văn", "cong van", "mã số thuế", "ma so thue", "mst", "mã số doanh nghiệp",
    "ma so doanh nghiep",
)  # fmt: skip
_DOCUMENT = re.compile(rf"(?<!{_L})(?:{_DOCUMENT_WORDS})(?!{_L}){_IN_SENTENCE}{{0,40}}$")
_DOCUMENT_NAMED = re.compile(rf"(?<!{_L})(?:{_DOCUMENT_WORDS})(?:\s+(?:mã|ma|số|so|là|la))*[\s:#]*$")
_PERSONAL_WORD = re.compile(
    rf"(?<!{_L})(?:otp|xác|xac|stk|tk|cccd|cmnd|cmt|căn cước|can cuoc|chứng minh|chung minh|định danh|dinh danh|tài khoản"
    rf"|tai khoan|sđt|sdt|đt|dt|điện thoại|dien thoai|zalo|mật khẩu|mat khau|mk|pass|pin|code|gọi|goi|thẻ|the)(?!{_L})"
)
_CCCD_SHAPE = re.compile(r"0\d\d[0-3]\d{8}")  # a province (001–096), then the century and sex digit
# a mobile number's prefixes (03x from 032, 05x, 07x, 08x, 09x) or a landline's (02x, 11 digits)
_PHONE_SHAPE = re.compile(r"0(?:3[2-9]|5[2689]|7[06-9]|8[1-9]|9\d)\d{7}|02\d{9}")


def _documents_code(digits: str, joined: bool, near: _Near) -> bool:
    """A file's or a receipt's code that no person's number looks like (not a CCCD's shape, not a phone's):
    «hồ sơ xong nó gửi mã 482913» is still a code, «hồ sơ mã 2503120015» is not."""
    if near.context not in (None, Kind.OTP) or not near.document:
        return False
    if _CCCD_SHAPE.fullmatch(digits) or _PHONE_SHAPE.fullmatch(digits):
        return False
    return joined or _DOCUMENT_NAMED.search(near.text) is not None


# A transaction's reference («mã GD: 123456789 giao dịch thành công», «số tham chiếu 240512345678»): longer
# than a code residents read out (a «mã giao dịch» of 4–8 digits is one), with no personal keyword after the name
_TRANSACTION = re.compile(
    rf"(?<!{_L})(?:{_words('mã gd', 'ma gd', 'mã giao dịch', 'ma giao dich', 'số giao dịch', 'so giao dich', 'mã tham chiếu', 'ma tham chieu', 'số tham chiếu', 'so tham chieu', 'số bút toán', 'so but toan', 'mã yêu cầu', 'ma yeu cau', 'ref', 'trace')})"
    rf"(?!{_L})(?:(?!{_PERSONAL_WORD.pattern}){_IN_SENTENCE}){{0,40}}$"
)


def _transactions_code(digits: str, context: Kind | None, near: _Near) -> bool:
    if context not in (None, Kind.OTP) or len(digits) <= OTP_MAX_DIGITS or not near.transaction:
        return False
    return not (_CCCD_SHAPE.fullmatch(digits) or _PHONE_SHAPE.fullmatch(digits))


# A carrier's code («shipper J&T mã 852716394058»); its driver's phone number still is one
_CARRIER = re.compile(
    rf"(?<!{_L})(?:shipper|ship|giao hàng|giao hang|j&t|ghtk|ghn|bưu tá|buu ta|viettel post|vnpost)(?!{_L}){_IN_SENTENCE}{{0,40}}$",
    re.IGNORECASE,
)


def _carriers_code(digits: str, near: _Near) -> bool:
    """A parcel's code near a carrier's name («shipper J&T mã 852716394058»); never the driver's phone number,
    nor a code of a code's length asked for by name: «shipper gọi kêu đọc mã OTP 482913» is the fake-shipper
    scam residents report most."""
    n = len(digits)
    if not near.carrier or (digits[0] == "0" and n in (10, 11)):
        return False
    if near.context is Kind.OTP:
        return n > 8
    return near.context is None and not (4 <= n <= 8 and near.otp_named)


# A bank's own code, not one it sent: «mã ngân hàng 970436 là Vietcombank», «mã NH: 970422 (MB)» — a BIN
# (every Vietnamese bank's is 970 and three digits) or a number a bank's name follows
_BANK_CODE = re.compile(
    rf"(?<!{_L})(?:mã|ma)(?:\s+(?:số|so))?\s+(?:ngân hàng|ngan hang|nh|napas|bin)(?!{_L})(?:\s+(?:là|la))?[\s:]*$"
)
BANK_CODE_CHARS = 32  # the longest naming: «mã số ngân hàng là : »
_BIN = re.compile(r"970\d{3}")
_BANK_NAMED_AFTER = re.compile(
    rf"^[\s(:\-]*(?:(?:là|la|của|cua)\s+)?(?:(?:ngân hàng|ngan hang|nh)\s+)?(?:{_words(*_NAMED_BANKS)})(?!{_L})",
    re.IGNORECASE,
)


def _banks_code(digits: str, near: _Near, after: str) -> bool:
    if len(digits) > OTP_MAX_DIGITS or not near.bank_code:
        return False
    return _BIN.fullmatch(digits) is not None or _BANK_NAMED_AFTER.match(after) is not None


def _context_of(before: str) -> Kind | None:
    for pattern, kind in _CONTEXTS:
        if pattern.search(before):
            return kind
    return None


class _Near:
    """The text before a number (CONTEXT_CHARS of it, lowered) and what it says, each read at most once for
    all the numbers that start there (a number spoken digit by digit is tried at every length)."""

    def __init__(self, before: str) -> None:
        self.text = before[-CONTEXT_CHARS:].lower()

    @cached_property
    def context(self) -> Kind | None:
        return _context_of(self.text)

    @cached_property
    def transfer(self) -> bool:
        return bool(_TRANSFER_CONTEXT.search(self.text) and _TRANSFER_TARGET.search(self.text))

    @cached_property
    def not_personal(self) -> bool:
        return _NOT_PERSONAL.search(self.text) is not None

    @cached_property
    def carrier(self) -> bool:
        return _CARRIER.search(self.text) is not None

    @cached_property
    def transaction(self) -> bool:
        return _TRANSACTION.search(self.text) is not None

    @cached_property
    def document(self) -> bool:
        return _DOCUMENT.search(self.text) is not None and _PERSONAL_WORD.search(self.text) is None

    @cached_property
    def money(self) -> bool:
        return _MONEY_BEFORE.search(self.text) is not None

    @cached_property
    def bank_code(self) -> bool:
        return _BANK_CODE.search(self.text, max(0, len(self.text) - BANK_CODE_CHARS)) is not None

    @cached_property
    def bank(self) -> bool:
        return _BANK_BEFORE.search(self.text) is not None

    @cached_property
    def account_named(self) -> bool:
        return _ACCOUNT_NEAR.search(self.text) is not None

    @cached_property
    def balance(self) -> bool:
        return _BALANCE.search(self.text) is not None

    @cached_property
    def otp_named(self) -> bool:
        return _OTP_NEAR.search(self.text) is not None

    @cached_property
    def told(self) -> bool:
        return _TOLD.search(self.text) is not None and _CODE_NAMED.search(self.text) is not None

    @cached_property
    def sms(self) -> bool:
        return _SMS_NEAR.search(self.text) is not None


def luhn(digits: str) -> bool:
    """The check digit bank cards carry (ISO/IEC 7812)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


_JOINED = re.compile(r"\d[.\-–]\(?\d")  # groups joined by dots or dashes, as codes and dossiers are written


def _round(digits: str) -> bool:
    """A round number («50000000»): an amount, not an account or a code."""
    return digits[0] != "0" and digits.endswith("000")


MIN_NUMBER = 4
_NAMED = re.compile(rf"(?:(?<!{_L})(?:là|la)|:)\s*$")  # the number named right before it


def classify(digits: str, plus: bool, segment: str, near: _Near, after: str) -> Kind | None:
    """The kind of a number (its digits, whether written with "+", as typed, the text around it); None to keep it."""
    n = len(digits)
    if plus or (n in (11, 12) and digits.startswith("84") and digits[2] != "0"):
        return Kind.PHONE if 8 <= n <= 15 else None
    if n < MIN_NUMBER or digits in PUBLIC_NUMBERS or _HOTLINE.fullmatch(digits):
        return None  # no personal number is shorter than a 4-digit code
    context = near.context
    if (context is Kind.CCCD and n < 9) or (context is Kind.PHONE and n < 8):
        context = None  # too short for what the words before name: «mã xác nhận đăng ký định danh: 459297»
    if context is None and 8 <= n <= 19 and near.transfer:
        if not _amount_unit_after(digits, after) and not _AMOUNT.fullmatch(segment):
            return Kind.CARD if n >= 13 and luhn(digits) else Kind.ACCOUNT
    if context in (None, Kind.OTP) and (near.not_personal or _banks_code(digits, near, after)):
        return None  # plain «mã» is weak: «kiện hàng mã 390712» is a parcel, «mã ngân hàng 970436» a bank
    if _carriers_code(digits, near) or _documents_code(digits, _JOINED.search(segment) is not None, near):
        return None
    if _transactions_code(digits, context, near):
        return None
    if context is None and 9 <= n <= 15 and not (digits[0] == "0" and n == 10) and _BANK_AFTER.match(after):
        if not _AMOUNT.fullmatch(segment) and not _amount_unit_after(digits, after):
            # named by its bank after it, whatever came before («stk của bên cho vay: 2000… Eximbank»)
            return Kind.CARD if n >= 13 and luhn(digits) else Kind.ACCOUNT
    # «500 ngàn» is money, but an account number may be followed by its bank («STK 0281… ngân hàng VCB»)
    if _amount_unit_after(digits, after) and not (context is Kind.ACCOUNT and n >= 8):
        return None
    # (no amount has 13 digits: «tiền: 4498-2938-…» is a card; an identity number may be dotted like one:
    # «số CMND 187.098.134»)
    named_id = context is Kind.CCCD and n in (9, 12) and not _round(digits)
    if digits[0] != "0" and context is not Kind.ACCOUNT and not named_id:
        if _AMOUNT.fullmatch(segment):
            return None
        # «vay 150000000» is money, «số tài khoản nhận tiền là 1012345678» an account, «mã otp con vừa chuyển
        # là 663 018» a code (named by «mã otp», only words a code's sentence has, then «là»: «chuyển tiền» is none)
        if n <= 12 and near.money and not (n >= 8 and not _round(digits) and near.account_named):
            if not (context is Kind.OTP and n <= OTP_MAX_DIGITS and not _round(digits) and _NAMED.search(near.text)):
                return None
    if context is Kind.ACCOUNT and near.balance and digits[0] != "0":
        if n <= 7 or _round(digits) or _AMOUNT.fullmatch(segment):
            return None  # «số dư tài khoản là 12.500.000»
    if context is Kind.ACCOUNT and 6 <= n <= 19:
        return Kind.ACCOUNT
    if context is None and 8 <= n <= 19 and near.bank and not _round(digits):
        return Kind.CARD if n >= 13 and luhn(digits) else Kind.ACCOUNT  # «ACB 18472659 - Tran Minh Khoa»
    if context is None and 8 <= n <= 19 and near.account_named and not _round(digits) and not near.balance:
        if not (_CCCD_SHAPE.fullmatch(digits) or _PHONE_SHAPE.fullmatch(digits)):  # those are named below
            return Kind.CARD if n >= 13 and luhn(digits) else Kind.ACCOUNT
    if context is Kind.OTP and 4 <= n <= 8:
        return Kind.OTP
    if context is None and 4 <= n <= 8 and not _YEAR.fullmatch(digits):
        if near.otp_named or _OTP_AFTER.match(after):
            return Kind.OTP  # «Mã kích hoạt VNeID của bà là 274816», «đọc mã OTP 6 số …, tui đọc 558102»
        if near.told and not _round(digits):
            return Kind.OTP  # «… đọc mã xác thực gửi về điện thoại. Tôi đã đọc 906152 cho họ»
    if context is None and n == SMS_CODE_DIGITS and near.sms:
        return Kind.OTP
    if context is None and 8 <= n <= 15 and not (digits[0] == "0" and n == 10) and _BANK_AFTER.match(after):
        return Kind.CARD if n >= 13 and luhn(digits) else Kind.ACCOUNT
    if context is Kind.CCCD and 9 <= n <= 12:
        return Kind.CMND if n == 9 else Kind.CCCD
    if context is Kind.PHONE and 8 <= n <= 11:
        return Kind.PHONE
    if context is None and n <= 12 and _round(digits):
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


# -- numbers: digit groups joined by spaces, dots, dashes ---------------------------------------

_SPAN = re.compile(r"(?<!\d)\+?\(?\d+\)?(?:(?:[ \t]?[.\-–][ \t]?|[ \t]{1,2})\(?\d+\)?)*")
_GROUP = re.compile(r"\(?\+?\d+\)?")  # its brackets and "+" are masked with it
LONE_GROUP = 9  # a group this long is a number of its own, never joined to its neighbours
MAX_JOIN = 19  # groups joined at most (a card or CCCD read digit by digit)

_DIGIT_WORDS = {
    "không": "0", "khong": "0", "một": "1", "mốt": "1", "mot": "1", "hai": "2", "ba": "3", "bốn": "4", "bon": "4",
    "tư": "4", "năm": "5", "nam": "5", "lăm": "5", "lam": "5", "sáu": "6", "sau": "6", "bảy": "7", "bẩy": "7", "bay": "7",
    "tám": "8", "tam": "8", "chín": "9", "chin": "9", "linh": "0", "lẻ": "0", "le": "0",
}  # fmt: skip
_ZERO_WORDS = frozenset({"linh", "lẻ", "le"})  # «chín lẻ tám»: a zero inside a number, never its first digit
_TEN_WORDS = frozenset({"mười", "muoi"})  # «mười hai» is 12 (unaccented «muoi» is also «mươi»: «năm muoi»)
_HUNDRED_WORDS = frozenset({"trăm", "tram"})
_DIGIT_WORD = rf"(?:{_words(*_DIGIT_WORDS)})(?!{_L})"
_ABOUT = rf"(?![ \t]+(?:mấy|may)(?!{_L}))"  # «sáu mươi mấy năm» is no number
# A number said in words: a digit, tens («mười hai», «năm mươi tư», «hai mươi»), hundreds («chín trăm lẻ tám»)
_TEN = rf"(?:mười|muoi)(?!{_L})(?:[ \t]+{_DIGIT_WORD})?{_ABOUT}"
_TENS = rf"[ \t]+(?:mươi|muoi)(?!{_L})(?:[ \t]+{_DIGIT_WORD})?{_ABOUT}"
_ZERO_WORD = rf"(?:{_words(*_ZERO_WORDS)})(?!{_L})"
_HUNDREDS = rf"[ \t]+(?:trăm|tram)(?!{_L})(?:[ \t]+(?:{_ZERO_WORD}[ \t]+{_DIGIT_WORD}|{_TEN}|{_DIGIT_WORD}{_TENS}))?{_ABOUT}"
_NUMBER_WORDS = rf"(?:{_DIGIT_WORD}(?:{_HUNDREDS}|{_TENS})?|{_TEN})"
_SEPARATOR = r"[\s,.\-]+"
GROUP_AMONG_WORDS = 4  # the most digits of a group of numerals among number words («9704 1826 chín chín…»)
_NUMERALS = rf"(?<!\d)\d{{1,{GROUP_AMONG_WORDS}}}(?![\d_]|{_L})"
# A number read out, as a phone's speech-to-text writes it: in words, digit by digit or in groups («không chín
# lẻ tám, bảy sáu hai…», «không chín không ba, mười hai, năm mươi tư…»), or words and numerals mixed («không 3
# 6 một bốn…», «0 tám 3 không…», «9704 1826 chín chín tám tám 3068»); a run of numerals only is left to _SPAN.
# (A run may start with «lẻ»: _read_out drops it.)
_SPOKEN_TOKEN = rf"(?:{_NUMBER_WORDS}|{_NUMERALS})"
_SPOKEN = re.compile(
    rf"(?<!{_L})(?:{_NUMBER_WORDS}|{_NUMERALS}(?=(?:{_SEPARATOR}{_NUMERALS})*{_SEPARATOR}(?:{_DIGIT_WORD}|mười|muoi)))"
    rf"(?:{_SEPARATOR}{_SPOKEN_TOKEN}){{3,}}",
    re.IGNORECASE,
)
_SPOKEN_WORD = re.compile(_SPOKEN_TOKEN, re.IGNORECASE)
SPOKEN_TOKENS = 4  # numbers or digits said in a row that make a number read out


def _said(words: str) -> str:
    """The digits of a number said in words: «năm mươi tư» 54, «mười hai» 12, «chín trăm lẻ tám» 908."""
    said = words.lower().split()
    if len(said) == 1:
        return _DIGIT_WORDS.get(said[0], said[0])  # a digit, or numerals
    if said[1] in _HUNDRED_WORDS:
        rest = said[2:]
        if not rest:
            return _DIGIT_WORDS[said[0]] + "00"
        if rest[0] in _ZERO_WORDS:
            return _DIGIT_WORDS[said[0]] + "0" + _DIGIT_WORDS[rest[1]]
        return _DIGIT_WORDS[said[0]] + _said(" ".join(rest))
    if said[0] in _TEN_WORDS:
        return "1" + (_DIGIT_WORDS[said[1]] if len(said) > 1 else "0")
    return _DIGIT_WORDS[said[0]] + (_DIGIT_WORDS[said[2]] if len(said) > 2 else "0")


def _read_out(run: re.Match[str]) -> Iterator[list[_Group]]:
    """The numbers in a run of number words and numerals. Groups of numerals are part of one only when words
    read digit by digit sit between them («9704 1826 chín chín tám tám 3068»): not «năm 2019» (a year), nor
    years in a row, nor an amount's groups beside one number word; otherwise the run is cut at those groups."""
    tokens = [(run.start() + w.start(), run.start() + w.end(), w.group()) for w in _SPOKEN_WORD.finditer(run.group())]
    words = [not t[2][0].isdigit() for t in tokens]
    groups = [k for k, (_, _, token) in enumerate(tokens) if len(token) > 1 and token[0].isdigit()]
    if groups and not _groups_among_words(tokens, words):
        cuts = [-1, *groups, len(tokens)]
        parts = [tokens[a + 1 : b] for a, b in zip(cuts, cuts[1:], strict=False)]
    else:
        parts = [tokens]
    for part in parts:
        while part and part[0][2].lower() in _ZERO_WORDS:
            part = part[1:]
        if len(part) >= SPOKEN_TOKENS and any(not token[0].isdigit() for _, _, token in part):
            yield [_Group(start, end, _said(token)) for start, end, token in part]


def _groups_among_words(tokens: list[tuple[int, int, str]], words: list[bool]) -> bool:
    """Whether the numeral groups of a run are parts of the number its words read out."""
    if not any(a and b for a, b in zip(words, words[1:], strict=False)):
        return False  # no two number words in a row
    for k, (_, _, token) in enumerate(tokens):
        if _YEAR.fullmatch(token) and k and (tokens[k - 1][2].lower() in ("năm", "nam") or _YEAR.fullmatch(tokens[k - 1][2])):
            return False
    return True


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    digits: str


def _best_cover(text: str, groups: list[_Group], plus: bool) -> Iterator[_Hit]:
    """The numbers among consecutive groups that hide the most digits (few, long numbers on a tie)."""
    n = len(groups)
    # best[i]: (digits hidden, -numbers) from group i on, and the choice made at i
    best: list[tuple[tuple[int, int], tuple[int, Kind] | None]] = [((0, 0), None)] * (n + 1)
    # groups joined by a bare dot or dash are one code («24.21.06.0039», «2412-0451-0009»): no number is cut
    # out of it, though it may be taken whole (a number of its own, 9 digits or more, stands apart)
    tight = [
        text[groups[k].end : groups[k + 1].start] in (".", "-") and len(groups[k].digits) < LONE_GROUP > len(groups[k + 1].digits)
        for k in range(n - 1)
    ]
    for i in range(n - 1, -1, -1):
        best[i] = (best[i + 1][0], None)
        if i and len(groups[i].digits) == 3 and text[groups[i].start - 1 : groups[i].start] == ".":
            continue  # «2.000.000–4.000.000»: a number never starts inside a dotted amount
        if i and tight[i - 1]:
            continue
        near = _Near(text[max(0, groups[i].start - CONTEXT_CHARS) : groups[i].start])
        digits = ""
        for j in range(i, min(n, i + MAX_JOIN)):
            if j > i and (len(groups[j].digits) >= LONE_GROUP or len(groups[i].digits) >= LONE_GROUP):
                break
            if j > i and groups[j].digits in PUBLIC_NUMBERS and groups[j - 1].digits in PUBLIC_NUMBERS:
                break  # «113 114 115» are three hotlines, not one ID number
            if j == i + 1 and _YEAR.fullmatch(groups[i].digits) and _YEAR.fullmatch(groups[j].digits):
                break  # «2019 2020 2021» are years: no number starts with two of them
            digits += groups[j].digits
            if j < n - 1 and tight[j]:
                continue
            segment = text[groups[i].start : groups[j].end]
            after = text[groups[j].end : groups[j].end + AFTER_CHARS]
            kind = classify(digits, plus and i == 0, segment, near, after)
            if kind is None:
                continue
            (hidden, count), _ = best[j + 1]
            score = (hidden + len(digits), count - 1)
            if score > best[i][0]:
                best[i] = (score, (j, kind))
    i = 0
    while i < n:
        choice = best[i][1]
        if choice is None:
            i += 1
            continue
        j, kind = choice
        yield _Hit(groups[i].start, groups[j].end, kind)
        i = j + 1


_CODE_PREFIX = re.compile(r"[A-Z]{2,}$")
_GLUED = re.compile(rf"{_L}+$")
# letters glued to a number that still say what it is («cccd079…», «sdt0909…»): not a code
_GLUED_KEYWORDS = frozenset(
    "cccd cmnd cmt sdt sđt đt dt stk tk otp so số mk pass pin ma mã code tel zalo momo cc cmtnd dd đd".split()
)


# letters joined to a number by a dash: «HCM-FTTH-2024-08173», «SPX-123456789», «HD-2024-000123»
_DASHED = re.compile(rf"({_L}+)\d*-$")
_DASHED_KEYWORDS = _GLUED_KEYWORDS | frozenset(_NAMED_BANKS) | frozenset(_APPS)


def _in_a_code(text: str, start: int, end: int) -> bool:
    """Digits glued to letters are an order, parcel or form code («241205ABC7XQ9K», «SPXVN0456789123»,
    «EB123456789VN», «…23.H29-241204-0015», «HCM-FTTH-2024-08173»), not a personal number: letters right
    after them, or capitals right before, or other letters glued or dashed before — but a keyword glued to
    its number («CCCD079…», «stk-0071…») is no code, nor a phone number after a name («Lan-0903…»), nor a
    code an SMS names after it («G-482913 là mã xác minh Google»)."""
    if end < len(text) and text[end].isalpha():
        return True
    glued = _GLUED.search(text[max(0, start - 12) : start])
    if glued is not None:
        return glued.group().lower() not in _GLUED_KEYWORDS
    if _CODE_PREFIX.search(text[max(0, start - 8) : start]):
        return True
    dashed = _DASHED.search(text[max(0, start - 16) : start])
    if dashed is None or dashed.group(1).lower() in _DASHED_KEYWORDS:
        return False
    digits = "".join(ch for ch in text[start:end] if ch.isdigit())
    if (digits[:1] == "0" and len(digits) in (10, 11)) or _CCCD_SHAPE.fullmatch(digits):
        return False
    return not _OTP_AFTER.match(text[end : end + AFTER_CHARS])


# Dates and clock times are never part of a number: «lúc 05-12-2026 10:15:22» is not a phone number
_DATE = re.compile(r"(?<![\d.\-/])(?:0?[1-9]|[12]\d|3[01])([-./])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d(?![\d])")
_CLOCK = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")


# «lúc 10.30», «7.45 tối»: a time written with a dot, said to be one by the word before or after it
_DOT_CLOCK = re.compile(
    rf"(?:(?<!{_L})(?:lúc|luc|từ|đến|den|tới|khoảng|khoang)\s+)?(?<![\d.])((?:[01]?\d|2[0-3])\.[0-5]\d)(?![\d.])"
    rf"(\s*(?:sáng|sang|trưa|trua|chiều|chieu|tối|đêm|dem|giờ|gio)(?!{_L}))?",
    re.IGNORECASE,
)


def _blank_dot_clock(found: re.Match[str]) -> str:
    if found.group() == found.group(1):  # no word says it is a time: «10.30» may be an amount
        return found.group()
    return found.group().replace(found.group(1), "_" * len(found.group(1)))


def _shielded(text: str) -> str:
    """The text with its dates and clock times blanked out (same length, so offsets hold)."""
    for pattern in (_DATE, _CLOCK):
        text = pattern.sub(lambda m: "_" * len(m.group()), text)
    if "." in text:
        text = _DOT_CLOCK.sub(_blank_dot_clock, text)
    return text


def _number_hits(text: str) -> Iterator[_Hit]:
    if ":" in text or "-" in text or "." in text or "/" in text:
        text = _shielded(text)
    for span in _SPAN.finditer(text):
        start, end = span.span()
        raw = span.group()
        # next to "/", a short number is part of a date or an article number (12/05/2026, 91/2025)
        beside = text[start - 1 : start] + text[end : end + 1]
        groups = [_Group(start + g.start(), start + g.end(), g.group().strip("()+")) for g in _GROUP.finditer(raw)]
        if "/" in beside and sum(len(g.digits) for g in groups) < LONE_GROUP:
            continue
        if _in_a_code(text, start, end):
            continue
        # a country code never starts with 0: «cccd+079…» in a URL is a space, not a "+"
        plus = raw.lstrip("(").startswith("+") and not groups[0].digits.startswith("0")
        if raw.startswith("+") and not plus:
            groups[0] = _Group(groups[0].start + 1, groups[0].end, groups[0].digits)
        yield from _best_cover(text, groups, plus)


def _spoken_hits(text: str) -> Iterator[_Hit]:
    for run in _SPOKEN.finditer(text):
        for groups in _read_out(run):
            yield from _best_cover(text, groups, False)


# -- passwords: the word after «mật khẩu» -------------------------------------------------------

_STRONG_PASSWORD_WORDS = (
    "mật khẩu", "mat khau", "matkhau", "mật mã", "mat ma", "password", "passwd", "pass word", "pass", "mã pin", "ma pin",
    "passcode", "mã mở khóa", "ma mo khoa", "mã khóa", "ma khoa",
)  # fmt: skip
_PASSWORD_KEYWORD = re.compile(
    rf"(?<!{_L})(?:({_words(*_STRONG_PASSWORD_WORDS)})|mk|pw|pwd|pin)(?!{_L})", re.IGNORECASE
)  # «mk» is also teencode for «mình», «pin» a battery: only a word with digits or signs after them is taken
# «là», «:» name the password; so do the verbs of telling it («tui nói hoacuc», «tui đọc nguyenvanba»)
_MARKERS = frozenset(
    {"là", "la", "is", ":", "=", "la:", "là:", "đặt", "dat", "thành", "thanh", "sang", "nói", "noi", "đọc", "doc", "gõ"}
)
_PASSWORD_FILLERS = frozenset(
    _MINE + _BANKS + ("mới", "moi", "cũ", "cu", "nè", "ne", "nek", "đây", "day", "này", "nay", "của", "vneid", "vssid", "app", "wifi")
    + ("email", "gmail", "zalo", "facebook", "fb", "ngân", "hàng", "ngan", "hang", "đăng", "nhập", "dang", "nhap", "đó", "do")
    + ("e", "a", "c", "t", "bà", "ông", "ong", "tk", "thẻ", "the", "atm", "điện", "thoại", "dien", "thoai", "máy")
    + ("nhà", "nha", "ứng", "dụng", "ung", "dung", "icloud", "apple", "id", "google", "đổi", "doi", "lại", "lai")
)  # fmt: skip
_NOT_A_PASSWORD = frozenset(
    "gì gi j sao bao nhiêu nhieu mấy may cái cai như nhu thế the nào nao không khong ko k hong hông chưa chua rồi roi "
    "bị bi quên quen sai đúng dung đổi doi lấy lay lại lai mở mo gồm gom phải phai được duoc nhé nhe ạ a vậy vay "
    "cấp cap reset khôi phục khoi phuc tạo tao đặt dat nhập nhap nhớ nho nhiêu ký tu tự chữ chu số so".split()
)
_TOKEN = re.compile(r"\S+")
_EDGE = ".,!?;:)(\"'«»"
PASSWORD_WINDOW = 100
PASSWORD_TOKENS = 10  # words after the keyword in which the password may be named
PASSWORD_TOKENS_AFTER_STRONG = 18  # «mật khẩu đăng nhập dịch vụ công của tui, cái mà tui hay quên đó, là dvc@Ba123»
WEAK_PASSWORD_WORDS = 4  # other words after «mk» / «pin» (also «mình», a battery) before a secret-looking one
MIN_PASSWORD = 4
# after «mk là», a long run of plain letters is no Vietnamese word (a syllable has at most 7): «mk la kocopass»
LONG_PLAIN_WORD = 8
_LONG_WORDS = frozenset("facebook instagram password passcode youtube messenger telegram internet iphone samsung".split())
_COUNT = re.compile(r"\d{1,2}")  # «mã pin 4 số 2580»: how many digits, not the PIN
_COUNT_WORDS = frozenset({"số", "so", "chữ", "chu", "ký", "ky", "tự", "tu"})
# what a PIN unlocks, between «pin» and its digits: «mã pin sim 7391», «pin thẻ visa 5820», «PIN thẻ tín dụng»
_PIN_FILLERS = frozenset("sim visa mastercard tín tin dụng ghi nợ credit debit mở mo khóa khoá khoa ký ky".split())
# a phone's or a power bank's battery: «pin điện thoại 4000», «pin máy 5000 mAh» (a «mã pin» is never one)
_DEVICE_WORDS = frozenset("điện dien thoại thoai đt dt máy laptop".split())
_YEAR_WORDS = frozenset({"năm", "nam", "hạn", "han"})  # «mã pin thẻ hết hạn năm 2025»
_UNIT_NEXT = re.compile(
    rf"\s*(?:mah|%|phần trăm|phan tram|wh|k|tr|triệu|trieu|nghìn|ngàn|đồng|vnd|vnđ|đ|tuổi|tuoi|lần)(?!{_L})",
    re.IGNORECASE,
)


# a measure, not a secret: «pin 5000mAh», «pin còn 20%»
_MEASURE = re.compile(r"\d+(?:[.,]\d+)?(?:mah|%|v|w|wh|gb|mb|tb|g|kg|km|m|cm|mm|h|p|k|tr|đ|d|vnd|vnđ|tuổi|tuoi)", re.IGNORECASE)
_SIGNS = frozenset("@#$%^&*!_+=~?<>")


def _looks_secret(word: str, marked: bool, strong: bool) -> bool:
    """Whether the word after a password keyword is the password itself (not «quên mật khẩu thì sao»)."""
    if len(word) < MIN_PASSWORD or word.lower() in _NOT_A_PASSWORD or _MEASURE.fullmatch(word):
        return False
    has_digit = any(ch.isdigit() for ch in word)
    # a hyphen, dot or bracket is in ordinary words too («Wi-Fi», «e-mail», «(passcode)»); @, #, ! … are not
    has_sign = any(not ch.isalnum() for ch in word) if marked else any(not ch.isalnum() and ch not in "-.()" for ch in word)
    if not strong:  # «mk 1960» is «mình 1960» as often as a password: letters and digits, or signs
        if marked and word.isascii() and word.isalpha() and len(word) >= LONG_PLAIN_WORD:
            return word.lower() not in _LONG_WORDS
        return has_sign or (has_digit and (not word.isdigit() or len(word) >= 6))
    if has_digit or has_sign:
        return True
    return marked and word.isascii() and len(word) >= 6


def _password_hits(text: str) -> Iterator[_Hit]:
    for keyword in _PASSWORD_KEYWORD.finditer(text):
        strong = keyword.group(1) is not None
        pin = keyword.group().lower() in ("pin", "mã pin", "ma pin")
        marked = named = False  # named: the word before was «là» or ended with «:»
        battery = False  # «pin điện thoại 3000»: a battery, its capacity no PIN
        offset = keyword.end()
        words = 0  # words seen that are neither markers nor fillers
        last = ""  # the word before
        skip_to = 0  # the end of digit groups read as one word
        for seen, token in enumerate(_TOKEN.finditer(text[offset : offset + PASSWORD_WINDOW])):
            if seen >= (PASSWORD_TOKENS_AFTER_STRONG if strong else PASSWORD_TOKENS):
                break
            raw = token.group()
            core = raw.lstrip(":=(\"'«").rstrip(_EDGE)
            if raw[0] in ":=":
                marked = named = True
            if not core:
                continue
            if offset + token.start() < skip_to:
                continue  # inside digit groups read before
            low = core.lower().rstrip(":")
            core_start = offset + token.start() + (len(raw) - len(raw.lstrip(":=(\"'«")))
            end = offset + token.end()
            core_end = core_start + len(core)
            spoken = _SPOKEN.match(text, offset + token.start()) if strong or pin else None
            if spoken:  # «mật khẩu tui đọc nghen: sáu sáu tám chín ba ba», «mật khẩu là 1 hai 3 bốn…»
                yield _Hit(spoken.start(), spoken.end(), Kind.PASSWORD)
                break
            spaced = _SPACED_DIGITS.match(text, core_start) if core.isdigit() else None
            if spaced is not None and _counted(text, spaced.end(), strong):
                skip_to = spaced.end()  # counts or measures: «mật khẩu 6 8 12 ký tự», «pin 3000 5000 mAh»
                continue
            if spaced is not None and _one_password(spaced.group()):
                # «mã pin 1 9 5 8», «mk vneid 6 số 19 05 62», «là 864 209»
                core, end = re.sub(r"\s", "", spaced.group()), spaced.end()
                core_end = skip_to = end
            elif words == 0 and (_COUNT.fullmatch(low) or low in _COUNT_WORDS):
                continue  # «mã pin 4 số 2580», «mật khẩu 6 chữ số»
            if low in _MARKERS:
                marked = named = True
                continue
            if pin and not strong and low in _DEVICE_WORDS:
                battery = True
            if low in _PASSWORD_FILLERS or (pin and low in _PIN_FILLERS):
                if raw.rstrip("\"'»)").endswith(":"):  # «mk tk ngân hàng: X»
                    marked = named = True
                last = low
                continue
            if core.isdigit() and (battery or _UNIT_NEXT.match(text, end)):
                secret = False  # a measure: «pin 3000 mAh», «pin điện thoại 4000»
            elif pin and core.isdigit() and 4 <= len(core) <= 8 and (words == 0 or (strong and last not in _YEAR_WORDS)):
                # «pin 7788 đó con»; after «mã pin», whatever it unlocks: «mã pin mở khóa điện thoại 190387»
                secret = True
            elif words and not named:
                secret = _later_secret(core, marked, strong, last=_ends_sentence(text, end))
            else:
                secret = _looks_secret(core, marked, strong)
            if secret:
                yield _Hit(core_start, core_end, Kind.PASSWORD)
                yield from _alternatives(text, core_end, digits=core.isdigit())
                break
            words += 1
            last = low
            # «mk» may be «mình»: a few words on, only a word no sentence has («Ba@1960xx») counts; a word
            # after «là» that is no secret leaves only a long number or a sign-word to find («mật khẩu là
            # ngày sinh thằng út nè: 150392»); the end of a sentence ends the search
            if words > WEAK_PASSWORD_WORDS and not strong:
                break
            if raw.rstrip("\"'»)").endswith((".", "?", "!")):
                break
            named = raw.rstrip("\"'»)").endswith(":")  # «mật khẩu ví MoMo: 802468»
            marked = marked or named


# A password or PIN read in groups of digits («mã pin 1 9 5 8», «19 05 62», «864 209»): every group, none after
_SPACED_DIGITS = re.compile(r"\d{1,4}(?:[ \t]{1,2}\d{1,4})+(?![\w])(?![ \t]{1,2}\d)")
MAX_SPACED_PASSWORD = 12
# what makes spaced numbers counts or measures: «mật khẩu 6 8 12 ký tự», «pin 20 30 phút»
_COUNTED_NEXT = re.compile(rf"\s*(?:số|so|chữ|chu|ký|ky|kí|ki|tự|tu)(?!{_L})", re.IGNORECASE)
_TIME_NEXT = re.compile(
    rf"\s*(?:phút|phut|giờ|gio|tiếng|tieng|ngày|ngay|tuần|tuan|tháng|thang|năm|nam|lần|lan|h)(?!{_L})", re.IGNORECASE
)


def _counted(text: str, end: int, strong: bool) -> bool:
    """Digit groups followed by a unit or a count («ký tự», «mAh»; after «mk» or «pin», a span of time too:
    «pin 20 30 phút»): counts or measures, not a password."""
    if _UNIT_NEXT.match(text, end) or _COUNTED_NEXT.match(text, end):
        return True
    return not strong and _TIME_NEXT.match(text, end) is not None


def _one_password(spaced: str) -> bool:
    """Digit groups read as one password: 4 to 12 digits, no two years in a row («2019 2020»)."""
    groups = spaced.split()
    if not MIN_PASSWORD <= sum(len(g) for g in groups) <= MAX_SPACED_PASSWORD:
        return False
    return not any(_YEAR.fullmatch(a) and _YEAR.fullmatch(b) for a, b in zip(groups, groups[1:], strict=False))


# «mật khẩu … là 5 5 1 2 0 3 hay 5 5 1 2 3 0»: the other password a resident is unsure of
_OR = re.compile(rf"[\s,]*(?:hay là|hay la|hay|hoặc là|hoặc|hoac la|hoac|or)(?!{_L})[\s:]*", re.IGNORECASE)


def _alternatives(text: str, end: int, digits: bool) -> Iterator[_Hit]:
    """The passwords after one, each named as another guess («X hay Y»): digits after digits, a secret-looking
    word after a word."""
    while (alternative := _OR.match(text, end)) is not None:
        start = alternative.end()
        spaced = _SPACED_DIGITS.match(text, start)
        if spaced is not None and _one_password(spaced.group()):
            word, end = re.sub(r"\s", "", spaced.group()), spaced.end()
        else:
            token = _TOKEN.match(text, start)
            if token is None:
                return
            word = token.group().rstrip(_EDGE)
            end = start + len(word)
        if digits:
            if not (word.isdigit() and MIN_PASSWORD <= len(word) <= MAX_SPACED_PASSWORD) or _counted(text, end, strong=True):
                return
        elif not _looks_secret(word, marked=True, strong=True) or word.isalpha():
            return
        yield _Hit(start, end, Kind.PASSWORD)


def _ends_sentence(text: str, end: int) -> bool:
    """True if nothing but punctuation follows this point in its sentence."""
    rest = text[end:].lstrip(_EDGE + " ")
    return not rest or rest[0] in "\n"


def _later_secret(word: str, marked: bool, strong: bool, last: bool) -> bool:
    """A word a few words after «mật khẩu» («mật khẩu VNeID của tui, con đặt cho là Hanh@123»): one with
    a sign in it, or a long one with digits after «là» or «:», or — after «mật khẩu» — one that only a
    password looks like (letters with digits); after «mk» (also «mình») only a sign-word, or a word of
    capitals, small letters and digits that ends the message («mk icloud của e Khanh2k1!!»)."""
    if len(word) < MIN_PASSWORD or word.lower() in _NOT_A_PASSWORD or _MEASURE.fullmatch(word):
        return False
    has_digit = any(ch.isdigit() for ch in word)
    has_letter = any(ch.isalpha() for ch in word)
    has_sign = any(ch in _SIGNS for ch in word)
    if has_sign and (has_digit or has_letter):
        return True
    if marked:
        return has_digit and len(word) >= 6
    if strong:
        return len(word) >= 6 and has_letter and has_digit
    mixed_case = any(ch.isupper() for ch in word) and any(ch.islower() for ch in word)
    return last and len(word) >= 6 and has_digit and has_letter and mixed_case


# -- e-mail ------------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _email_hits(text: str) -> Iterator[_Hit]:
    if "@" in text:
        for found in _EMAIL.finditer(text):
            yield _Hit(found.start(), found.end(), Kind.EMAIL)


# -- putting it together -------------------------------------------------------------------------


CACHE_SIZE = 4096
# Texts found clean, remembered: the same text is often masked twice (stored, then logged), and most
# texts are clean. A text with a number in it is never remembered, so no secret outlives its request.
_clean: dict[str, Masked] = {}


def mask(text: str) -> Masked:
    """The text with every personal number replaced by its kind's label, and the kinds found."""
    found = _clean.get(text)
    if found is not None:
        return found
    masked = _mask(text)
    if not masked.changed:
        if len(_clean) >= CACHE_SIZE:
            _clean.clear()
        _clean[text] = masked
    return masked


def _mask(text: str) -> Masked:
    hits = [*_email_hits(text), *_number_hits(text), *_spoken_hits(text), *_password_hits(text)]
    if not hits:
        return Masked(text)
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    merged: list[_Hit] = []
    for hit in hits:
        if merged and hit.start < merged[-1].end:  # overlapping: one label covers both, nothing leaks
            last = merged[-1]
            merged[-1] = _Hit(last.start, max(last.end, hit.end), last.kind)
        else:
            merged.append(hit)
    parts, kinds, at = [], [], 0
    for hit in merged:
        parts += [text[at : hit.start], hit.kind.label]
        at = hit.end
        if hit.kind not in kinds:
            kinds.append(hit.kind)
    parts.append(text[at:])
    return Masked("".join(parts), tuple(kinds))
