"""The one Vietnamese text normaliser shared by NLU, knowledge search and analytics.

No Rasa import here: this module runs both in the Rasa virtualenv and in the gateway's.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from underthesea.pipeline.text_normalize import token_normalize

from nlu.spoken_numbers import read_numbers

# Chat shorthand as residents type it, mapped to the full form (all lower case, NFC).
# Ambiguous short forms ("a", "b", "c") are left alone: expanding them does more harm than good.
TEENCODE: dict[str, str] = {
    "ko": "không",
    "k": "không",
    "kg": "không",
    "kh": "không",
    "hok": "không",
    "hông": "không",
    "khum": "không",
    "kô": "không",
    "hk": "không",
    "hg": "không",
    "khg": "không",
    "khôg": "không",
    "k0": "không",
    "dc": "được",
    "đc": "được",
    "dk": "đăng ký",
    "đk": "đăng ký",
    "đx": "được",
    "j": "gì",
    "ji": "gì",
    "gi": "gì",
    "bn": "bao nhiêu",
    "bnhiu": "bao nhiêu",
    "bnh": "bao nhiêu",
    "nhiu": "nhiêu",
    "ntn": "như thế nào",
    "s": "sao",
    "lm": "làm",
    "vs": "với",
    "r": "rồi",
    "rùi": "rồi",
    "roi": "rồi",
    "cx": "cũng",
    "cg": "cũng",
    "ad": "admin",
    "mk": "mật khẩu",
    "e": "em",
    "z": "vậy",
    "v": "vậy",
    "zậy": "vậy",
    "dzậy": "vậy",
    "sdt": "số điện thoại",
    "sđt": "số điện thoại",
    "đt": "điện thoại",
    "dt": "điện thoại",
    "stk": "số tài khoản",
    "tk": "tài khoản",
    "cccd": "căn cước công dân",
    "cmnd": "chứng minh nhân dân",
    "bhxh": "bảo hiểm xã hội",
    "bhyt": "bảo hiểm y tế",
    "gplx": "giấy phép lái xe",
    "dvc": "dịch vụ công",
    "tnv": "tình nguyện viên",
    "nv": "nhân viên",
    "tks": "cảm ơn",
    "thks": "cảm ơn",
    "thanks": "cảm ơn",
    "thank": "cảm ơn",
    "camon": "cảm ơn",
    "mún": "muốn",
    "bít": "biết",
    "bik": "biết",
    "wa": "qua",
    "ng": "người",
    "thui": "thôi",
    "trc": "trước",
    "mn": "mọi người",
    "lun": "luôn",
    "hnay": "hôm nay",
    "bh": "bây giờ",
    "ktra": "kiểm tra",
    "bjo": "bây giờ",
    "ns": "nói",
    "onl": "online",
    "oke": "ok",
    "oki": "ok",
    "okie": "ok",
    "okay": "ok",
    "uk": "ừ",
    "uh": "ừ",
    "ừm": "ừ",
    "ak": "à",
    "ah": "à",
    "ạk": "ạ",
    "nhá": "nhé",
    "vc": "việc",
    "kí": "ký",
    "ki": "ký",
}

_WORD = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    """Unicode NFC: one code point per accented letter, whatever the keyboard sent."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """One character without its Vietnamese diacritics, lower-cased ("Ổ" → "o", "đ" → "d")."""
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    return base.lower() if len(base) == 1 else char.lower()


def fold(text: str) -> str:
    """Accent-folded, lower-cased form: "Đăng ký tạm trú" → "dang ky tam tru"."""
    return "".join(fold_char(c) for c in nfc(text))


def fix_tones(word: str) -> str:
    """Old/new tone-mark placement made uniform ("hoà" → "hòa", "thuỷ" → "thủy")."""
    # underthesea has no type information; token_normalize gives back the token or its replacement, both str
    normalized: str = token_normalize(word)
    return normalized


def expand_teencode(words: list[str]) -> list[str]:
    """Replace chat shorthand and Southern words word by word (input already lower-cased NFC).

    A few Southern words are also ordinary words elsewhere ("biểu mẫu", "bị hỏng" typed "bi hong"):
    those are read by their neighbours (`_is_southern_here`).
    """
    out: list[str] = []
    for i, word in enumerate(words):
        if word in TEENCODE:
            out.extend(TEENCODE[word].split())
        elif word in SOUTHERN and _is_southern_here(word, words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else ""):
            out.extend(SOUTHERN[word].split())
        else:
            out.append(word)
    # Southern "tốn nhiêu tiền", "nhiu": "bao nhiêu" with its "bao" left out
    return [
        w
        for i, word in enumerate(out)
        for w in (("bao", word) if word == "nhiêu" and (i == 0 or out[i - 1] != "bao") else (word,))
    ]


# Southern and elderly speech, and English-ish chat words, mapped to the standard word (lower case, NFC).
SOUTHERN: dict[str, str] = {
    "hổng": "không",
    "hong": "không",
    "hôk": "không",
    "hem": "không",
    "nha": "nhé",
    "dzậy": "vậy",
    "dzạ": "dạ",
    "dzị": "vậy",
    "zị": "vậy",
    "dậy": "vậy",
    "vầy": "vậy",
    "zầy": "vậy",
    "dzầy": "vậy",
    "zay": "vậy",
    "dzay": "vậy",
    "mần": "làm",
    "biểu": "bảo",
    "xài": "dùng",
    "xai": "dùng",
    "lẹ": "nhanh",
    "le": "nhanh",
    "tui": "tôi",
    "ổng": "ông ấy",
    "bả": "bà ấy",
    "nghen": "nhé",
    "nhen": "nhé",
    "hen": "nhé",
    "giùm": "giúp",
    "dùm": "giúp",
    "gium": "giúp",
    "dum": "giúp",
    "thiệt": "thật",
    "thiet": "thật",
    "kêu": "gọi",
    "coi": "xem",
    "thưa": "trình báo",
    "hổm": "hôm",
    "bển": "bên đó",
    "dìa": "về",
    "zìa": "về",
    "hỏi thăm": "hỏi",
    "pass": "mật khẩu",
    "password": "mật khẩu",
    "acc": "tài khoản",
    "login": "đăng nhập",
    "update": "cập nhật",
    "up": "tải lên",
    "face": "khuôn mặt",
    "app": "ứng dụng",
    "apps": "ứng dụng",
}
# Words that are Southern speech only beside some neighbours: (previous words that rule it out, previous words
# that confirm it, next words that confirm it; "" stands for the end of the message).
_END = ""
_SOUTHERN_IF: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {
    # "hong" typed without accents is "hông" (không) at the end or before these, but "hỏng" after "bị", "hư"
    "hong": (
        frozenset({"bi", "bị", "hu", "hư", "da", "đã", "sua", "sửa", "mau", "màu", "hoa", "cây"}),
        frozenset(),
        frozenset(
            {
                _END,
                "biết",
                "biet",
                "có",
                "co",
                "được",
                "duoc",
                "dc",
                "hiểu",
                "hieu",
                "phải",
                "phai",
                "cần",
                "can",
                "làm",
                "lam",
                "sao",
                "ạ",
                "a",
                "hả",
                "ha",
                "vậy",
                "vay",
                "nhé",
                "nha",
                "con",
                "cháu",
                "chau",
                "em",
                "ta",
                "bác",
                "bac",
                "cô",
                "chú",
                "chu",
                "nữa",
                "nua",
                "thấy",
                "thay",
            }
        ),
    ),
    # typed without accents, "hem" is "hẻm" (an alley: "hem 45", "trong hem") as often as "hổng"
    "hem": (
        frozenset(
            {
                "trong",
                "đầu",
                "dau",
                "cuối",
                "cuoi",
                "vào",
                "vao",
                "ra",
                "o",
                "ở",
                "số",
                "so",
                "cái",
                "cai",
                "đường",
                "duong",
                "nhà",
                "nha",
                "trước",
                "truoc",
                "tại",
                "tai",
                "con",
                "xóm",
                "xom",
                "các",
                "cac",
            }
        ),
        frozenset(),
        frozenset(
            {
                _END,
                "biết",
                "biet",
                "có",
                "co",
                "được",
                "duoc",
                "dc",
                "hiểu",
                "hieu",
                "phải",
                "phai",
                "cần",
                "can",
                "sao",
                "ạ",
                "a",
                "hả",
                "ha",
                "vậy",
                "vay",
                "nhé",
                "nha",
                "con",
                "cháu",
                "chau",
                "em",
                "bác",
                "bac",
                "nữa",
                "nua",
                "thấy",
                "thay",
            }
        ),
    ),
    # and "nha" is "nhà" (a house) unless it ends the message or a call ("nha bác", "nha con")
    "nha": (
        frozenset(),
        frozenset(),
        frozenset(
            {
                _END,
                "bác",
                "bac",
                "con",
                "cháu",
                "chau",
                "em",
                "ad",
                "admin",
                "ạ",
                "a",
                "anh",
                "chị",
                "chi",
                "cô",
                "chú",
                "chu",
                "mọi",
                "moi",
            }
        ),
    ),
    "dậy": (
        frozenset({"thức", "ngủ", "dạy"}),
        frozenset({"sao", "gì", "gi", "vậy", "thế", "là", "nào", "nao", "đó", "rồi", "làm", "được"}),
        frozenset({_END}),
    ),
    "biểu": (
        frozenset(),
        frozenset({"ai", "con", "cháu", "bác", "tôi", "tui", "người", "họ", "ổng", "bả", "có", "được", "đã", "mới", "nó"}),
        frozenset(),
    ),
    "le": (frozenset(), frozenset({"cho", "làm", "lam", "đi", "di", "giùm", "giúp"}), frozenset({_END})),
    "hen": (frozenset(), frozenset(), frozenset({_END})),
    "coi": (
        frozenset(),
        frozenset(),
        frozenset(
            {
                "giúp",
                "giùm",
                "dùm",
                "thử",
                "lại",
                "ở",
                "o",
                "trên",
                "tren",
                "được",
                "duoc",
                "sao",
                "chỗ",
                "cho",
                "cách",
                "cach",
                "đâu",
                "dau",
            }
        ),
    ),
    "up": (frozenset(), frozenset(), frozenset({"ảnh", "anh", "hình", "hinh", "lên", "len", "file", "hồ", "ho"})),
    "dum": (frozenset(), frozenset({"làm", "lam", "chỉ", "chi", "coi", "xem", "hỏi", "hoi", "nói", "noi"}), frozenset({_END})),
    # "đi thưa" is to report (to the police), "thưa bác" is polite address
    "thưa": (frozenset(), frozenset({"đi", "ra", "lên", "đến", "tới"}), frozenset({"kiện", "công", "ở", "chỗ"})),
}


def _is_southern_here(word: str, previous: str, following: str) -> bool:
    """True unless the word is one that is Southern only beside some neighbours, and these are not them."""
    rule = _SOUTHERN_IF.get(word)
    if rule is None:
        return True
    never_after, after, before = rule
    return previous not in never_after and (previous in after or (following or _END) in before)


_DOUBLED = re.compile(r"([^\Wo\d])\1+", re.UNICODE)


def collapse_doubled(word: str) -> str:
    """Letters typed twice or more ("thuongg", "khôngg", "đượcc") once, when that makes a Vietnamese syllable
    (Vietnamese doubles only "o", as in "xoong"; "vssid" and "app" stay as they are)."""
    if len(word) < 3 or word in TEENCODE or word in SOUTHERN or len(set(word)) == 1:
        return word
    collapsed = _DOUBLED.sub(r"\1", word)
    accented, folded = _known_syllables()
    return collapsed if collapsed != word and collapsed in (accented if has_diacritics(collapsed) else folded) else word


@lru_cache(maxsize=1)
def _known_syllables() -> tuple[frozenset[str], frozenset[str]]:
    """Vietnamese syllables (accented, and folded) from underthesea's own word list (Viet74K, in the package)."""
    from underthesea.corpus import viet_dict_74K

    accented = {s for word in viet_dict_74K.words for s in nfc(word.lower()).replace("-", " ").split()}
    return frozenset(accented), frozenset(fold(s) for s in accented)


