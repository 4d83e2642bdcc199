"""What a follow-up asks about its topic — a fee, a time, a place, the papers… (an Aspect): how residents ask
it, how an answer's line says it, and how an entry's title is about it. Everything is matched on the
accent-folded, teencode-expanded text (nlu.normalize). Used by knowledge.topic to read follow-ups.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from knowledge.entries import Faq
from nlu.normalize import canonical, match_key


class Aspect(str, Enum):
    """What a follow-up asks about its topic."""

    FEE = "fee"
    TIME = "time"
    PLACE = "place"
    DOCUMENTS = "documents"
    ONLINE = "online"
    WHO = "who"
    LOST = "lost"
    EXPIRY = "expiry"
    FINE = "fine"
    DELIVERY = "delivery"
    SLIPPED = "slipped"  # "lỡ bấm vô link rồi", "lỡ cài rồi": what to do now
    ANONYMOUS = "anonymous"  # "có cần ghi tên không", "ngại lộ danh tính": reporting without a name
    CONTACT = "contact"  # "gọi số nào", "gọi ai": the number to call


def _phrases(text: str) -> tuple[str, ...]:
    """Phrases written as one "|"-separated string (tables of them read better that way)."""
    return tuple(text.split("|"))


# How residents ask about each aspect (folded). Word boundaries are added around each; the first cue of each
# aspect is also how an analogy asks it again ("còn hộ chiếu thì sao" after "làm trực tuyến được không").
CUES: dict[Aspect, tuple[str, ...]] = {
    Aspect.FEE: _phrases(
        "le phi|phi|bao nhieu tien|may tien|mat tien|ton tien|mat phi|ton phi|tra tien|tien|dong tien|nop tien|mien phi|ton kem"
    ),
    Aspect.TIME: _phrases(
        "bao lau|may ngay|bao nhieu ngay|khi nao co|khi nao|bao gio|thoi gian|lau khong|lau ko|may bua|may hom|mat bao lau|bao lau thi co|nhanh khong|may tuan|han chot|may gio|tre nhat|cham nhat|truoc may gio|thoi han"
    ),
    Aspect.PLACE: _phrases("o dau|cho nao|noi nao|di dau|den dau|lam o dau|nop o dau|nhan o dau|ra phuong|ra cong an|dia chi"),
    Aspect.DOCUMENTS: _phrases(
        "giay to|ho so|mang gi|mang theo|can gi|chuan bi gi|can nhung gi|can mang|giay to gi|thu tuc|chuan bi|dem theo|dem gi|giay gi|nhung giay"
    ),
    Aspect.ONLINE: _phrases("truc tuyen|dien thoai|online|tren mang|qua mang|o nha|tai nha|ung dung|tren vneid|may tinh"),
    # "làm hộ" (on someone's behalf), but not the start of "làm hộ chiếu", "hộ tịch", "hộ khẩu", "hộ nghèo"…: a
    # pattern, added beside the "|"-separated phrases (which it would split)
    Aspect.WHO: _phrases(
        "nguoi gia|nguoi lon tuoi|cao tuoi|tre em|con nho|em be|nguoi khac|lam dum|lam giup|uy quyen|nguoi than|con cai|ong ba|"
        "dung ra|ai lam|ai di|ai duoc|ai nop|di thay|lam thay|nop thay"
    )
    + (r"lam ho(?! (?:chieu|tich|khau|ngheo|kinh|so)\b)",),
    Aspect.LOST: _phrases("bi mat|mat thi|lam mat|that lac|danh roi|mat roi|bi lay cap|hu hong|bi hu"),
    Aspect.EXPIRY: _phrases("het han|qua han|tre han|den han|con han"),
    Aspect.FINE: _phrases("phat|bi phat|phat bao nhieu|xu phat|muc phat"),
    Aspect.DELIVERY: _phrases("gui ve|ve tan nha|tan nha|buu dien|nhan ket qua|lay ket qua|giao ve|tra ket qua|ship"),
    Aspect.SLIPPED: _phrases(
        "lo bam|lo cai|lo nhap|lo dua|lo chuyen|lo gui|lo doc|lo cung cap|lo tay|bam vo roi|bam vao roi|da bam vao|da cai roi"
    ),
    Aspect.ANONYMOUS: _phrases(
        "ghi ten khong|ghi ten ko|ghi ten tuoi|ghi ten that|de ten|noi ten|khai ten|lo ten|giau ten|an danh|danh tinh|ten that"
    ),
    # not "số điện thoại" alone: "số điện thoại cũ không còn xài thì sao" asks about the account's phone number
    Aspect.CONTACT: _phrases(
        "goi so nao|so nao|goi so may|so may|goi ai|goi cho ai|goi dau|goi di dau|duong day nong|hotline|so tong dai|"
        "tong dai nao|lien he ai|lien he so nao|so lien he|ban dem goi"
    ),
}
# How the bot names each aspect when it answers from part of an entry.
LABELS: dict[Aspect, str] = {
    Aspect.FEE: "lệ phí",
    Aspect.TIME: "thời gian",
    Aspect.PLACE: "nơi làm",
    Aspect.DOCUMENTS: "giấy tờ cần chuẩn bị",
    Aspect.ONLINE: "cách làm trên điện thoại, trực tuyến",
    Aspect.WHO: "trường hợp người khác, người già, trẻ em",
    Aspect.LOST: "trường hợp bị mất",
    Aspect.EXPIRY: "trường hợp hết hạn",
    Aspect.FINE: "mức phạt",
    Aspect.DELIVERY: "cách nhận kết quả",
    Aspect.SLIPPED: "việc cần làm khi lỡ bấm, lỡ cài, lỡ đưa mã",
    Aspect.ANONYMOUS: "việc ghi tên khi phản ánh",
    Aspect.CONTACT: "số điện thoại cần gọi",
}
# Words that mark an answer's line as saying this aspect (folded).
MARKERS: dict[Aspect, tuple[str, ...]] = {
    Aspect.FEE: _phrases("phi|dong|mien|000|tien"),
    Aspect.TIME: _phrases("ngay|gio|thang|tuan|phut|han"),
    Aspect.PLACE: _phrases("tai|den|mot cua|cong an|phuong|buu dien"),
    Aspect.DOCUMENTS: _phrases("giay|anh|ho so|mang theo|ban sao|to khai|can cuoc"),
    Aspect.ONLINE: _phrases("vneid|truc tuyen|online|dien thoai|ung dung|dich vu cong"),
    Aspect.WHO: _phrases("cao tuoi|tre|duoi|tuoi|uy quyen|nguoi than|giam ho|cha me"),
    Aspect.LOST: _phrases("bi mat|lam mat|mat the|that lac|cap lai"),
    Aspect.EXPIRY: _phrases("het han|qua han|doi|cap doi"),
    Aspect.FINE: _phrases("phat"),
    Aspect.DELIVERY: _phrases("buu dien|nhan ket qua|tra ket qua|gui ve|tan nha|tu den nhan"),
    Aspect.SLIPPED: _phrases("lo bam|lo cai|lo dua|lo nhap|da lo"),
    Aspect.ANONYMOUS: _phrases("an danh|giau ten|lo ten"),
    Aspect.CONTACT: _phrases("goi|duong day nong|hotline|tong dai"),
}
# Words that make an entry's title about the aspect (folded): the entry is then dedicated to it.
TITLE_MARKERS: dict[Aspect, tuple[str, ...]] = {
    Aspect.FEE: _phrases("le phi|phi|tien|mien phi"),
    Aspect.TIME: _phrases("thoi gian|bao lau|may ngay|thoi han"),
    Aspect.PLACE: _phrases("o dau|noi|dia chi"),
    Aspect.DOCUMENTS: _phrases("giay to|ho so|mang theo|chuan bi"),
    Aspect.ONLINE: _phrases("truc tuyen|online|vneid|dien thoai"),
    Aspect.WHO: _phrases("nguoi gia|cao tuoi|tre|uy quyen|ai duoc|ai co the|di thay|nhan thay"),
    Aspect.LOST: _phrases("mat|hong|cap lai"),
    Aspect.EXPIRY: _phrases("het han|qua han|doi"),
    Aspect.FINE: _phrases("phat"),
    Aspect.DELIVERY: _phrases("nhan ket qua|buu dien|tra ket qua"),
    Aspect.SLIPPED: _phrases("lo dua|lo bam|lo cai|lo nhap"),
    Aspect.ANONYMOUS: _phrases("an danh|giau ten"),
    Aspect.CONTACT: _phrases("tong dai|duong day nong|so dien thoai khan cap"),
}
# Aspects one entry answers for a whole field, whatever the topic within it was: what to do after a slip, after
# any scam or bank message; how to report without giving one's name, after any report. The field is the
# categories where the entry is looked for and where the aspect is read so.
FIELD_WIDE: dict[Aspect, tuple[str, ...]] = {
    Aspect.SLIPPED: ("lua-dao", "ngan-hang-vi-dien-tu"),
    Aspect.ANONYMOUS: ("phan-anh", "phuong"),
}
# Lines that answer a fee, a time or a fine must give it ("nộp lệ phí trực tuyến" says nothing of how much).
_MONEY = re.compile(
    r"\d[\d.,]*\s*(?:đồng|đ\b|nghìn|ngàn|triệu)|miễn (?:lệ )?phí|không (?:mất|tốn|thu) (?:lệ )?phí|không tốn", re.IGNORECASE
)
_DURATION = re.compile(
    r"(?:\d+|\b(?:một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|mốt|vài|nửa))\s*(?:ngày|giờ|tháng|tuần|phút|năm)\b"
    r"|trong ngày|ngay lập tức|ngay khi",
    re.IGNORECASE,
)
# A fee no figure can be given for, said with where the resident sees it ("lệ phí hiện trên cổng khi thanh toán",
# "theo số tiền cổng hiển thị"): that is the answer to "lệ phí bao nhiêu" the content can give.
_FEE_SHOWN = re.compile(r"phí[^.;]*(?:hiện|hiển thị)|(?:hiện|hiển thị)[^.;]*phí|số tiền[^.;]*(?:hiện|hiển thị)", re.IGNORECASE)
# A line that says where names a place in its accented words: folded, "tai" is also "tài khoản" and "den" is
# "đến mốc tuổi" or "đèn", so «dùng đến mốc kế tiếp» answered "làm ở đâu".
_PLACE_SAID = re.compile(
    r"\btại\b|một cửa|công an|\bphường\b|bưu điện|ủy ban|\bUBND\b|trụ sở|chi nhánh|\bđến (?:bộ phận|cơ quan|điểm|nơi|văn phòng|trung tâm)",
    re.IGNORECASE,
)
# What a line must itself give, read in its accented words, to answer the aspect: an amount, a duration, a number
# to call, a place (its folded markers alone are not enough).
_STATED = {
    Aspect.PLACE: _PLACE_SAID,
    Aspect.FEE: re.compile(f"{_MONEY.pattern}|{_FEE_SHOWN.pattern}", re.IGNORECASE),
    Aspect.FINE: _MONEY,
    Aspect.TIME: _DURATION,
    Aspect.CONTACT: re.compile(r"(?<![\d.,])\d{3,5}(?![\d.,])"),  # a number to call (1022, 113), not an amount
}
_TITLE = {aspect: re.compile(r"\b(?:" + "|".join(markers) + r")\b") for aspect, markers in TITLE_MARKERS.items()}
_MARKER = {aspect: re.compile(r"\b(?:" + "|".join(markers) + r")\b") for aspect, markers in MARKERS.items()}
CUE_PATTERNS = {
    aspect: re.compile(r"\b(?:" + "|".join(sorted(cues, key=len, reverse=True)) + r")\b") for aspect, cues in CUES.items()
}


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """The folded, teencode-expanded, canonical form every rule here reads."""
    return match_key(canonical(text or ""))


def aspects_of(text: str) -> list[Aspect]:
    """The aspects a message asks about, in the order of the table ("nhận kết quả ở đâu" asks how the result
    comes, not where the office is)."""
    folded = key(text)
    found = [aspect for aspect, cue in CUE_PATTERNS.items() if cue.search(folded)]
    return [a for a in found if not (a is Aspect.PLACE and Aspect.DELIVERY in found)]


# An aspect asked outright, not named in passing: the cost ("có mất tiền không", "lệ phí bao nhiêu", "tốn
# nhiêu tiền"; not "ngân hàng vẫn rút tiền được chứ", nor "tra tiến độ") and the time it takes ("bao lâu thì có", "mấy ngày",
# "lấy liền được không"; not a deadline, "hạn chót", which an answer may give without a number). Enough to
# tell a resident that an answer does not say it.
_ASKED_OUTRIGHT: dict[Aspect, re.Pattern[str]] = {
    Aspect.FEE: re.compile(r"\b(?:le phi|phi|mat tien|ton tien|nhieu tien|may tien|tra tien(?! do)|mien phi|ton kem)\b"),
    Aspect.TIME: re.compile(
        r"\b(?:bao lau|may ngay|bao nhieu ngay|may bua|may hom|may tuan|bao nhieu tuan|(?:khi nao|bao gio) thi co"
        r"|lay lien|lay ngay|co lien)\b"
    ),
}


def asks_outright(text: str, aspect: Aspect) -> bool:
    """True if a message asks outright about an aspect that can be asked so (a cost, a time)."""
    pattern = _ASKED_OUTRIGHT.get(aspect)
    return pattern is not None and pattern.search(key(text)) is not None


# A processing time asked ("mấy bữa thì xong", "bao lâu thì có kết quả", "mất bao nhiêu ngày"), not how long
# something lasts or must last ("ở bao lâu thì phải đăng ký" is a rule of its own); and a title about it
# («Bao lâu thì có hộ chiếu»), not about a deadline or a validity («Thời hạn đăng ký khai tử», «Bản sao có
# chứng thực dùng được bao lâu»), which does not say how long the office takes.
_PROCESSING = re.compile(r"\b(?:xong|co ket qua|thi co|nhan duoc|mat bao lau|giai quyet|lau khong|lau ko|bao lau thi co)\b")
# Asked outright in a first message: the time cue itself says it is the office's time ("bao lâu thì có",
# "mất mấy ngày", "mấy ngày mới xong"); "sinh con xong bao lâu phải đăng ký" asks a deadline.
_PROCESSING_ASKED = re.compile(
    r"\b(?:bao lau|may ngay|bao nhieu ngay|may bua|may tuan)(?:\s+\w+){0,2}?\s+(?:co|xong|nhan|ket qua|duyet)\b"
    r"|\bmat (?:bao lau|may ngay|bao nhieu ngay|may tuan)\b|\bthoi gian giai quyet\b"
)
_PROCESSING_TITLE = re.compile(r"\bbao lau (?:thi )?co\b|\bthoi gian giai quyet\b|\bco ket qua\b")
# A title about a fee says "phí" ("Lệ phí…", "miễn phí"): "nhận tiền an sinh" is no fee.
_FEE_TITLE = re.compile(r"\bphi\b")


# A title about how long something takes or lasts («Bao lâu thì có hộ chiếu», «Bản sao có chứng thực dùng được bao
# lâu»): wider than a processing time's, and not «Hồ sơ quá ngày hẹn mà chưa có kết quả», about an office that is late.
_HOW_LONG_TITLE = re.compile(r"\b(?:bao lau|thoi gian giai quyet)\b")


def about_how_long(entry: Faq) -> bool:
    """True if an entry's title is about how long something takes or lasts (knowledge.reading puts it behind when
    the message asks no time)."""
    return _HOW_LONG_TITLE.search(key(entry.title)) is not None


def asks_processing(text: str) -> bool:
    """True if a message asks how long the office takes."""
    folded = key(text)
    return bool(_PROCESSING.search(folded) or _PROCESSING_ASKED.search(folded))


def dedicated_aspect(text: str) -> Aspect | None:
    """The aspect a message asks outright that an entry of its own may answer: a processing time or a fee."""
    if _PROCESSING_ASKED.search(key(text)):
        return Aspect.TIME
    return Aspect.FEE if asks_outright(text, Aspect.FEE) else None


def dedicated_to(entry: Faq, aspect: Aspect) -> bool:
    """True if an entry's title is about the aspect: a processing time, a fee ("phí")."""
    title = key(entry.title)
    if aspect is Aspect.FEE:
        return _FEE_TITLE.search(title) is not None
    if aspect is Aspect.TIME:
        return _PROCESSING_TITLE.search(title) is not None
    return about(entry, (aspect,))


