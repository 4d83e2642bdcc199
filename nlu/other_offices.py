"""A question for another office or a business, not the ward: a visa, private insurance, a lawsuit.

"xin visa đi Hàn Quốc thăm con", "con gái ở Úc muốn bảo lãnh tôi sang", "bảo hiểm nhân thọ không chịu chi trả",
"muốn kiện ra tòa", "đang bị người ta kiện đòi nợ": on the blind sets' tuning parts the search answered them with
an entry that shares their words (marriage registration, a driving licence's health check, splitting a
household), as the NLU took them for service questions. The actions refuse them with the out-of-scope reply and a
person unless the search is sure (actions/not_ours.py). Narrow on purpose: a visa card pays fees, a criminal
record is asked "để gia hạn visa", people return "về nước định cư", scammers pose as lawyers and courts — the
knowledge base answers those, so only asking for a visa, being sponsored abroad, life or accident insurance and
suing or being sued count. Matched on the folded, teencode-expanded text (nlu.normalize.match_key). No Rasa import.
"""

from __future__ import annotations

import re

from nlu.normalize import match_key

_ELSEWHERE = re.compile(
    # a visa asked for ("xin visa", "làm visa du lịch", "lm hồ sơ visa", "xin via": a slip), being sponsored abroad
    r"\b(?:xin|lam|cap)(?: ho so| giay to)? (?:visa|vi sa|via|thi thuc)\b|\b(?:visa|thi thuc) (?:du lich|du hoc|di|sang|qua)\b"
    r"|\bbao lanh\b(?: \S+){0,3} (?:sang|qua)\b"
    # private insurance
    r"|\bnhan tho\b|\bbao hiem tai nan\b"
    # a lawsuit
    r"|\bra toa\b|\bkhoi kien\b|\bthang kien\b|\bkien (?:doi|ra)\b|\bbi kien\b"
)


def names_another_office(text: str) -> bool:
    """True if the message asks about a visa, private insurance or a lawsuit."""
    return _ELSEWHERE.search(match_key(text or "")) is not None
