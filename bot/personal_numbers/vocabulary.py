"""The words the masker reads around a number, and how it writes them into its patterns."""

from __future__ import annotations

import re

LETTER = r"[^\W\d_]"  # a letter (any script)


def alternation(*words: str) -> str:
    """An alternation of the words, longest first, grouped by their first letter: the regex engine tries the
    branches of one letter at each position, not all of them."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


MINE = (
    "của", "cua", "tôi", "toi", "tui", "mình", "minh", "mk", "em", "anh", "chị", "chi", "bác", "bac", "con", "cháu", "chau",
    "bạn", "ban",
)  # fmt: skip
SAYING = ("là", "la", "nè", "ne", "nek", "đây", "day", "này", "nay", "số", "so", "mới", "moi", "cũ", "cu")
APPS = (
    "momo", "zalo", "zalopay", "facebook", "fb", "google", "gmail", "shopee", "lazada", "tiki", "grab", "vneid",
    "vssid", "etax", "telegram", "tiktok", "apple", "icloud", "viber", "gojek", "vnpay",
)  # fmt: skip
NAMED_BANKS = (
    "vcb", "vietcombank", "bidv", "agribank", "agr", "acb", "mb", "mbbank", "techcombank", "tcb", "vietinbank",
    "vtb", "tpbank", "vpbank", "sacombank", "scb", "shb", "hdbank", "ocb", "msb", "seabank", "vib", "eximbank",
    "lpbank", "lienvietpostbank", "kienlongbank", "namabank", "pvcombank", "abbank", "baovietbank", "vietabank",
    "ncb", "oceanbank", "gpbank", "bacabank", "saigonbank", "vietbank", "pgbank", "cake", "timo", "cbbank",
    "uob", "hsbc", "shinhan", "woori", "citibank", "standard chartered", "public bank",
)  # fmt: skip
BANKS = (
    "ngân", "hàng", "ngan", "hang", "nh", "bank", *NAMED_BANKS, "momo", "zalopay", "vnpay", "viettel", "money", "ví", "vi",
)  # fmt: skip
MONEY_WORDS = alternation(
    "tiền", "tien", "phí", "phi", "giá", "gia", "lương", "luong", "trừ", "tru", "chuyển", "chuyen", "nộp", "nop",
    "trả", "tra", "dư", "du", "vay", "nợ", "no", "rút", "rut", "nạp", "nap", "mất", "khoảng", "khoang", "hết", "het",
    "giảm", "giam", "ưu đãi", "uu dai", "khuyến mãi", "khuyen mai",  # «nhận mã giảm 50000» is a discount
)  # fmt: skip
# The rest of a sentence: a dot between digits («chuyển 2.000.000đ») does not end it
IN_SENTENCE = r"(?:[^.!?\n]|(?<=\d)\.(?=\d))"