# Final consonants residents confuse when typing (Southern speech merges them): each is tried for the others.
_FINALS = (("c", "t"), ("t", "c"), ("n", "ng"), ("ng", "n"), ("nh", "n"), ("n", "nh"), ("ch", "t"), ("t", "ch"))


@lru_cache(maxsize=65536)
def fix_spelling(word: str) -> str:
    """A syllable that is no Vietnamese syllable, mended by the commonest slips: a final "g" without its "n"
    ("khog" → "khong"), a confused final consonant ("quyếc" → "quyết", "chứn" → "chứng"), "f" for "ph" ("fí").
    Known words,
    numbers, English and chat words are left as they are."""
    if len(word) < 2 or not word.isalpha() or word in TEENCODE or word in SOUTHERN:
        return word
    accented, folded = _known_syllables()
    known = accented if has_diacritics(word) else folded
    if word in known:
        return word
    candidates = []
    if word.startswith("f"):  # chat spelling of "ph" ("fí", "fải"): Vietnamese has no "f"
        candidates.append("ph" + word[1:])
    if word.endswith("g") and not word.endswith("ng"):
        candidates.append(word[:-1] + "ng")
    for written, meant in _FINALS:
        if word.endswith(written) and len(word) > len(written) + 1:
            candidates.append(word[: -len(written)] + meant)
    return next((c for c in candidates if c in known), word)


