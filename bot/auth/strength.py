"""Is a new password too easy to guess? zxcvbn's estimate, plus our own names and Vietnamese words.

Why zxcvbn (PyPI `zxcvbn`, the Python port of Dropbox's estimator) rather than a list we keep: it ships
ranked frequency lists (30,000 leaked passwords, English words, names) and also sees what a list cannot —
keyboard rows ("qwertyuiop"), sequences ("abcdefghij"), repeats, dates, l33t spellings and a common word
plus digits ("password123"). It knows no Vietnamese, so the words Vietnamese staff reach for first
(«matkhau», «anhyeuem», the ward's name…) are given to it as its own dictionary (user inputs).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from zxcvbn import zxcvbn

from nlu.normalize import fold

# zxcvbn's score: 0–2 fall to an online or fast offline guesser; 3 needs about 10^8 guesses or more.
MIN_SCORE = 3
# zxcvbn refuses longer input (its matching is quadratic); the first 72 characters decide the score
ZXCVBN_MAX = 72
# What Vietnamese users reach for first, accent-folded, most common first (zxcvbn ranks them in order).
VIETNAMESE_WORDS = (
    "matkhau",
    "anhyeuem",
    "emyeuanh",
    "yeuem",
    "yeuanh",
    "vietnam",
    "saigon",
    "hochiminh",
    "hanoi",
    "phuong",
    "ubnd",
    "uybannhandan",
    "vneid",
    "dichvucong",
    "trolyso",
    "trolysophuong",
    "tlsp",
    "binhdanhocvuso",
    "canbo",
    "tinhnguyenvien",
    "quantri",
    "xinchao",
    "chaoban",
    "admin",
)
# words a ward's name starts with ("Phường Bến Thành": what tells it apart is "bến thành")
WARD_PREFIXES = ("phuong", "xa", "thi tran")
ADVICE = "Bạn chọn mật khẩu khác, ví dụ ghép ba, bốn từ không liên quan với nhau."


class Weakness(StrEnum):
    """Why a password was refused."""

    USERNAME = "username"
    WARD = "ward"
    COMMON = "common"
    GUESSABLE = "guessable"

    @property
    def message(self) -> str:
        """The reason in Vietnamese, with what to do instead."""
        return MESSAGES[self]


MESSAGES = {
    Weakness.USERNAME: "Mật khẩu không được chứa tên đăng nhập. " + ADVICE,
    Weakness.WARD: "Mật khẩu không được chứa tên phường: kẻ gian thử tên phường trước tiên. " + ADVICE,
    Weakness.COMMON: "Mật khẩu này quá phổ biến (giống «password123», «12345678», «matkhau123»): "
    "kẻ gian thử những mật khẩu như vậy trước tiên. " + ADVICE,
    Weakness.GUESSABLE: "Mật khẩu này dễ đoán (dãy số hoặc chữ liền nhau, phím cạnh nhau, ký tự lặp lại, ngày tháng "
    "hoặc từ thông dụng). " + ADVICE,
}


def _letters(text: str) -> str:
    """Folded, with only letters and digits: «Bến Thành-1» → "benthanh1"."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


def _ward_core(ward_name: str) -> str:
    """What tells the ward apart, folded: "Phường Bến Thành" → "benthanh"."""
    words = fold(ward_name).split()
    for prefix in WARD_PREFIXES:
        size = len(prefix.split())
        if words[:size] == prefix.split() and len(words) > size:
            words = words[size:]
            break
    return _letters(" ".join(words))


def _user_inputs(username: str, ward_name: str) -> list[str]:
    names = [name for name in (username, ward_name) if name.strip()]
    inputs = [*names, *(fold(name) for name in names), *(_letters(name) for name in names)]
    inputs += [word for name in names for word in fold(name).split() if len(word) > 2]
    if ward_name.strip():
        inputs.append(_ward_core(ward_name))
    return [*inputs, *VIETNAMESE_WORDS]


def weakness(password: str, *, username: str = "", ward_name: str = "") -> Weakness | None:
    """Why this password is too easy to guess, or None if it is not."""
    letters = _letters(password)
    user = _letters(username)
    if user and (letters == user or (len(user) >= 4 and user in letters)):
        return Weakness.USERNAME
    ward = _ward_core(ward_name) if ward_name.strip() else ""
    if ward and len(ward) >= 4 and ward in letters:
        return Weakness.WARD
    inputs = _user_inputs(username, ward_name)
    results = [zxcvbn(candidate[:ZXCVBN_MAX], user_inputs=inputs) for candidate in {password, fold(password), letters}]
    weakest = min(results, key=lambda result: int(result["score"]))
    if int(weakest["score"]) >= MIN_SCORE:
        return None
    return Weakness.COMMON if _from_a_list(weakest) else Weakness.GUESSABLE


def _from_a_list(result: dict[str, Any]) -> bool:
    """True if the estimate leaned on a list of common passwords or on our Vietnamese words."""
    return any(
        match.get("pattern") == "dictionary" and match.get("dictionary_name") in ("passwords", "user_inputs")
        for match in result.get("sequence", [])
    )
