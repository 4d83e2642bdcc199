"""Passwords and PINs: the word (or digits) after «mật khẩu», «mk», «mã pin», and the other guess after «hay»."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.personal_numbers.hits import Hit
from bot.personal_numbers.kinds import Kind
from bot.personal_numbers.shapes import YEAR
from bot.personal_numbers.spoken import SPOKEN
from bot.personal_numbers.vocabulary import BANKS, LETTER, MINE, alternation

_STRONG_PASSWORD_WORDS = (
    "mật khẩu", "mat khau", "matkhau", "mật mã", "mat ma", "password", "passwd", "pass word", "pass", "mã pin", "ma pin",
    "passcode", "mã mở khóa", "ma mo khoa", "mã khóa", "ma khoa",
)  # fmt: skip
_PASSWORD_KEYWORD = re.compile(
    rf"(?<!{LETTER})(?:({alternation(*_STRONG_PASSWORD_WORDS)})|mk|pw|pwd|pin)(?!{LETTER})", re.IGNORECASE
)  # «mk» is also teencode for «mình», «pin» a battery: only a word with digits or signs after them is taken
# «là», «:» name the password; so do the verbs of telling it («tui nói hoacuc», «tui đọc nguyenvanba»)
_MARKERS = frozenset(
    {"là", "la", "is", ":", "=", "la:", "là:", "đặt", "dat", "thành", "thanh", "sang", "nói", "noi", "đọc", "doc", "gõ"}
)
_PASSWORD_FILLERS = frozenset(
    MINE + BANKS + ("mới", "moi", "cũ", "cu", "nè", "ne", "nek", "đây", "day", "này", "nay", "của", "vneid", "vssid", "app", "wifi")
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
    rf"\s*(?:mah|%|phần trăm|phan tram|wh|k|tr|triệu|trieu|nghìn|ngàn|đồng|vnd|vnđ|đ|tuổi|tuoi|lần)(?!{LETTER})",
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


def password_hits(text: str) -> Iterator[Hit]:
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
            spoken = SPOKEN.match(text, offset + token.start()) if strong or pin else None
            if spoken:  # «mật khẩu tui đọc nghen: sáu sáu tám chín ba ba», «mật khẩu là 1 hai 3 bốn…»
                yield Hit(spoken.start(), spoken.end(), Kind.PASSWORD)
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
                yield Hit(core_start, core_end, Kind.PASSWORD)
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
_COUNTED_NEXT = re.compile(rf"\s*(?:số|so|chữ|chu|ký|ky|kí|ki|tự|tu)(?!{LETTER})", re.IGNORECASE)
_TIME_NEXT = re.compile(
    rf"\s*(?:phút|phut|giờ|gio|tiếng|tieng|ngày|ngay|tuần|tuan|tháng|thang|năm|nam|lần|lan|h)(?!{LETTER})", re.IGNORECASE
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
    return not any(YEAR.fullmatch(a) and YEAR.fullmatch(b) for a, b in zip(groups, groups[1:], strict=False))


# «mật khẩu … là 5 5 1 2 0 3 hay 5 5 1 2 3 0»: the other password a resident is unsure of
_OR = re.compile(rf"[\s,]*(?:hay là|hay la|hay|hoặc là|hoặc|hoac la|hoac|or)(?!{LETTER})[\s:]*", re.IGNORECASE)


def _alternatives(text: str, end: int, digits: bool) -> Iterator[Hit]:
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
        yield Hit(start, end, Kind.PASSWORD)


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