@lru_cache(maxsize=65536)
def mend(word: str) -> str:
    """One lower-cased word with its tone marks placed, doubled letters and spelling slips mended."""
    return fix_spelling(collapse_doubled(fix_tones(word)))


def words(text: str) -> list[str]:
    """Lower-cased, tone-fixed, spelling-mended, teencode- and Southern-expanded words of a text; punctuation dropped."""
    return read_numbers(expand_teencode([mend(w) for w in _WORD.findall(nfc(text).lower())]))


def normalize(text: str) -> str:
    """Normalised text with diacritics kept: NFC, lower case, tones fixed, teencode expanded."""
    return " ".join(words(text))


def match_key(text: str) -> str:
    """The form used to compare texts: normalised, then accent-folded."""
    return fold(normalize(text))


def has_diacritics(text: str) -> bool:
    """True if the text carries any Vietnamese diacritic (so it was typed with accents)."""
    text = nfc(text)
    return any(fold_char(c) != c.lower() for c in text if c.isalpha())


def uses_teencode(text: str) -> bool:
    """True if any word of the text is chat shorthand that the normaliser expands."""
    return any(w in TEENCODE and TEENCODE[w] != w for w in _WORD.findall(nfc(text).lower()))


# Sounds residents confuse when spelling (southern accent and common slips), on folded syllables.
_ONSETS = (
    ("ngh", "ng"),
    ("gh", "g"),
    ("gi", "z"),
    ("tr", "ch"),
    ("ch", "ch"),
    ("x", "s"),
    ("d", "z"),
    ("r", "z"),
    ("l", "n"),
    ("q", "k"),
    ("c", "k"),
)
_CODAS = (("nh", "n"), ("ng", "n"), ("ch", "t"), ("c", "t"), ("y", "i"))