def another_time(entry: Faq, text: str) -> bool:
    """True if the message asks how long the office takes and the entry is about another time (a deadline, how
    long something stays valid): it cannot answer that."""
    return asks_processing(text) and about(entry, (Aspect.TIME,)) and not dedicated_to(entry, Aspect.TIME)


def about_as_asked(entry: Faq, aspects: tuple[Aspect, ...], text: str) -> bool:
    """`about`, where a time asked as the office's time ("mất bao nhiêu ngày") is only a processing time's."""
    if Aspect.TIME not in aspects or not asks_processing(text):
        return about(entry, aspects)
    others = tuple(a for a in aspects if a is not Aspect.TIME)
    return dedicated_to(entry, Aspect.TIME) or (bool(others) and about(entry, others))


def about(entry: Faq, aspects: tuple[Aspect, ...]) -> bool:
    """True if an entry is dedicated to one of the aspects: its title says it."""
    title = key(entry.title)
    return any(_TITLE[a].search(title) for a in aspects)


def answer_lines(entry: Faq, aspects: tuple[Aspect, ...]) -> tuple[str, ...]:
    """The lines of an entry's answer that say the aspects (a fee, a time…), in order."""
    kept = []
    for line in entry.full_text().splitlines():
        folded = key(line)
        if line.strip() and any(_MARKER[a].search(folded) and (a not in _STATED or _STATED[a].search(line)) for a in aspects):
            kept.append(line.strip())
    return tuple(kept[:4])
