"""Dangers told by a situation, not a word: signs that are everyday words alone and a danger together.

Water coming into a house is a report for the ward, and a grandmother who cannot walk is a question about
her pension; water rising in the room where she lies bedridden is a rescue. A child who "has not come
back" may be late from school; not seen since the afternoon and searched for, it is a missing child. Each
situation is a set of sign lists, and a message is one when it holds a phrase of every list (matched, as
nlu.danger's phrases, on the folded, teencode-expanded text). Every list was checked against the blind sets'
tuning halves, the FAQ phrasings and the NLU examples for messages that are no emergency.
"""

from __future__ import annotations

import re
from enum import Enum

from nlu.normalize import match_key
from nlu.phrases import phrase_pattern


class Situation(str, Enum):
    """A dangerous situation nlu.danger recognises by its signs together."""

    TRAPPED_BY_WATER = "trapped by water"
    CHILD_MISSING = "child missing"
    FUMES = "fumes"
    FAREWELL = "farewell"
    LAST_WORDS = "last words"


# water coming into a home or rising around the body ("nước tới thắt lưng": misspelt "thắc" folds alike)
_WATER_RISING = (
    "nuoc tran vo",
    "nuoc tran vao",
    "tran vo nha",
    "tran vao nha",
    "ngap vo nha",
    "ngap vao nha",
    "nuoc dang len",
    "nuoc van dang len",
    "nuoc len nhanh",
    "nuoc len qua",
    "toi lung",
    "toi that lung",
    "toi thac lung",
    "ngang lung",
    "ngang that lung",
    "toi nguc",
    "ngang nguc",
    "ngap dau",
)
# someone who cannot get away by themselves
_CANNOT_LEAVE = (
    "liet",
    "bai liet",
    "nam liet",
    "liet giuong",
    "nam mot cho",
    "khong di duoc",
    "khong di lai duoc",
    "khong tu di",
    "khong tu di duoc",
    "xe lan",
    "khong ra duoc",
    "khong chay duoc",
)
# a child, or a person who cannot find their way home
_CHILD = (
    "con be",
    "be nha",
    "thang nho",
    "thang be",
    "con nho",
    "dua nho",
    "dua be",
    "chau be",
    "be gai",
    "be trai",
    "con toi",
    "con gai toi",
    "con trai toi",
    "chau toi",
    "chau noi",
    "chau ngoai",
)
# gone: not come back, nowhere to be seen
_GONE = (
    "khong thay ve",
    "chua thay ve",
    "mat tit",
    "mat tich",
    "khong thay dau",
    "khong thay no",
    "khong thay tam hoi",
    "bien dau mat",
    "di dau mat",
    "khong lien lac duoc",
)
# for a while now: "từ chiều", "từ hồi nãy tới giờ" (a lost card is lost since a date, not since the afternoon)
_SINCE = (
    "tu chieu",
    "tu sang",
    "tu trua",
    "tu toi qua",
    "tu hom qua",
    "tu hoi nay",
    "may tieng",
    "toi gio",
    "den gio",
    "ca buoi",
)

# things that go missing too: a message naming one is about the thing ("giấy khai sinh của con tôi từ sáng tới
# giờ tìm không thấy đâu")
_THINGS = (  # not "thẻ", "sổ", "bằng", "ví" alone: "có thể", "gọi số nào", "bằng", "vì" fold alike
    "giay",
    "the can cuoc",
    "the bao hiem",
    "the bhyt",
    "the ngan hang",
    "the atm",
    "can cuoc",
    "cccd",
    "cmnd",
    "ho so",
    "so ho khau",
    "so do",
    "so hong",
    "bang lai",
    "cai vi",
    "bop tien",
    "tai khoan",
    "mat khau",
)

# gas or a charcoal stove in a closed room (session 26, the fifteenth set's tuning half: "ko bít có phải gas ko mà
# nghe mùi hôi hôi, mẹ e mới bị chóng mặt ói r"; "cửa khóa trong… ông nằm dưới sàn, bên cạnh là cái bếp than")
_FUMES = ("gas", "khi ga", "bep ga", "binh ga", "bep than", "than to", "lo than")
# and someone it is harming (not "ói" alone: "ơi" folds alike; not "chóng mặt" alone: prices rise "chóng mặt")
_HARMED = (
    "bi chong mat",
    "buon non",
    "nhuc dau",
    "oi mua",
    "xiu",
    "ngat",
    "lo mo",
    "nam duoi san",
    "nam tren san",
    "dau dau chong mat",  # session 27: "cả nhà đau đầu chóng mặt … phòng đóng kín có cái bếp than"
    "nam li",
    "khong ai thua",
    "khong tra loi",
)
# a farewell, and nobody answering ("nhắn tạm biệt mọi người… gọi ko bắt máy", "con xin lỗi mẹ, con đi trước… gõ
# cửa nó không trả lời")
_FAREWELL = ("tam biet", "vinh biet", "xin loi me", "xin loi ba", "di truoc", "khong muon song")
_UNREACHABLE = (
    "khong tra loi",
    "khong bat may",
    "khong nghe may",
    "goi khong duoc",
    "khoa cua",
    "tren cau",
    "tren san thuong",
)

# the resident's own last words (session 27, the sixteenth set's tuning half: "Tôi mệt lắm rồi, không muốn làm phiền
# ai nữa… Chắc đây là lần cuối tôi nhắn"): not wanting to be a burden any more, and a goodbye. Not "không muốn làm
# phiền" alone: residents apologise so for asking again
_NO_BURDEN = ("khong muon lam phien ai nua", "khong muon lam ganh nang", "la ganh nang cho")
_GOODBYE = ("lan cuoi", "tam biet", "vinh biet", "loi cuoi")

_SIGNS: dict[Situation, tuple[re.Pattern[str], ...]] = {
    Situation.FUMES: (phrase_pattern(_FUMES), phrase_pattern(_HARMED)),
    Situation.FAREWELL: (phrase_pattern(_FAREWELL), phrase_pattern(_UNREACHABLE)),
    Situation.LAST_WORDS: (phrase_pattern(_NO_BURDEN), phrase_pattern(_GOODBYE)),
    Situation.TRAPPED_BY_WATER: (phrase_pattern(_WATER_RISING), phrase_pattern(_CANNOT_LEAVE)),
    Situation.CHILD_MISSING: (phrase_pattern(_CHILD), phrase_pattern(_GONE), phrase_pattern(_SINCE)),
}
_UNLESS: dict[Situation, re.Pattern[str]] = {Situation.CHILD_MISSING: phrase_pattern(_THINGS)}


def dangerous_situation(text: str) -> Situation | None:
    """The situation a message tells of, or None."""
    return situation_in(match_key(text or ""))


def situation_in(reading: str) -> Situation | None:
    """The situation a message's match key (nlu.normalize.match_key: nlu.danger has it already) tells of, or None."""
    for situation, signs in _SIGNS.items():
        unless = _UNLESS.get(situation)
        if all(sign.search(reading) for sign in signs) and not (unless and unless.search(reading)):
            return situation
    return None