def sound_key(syllable: str) -> str:
    """A folded syllable with easily confused spellings merged (s/x, tr/ch, d/gi/r, l/n, i/y, n/ng…)."""
    for written, heard in _ONSETS:
        if syllable.startswith(written):
            syllable = heard + syllable[len(written) :]
            break
    for written, heard in _CODAS:
        if syllable.endswith(written) and len(syllable) > len(written):
            syllable = syllable[: -len(written)] + heard
            break
    return syllable


def sound_text(text: str, drop_fillers: bool = False) -> str:
    """The whole text as sound keys: "xin giấy tạm chú" and "sin dấy tạm trú" meet."""
    words = match_key(text).split()
    return " ".join(sound_key(w) for w in (content_words(words) if drop_fillers else words))


# Politeness, address and question words that say nothing about the topic of a question
# (folded forms). Search drops them: "cháu ơi cho bác hỏi làm sao…" is mostly these.
FILLERS = frozenset(
    """a ad admin ah anh ba bac ban cach chau chi cho co con cu da dau de do duoc em gi giup ha hoi huong dan
    khi khong la lam ma may minh muon nao nay nha nhe nhu o oi phai roi sao thi toi ve voi vay xin biet""".split()
)


def content_words(words: list[str]) -> list[str]:
    """Folded words without the fillers (all of them if nothing else is left)."""
    kept = [w for w in words if w not in FILLERS]
    return kept or words


