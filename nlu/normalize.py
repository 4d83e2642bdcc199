"""The one Vietnamese text normaliser shared by NLU, knowledge search and analytics.

No Rasa import here: this module runs both in the Rasa virtualenv and in the gateway's.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from underthesea.pipeline.text_normalize import token_normalize

# Chat shorthand as residents type it, mapped to the full form (all lower case, NFC).
# Ambiguous short forms ("a", "b", "c") are left alone: expanding them does more harm than good.
TEENCODE: dict[str, str] = {
    "ko": "không", "k": "không", "kg": "không", "kh": "không", "hok": "không",
    "hông": "không", "khum": "không", "hem": "không", "kô": "không",
    "khg": "không", "khôg": "không", "k0": "không",
    "dc": "được", "đc": "được", "dk": "đăng ký", "đk": "đăng ký", "đx": "được",
    "j": "gì", "ji": "gì", "gi": "gì",
    "bn": "bao nhiêu", "bnhiu": "bao nhiêu", "bnh": "bao nhiêu", "nhiu": "nhiêu",
    "ntn": "như thế nào",
    "lm": "làm", "vs": "với", "r": "rồi", "rùi": "rồi", "roi": "rồi",
    "cx": "cũng", "cg": "cũng", "ad": "admin", "mk": "mật khẩu",
    "e": "em", "z": "vậy", "v": "vậy", "zậy": "vậy", "dzậy": "vậy",
    "sdt": "số điện thoại", "sđt": "số điện thoại", "đt": "điện thoại", "dt": "điện thoại",
    "stk": "số tài khoản", "tk": "tài khoản",
    "cccd": "căn cước công dân", "cmnd": "chứng minh nhân dân",
    "bhxh": "bảo hiểm xã hội", "bhyt": "bảo hiểm y tế", "gplx": "giấy phép lái xe",
    "dvc": "dịch vụ công", "tnv": "tình nguyện viên", "nv": "nhân viên",
    "tks": "cảm ơn", "thks": "cảm ơn", "thanks": "cảm ơn", "thank": "cảm ơn", "camon": "cảm ơn",
    "mún": "muốn", "bít": "biết", "bik": "biết", "wa": "qua", "ng": "người",
    "thui": "thôi", "trc": "trước", "mn": "mọi người", "lun": "luôn", "hnay": "hôm nay",
    "bh": "bây giờ", "bjo": "bây giờ", "ns": "nói", "onl": "online",
    "oke": "ok", "oki": "ok", "okie": "ok", "okay": "ok", "uk": "ừ", "uh": "ừ", "ừm": "ừ",
    "ak": "à", "ah": "à", "ạk": "ạ", "nha": "nhé", "nhá": "nhé",
    "kí": "ký", "ki": "ký",
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
    return token_normalize(word)


def expand_teencode(words: list[str]) -> list[str]:
    """Replace chat shorthand word by word (input already lower-cased NFC)."""
    out: list[str] = []
    for word in words:
        out.extend(TEENCODE.get(word, word).split())
    return out


def words(text: str) -> list[str]:
    """Lower-cased, tone-fixed, teencode-expanded words of a text; punctuation dropped."""
    raw = [fix_tones(w) for w in _WORD.findall(nfc(text).lower())]
    return expand_teencode(raw)


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
_ONSETS = (("ngh", "ng"), ("gh", "g"), ("gi", "z"), ("tr", "ch"), ("ch", "ch"), ("x", "s"), ("d", "z"), ("r", "z"),
           ("l", "n"), ("q", "k"), ("c", "k"))
_CODAS = (("nh", "n"), ("ng", "n"), ("ch", "t"), ("c", "t"), ("y", "i"))


def sound_key(syllable: str) -> str:
    """A folded syllable with easily confused spellings merged (s/x, tr/ch, d/gi/r, l/n, i/y, n/ng…)."""
    for written, heard in _ONSETS:
        if syllable.startswith(written):
            syllable = heard + syllable[len(written):]
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
    "bang lai xe": "giấy phép lái xe", "bang lai": "giấy phép lái xe", "gplx": "giấy phép lái xe",
    "passport": "hộ chiếu", "pasport": "hộ chiếu",
    "chung minh nhan dan": "căn cước", "chung minh thu": "căn cước", "cmnd": "căn cước",
    "the can cuoc cong dan": "căn cước", "can cuoc cong dan": "căn cước", "cccd": "căn cước",
    "nhap ho khau": "đăng ký thường trú", "nhap khau": "đăng ký thường trú",
    "cat ho khau": "xóa đăng ký thường trú", "cat khau": "xóa đăng ký thường trú",
    "khai bao tam tru": "đăng ký tạm trú", "khai tam tru": "đăng ký tạm trú",
    "lanh": "nhận", "lanh luong": "nhận lương",
    "pass": "mật khẩu", "password": "mật khẩu",
    "ct07": "xác nhận thông tin cư trú", "lltp": "lý lịch tư pháp", "mst": "mã số thuế",
    "ma xac thuc": "mã OTP", "ma otp": "mã OTP",
    "internet banking": "ứng dụng ngân hàng", "app ngan hang": "ứng dụng ngân hàng",
    "dichvucong gov vn": "Cổng Dịch vụ công", "dich vu cong quoc gia": "Cổng Dịch vụ công",
    "app": "ứng dụng",
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
