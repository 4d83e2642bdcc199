"""A request to recommend a business, a brand, a product or a tradesman: something a ward's assistant does not do.

"ngân hàng nào lãi thấp", "tiệm sửa điện thoại nào uy tín", "chỗ nào cho thuê phòng giá rẻ", "nên mua hãng nào",
"gọi thợ sửa ống nước ở đâu": a resident asks which one to pick, by price or quality. They share words with the
knowledge base (a bank, a phone, insurance, a room), so the search finds an entry that answers something else
(on the blind sets' tuning parts: the savings question got the pension's office, the phone repair the screen
lock); the actions refuse them kindly unless the search is sure (actions/not_ours.py). Matched on the
folded, teencode-expanded text (nlu.normalize.match_key). No Rasa import.
"""

from __future__ import annotations

import re

from nlu.normalize import match_key

# which one: "nào" after what is picked ("hãng nào", "chỗ nào", "bên nào") — not "thế nào", "cách nào" (how) —, or
# where ("ở đâu"; "đâu" alone is also "đầu tư", "đau")
_WHICH = r"(?:(?<!the )(?<!cach )nao|o dau)"
# how it is compared: price, quality, trust, interest
_BETTER = (
    r"(?:re|re nhat|re hon|tot|tot nhat|tot hon|uy tin|dang tin|ngon|ngon hon|ben hon|ben nhat|chat luong|chinh hang"
    r"|gia (?:re|tot|cao|mem|phai chang)|lai (?:suat )?(?:cao|thap)|hay nhat|day tot|lam tot)"
)
# the same said before the "which" ("giá rẻ ở đâu"): only in words that cannot be something else ("rể" of "con
# rể" folds to "rẻ", "càng sớm càng tốt, thủ tục thế nào" has "tốt" before a "nào")
_BETTER_FIRST = r"(?:gia (?:re|tot|cao|mem|phai chang)|uy tin|dang tin|chat luong|re nhat|tot nhat|lai (?:suat )?(?:cao|thap))"
_WHICH_BETTER = re.compile(rf"\b{_WHICH}\b(?: \S+){{0,5}} {_BETTER}\b|\b{_BETTER_FIRST}\b(?: \S+){{0,4}} {_WHICH}\b")
# should I buy or pick which one ("nên mua hãng nào", "nên chọn công ty nào")
_SHOULD_PICK = re.compile(r"\bnen (?:mua|chon|dung|xai|lua chon)\b(?: \S+){0,4} (?:nao|gi)\b")
# a tradesman or a shop for a repair or a purchase, wherever ("thợ sửa ống nước nào", "kêu thợ chống thấm ở đâu");
# "tiệm" folds to "tiêm" (a jab: "tiêm vắc xin ở đâu"), so only a shop named as one ("tiệm nào", "tiệm sửa")
_TRADE = re.compile(
    r"\b(?:tho|cua hang|tiem nao|tiem (?:sua|ban))\b(?: \S+){0,4} (?:nao|o dau|gan day|gan nha)\b"
    # a place that sells, repairs or rents out ("chỗ nào cho thuê phòng", "chỗ sửa màn hình uy tín") — not one that
    # takes papers or teaches ("chỗ nào nhận hồ sơ", "chỗ nào dạy dùng điện thoại": the ward's)
    r"|\b(?:cho|noi|ben|tiem) nao (?:cho thue|ban|sua)\b"
    r"|\bcho (?:sua|ban|cho thue)\b(?: \S+){0,4} (?:uy tin|dang tin|re|gia re|gia tot|tot|gan day|gan nha)\b"
)
# which one is the real one, for fear of a fake ("check phạt nguội ở đâu uy tín, sợ vô web lừa đảo"), or which
# e-wallet (the State Bank licenses them): questions the knowledge base answers
_ANSWERED = re.compile(
    r"\b(?:lua|lua dao|gia mao|an toan|chinh thong|(?:trang|web|link|app|ung dung) gia|vi (?:dien tu|dien thoai|dt|nao))\b"
)


def asks_for_a_recommendation(text: str) -> bool:
    """True if the message asks which business, brand, product or tradesman to pick."""
    key = match_key(text or "")
    if _ANSWERED.search(key):
        return False
    return bool(_WHICH_BETTER.search(key) or _SHOULD_PICK.search(key) or _TRADE.search(key))