# Everyday words residents use for the official terms of the knowledge base (folded → canonical).
SYNONYMS: dict[str, str] = {
    "bang lai xe": "giấy phép lái xe",
    "bang lai": "giấy phép lái xe",
    "gplx": "giấy phép lái xe",
    "passport": "hộ chiếu",
    "pasport": "hộ chiếu",
    "chung minh nhan dan": "căn cước",
    "chung minh thu": "căn cước",
    "cmnd": "căn cước",
    "the can cuoc cong dan": "căn cước",
    "can cuoc cong dan": "căn cước",
    "cccd": "căn cước",
    "nhap ho khau": "đăng ký thường trú",
    "nhap khau": "đăng ký thường trú",
    "cat ho khau": "xóa đăng ký thường trú",
    "cat khau": "xóa đăng ký thường trú",
    "khai bao tam tru": "đăng ký tạm trú",
    "khai tam tru": "đăng ký tạm trú",
    "lanh": "nhận",
    "lanh luong": "nhận lương",
    "pass": "mật khẩu",
    "password": "mật khẩu",
    "ct07": "xác nhận thông tin cư trú",
    "lltp": "lý lịch tư pháp",
    "mst": "mã số thuế",
    "ma xac thuc": "mã OTP",
    "ma otp": "mã OTP",
    "internet banking": "ứng dụng ngân hàng",
    "app ngan hang": "ứng dụng ngân hàng",
    "dichvucong gov vn": "Cổng Dịch vụ công",
    "dich vu cong quoc gia": "Cổng Dịch vụ công",
    "app": "ứng dụng",
    # everyday names of services and apps
    "ung dung dinh danh": "ứng dụng VNeID",
    "app dinh danh": "ứng dụng VNeID",
    "app cong an": "ứng dụng VNeID",
    "ung dung cong an": "ứng dụng VNeID",
    "app bo cong an": "ứng dụng VNeID",
    "dinh danh cua cong an": "VNeID",
    "app bao hiem": "ứng dụng VssID",
    "ung dung bao hiem": "ứng dụng VssID",
    "app bhxh": "ứng dụng VssID",
    "app bao hiem xa hoi": "ứng dụng VssID",
    "ung dung bao hiem xa hoi": "ứng dụng VssID",
    "app thue": "ứng dụng eTax Mobile",
    "ung dung thue": "ứng dụng eTax Mobile",
    "e tax": "eTax",
    "i tac": "eTax",
    # (not "sổ đỏ" → its official name: folded, "Công dân số đó" reads the same)
    "con nit": "trẻ em",
    "tre con": "trẻ em",
    "em be": "trẻ em",
    "email": "e-mail thư điện tử",
    "gmail": "Gmail e-mail thư điện tử",
    "uy ban phuong": "trụ sở phường",
    "uy ban nhan dan phuong": "trụ sở phường",
    "ubnd phuong": "trụ sở phường",
    "hinh the": "ảnh thẻ",
    "chup hinh": "chụp ảnh",
    "tam hinh": "tấm ảnh",
    "ton tien": "mất phí",
    "ton phi": "mất phí",
    # both syllables of "bản sao" are filler words elsewhere ("bạn", "sao"): kept as one word so they still count
    "ban sao": "bản_sao",
    "ton bao nhieu": "phí bao nhiêu",
    "ton nhieu": "phí bao nhiêu",
    "ton nhiu": "phí bao nhiêu",
    "ton bn": "phí bao nhiêu",
    # a phone's speech-to-text spells the apps' names out as it hears them
    "vi en ai di": "VNeID",
    "vi e en ai di": "VNeID",
    "ve en ai di": "VNeID",
    "vi en i di": "VNeID",
    "v n e id": "VNeID",
    "vi et et ai di": "VssID",
    "vi ech ech ai di": "VssID",
    "v ss id": "VssID",
    "vi xi xi ai di": "VssID",
    "e tach mobai": "eTax Mobile",
    "i tach": "eTax",
}
_SYNONYM = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)) + r")\b")


def canonical(text: str) -> str:
    """The text with residents' everyday terms replaced by the official ones ("bằng lái" → "giấy phép lái xe").

    Matching is done on the folded text, which has the same length as the NFC text, so
    accented, unaccented and mixed spellings are all found.
    """
    text = nfc(text)
    folded = "".join(fold_char(c) for c in text).replace(".", " ")
    pieces, last = [], 0
    for match in _SYNONYM.finditer(folded):
        pieces += [text[last : match.start()], SYNONYMS[match.group(1)]]
        last = match.end()
    return "".join(pieces) + text[last:] if pieces else text
