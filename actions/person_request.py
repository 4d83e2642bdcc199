"""Spots a service question that also asks for a person to help ("có bạn nào qua nhà chỉ bác … không").

The NLU reads such a message as a question (its words are mostly about the service), so the
question is answered; this cue decides whether a volunteer should also take the conversation.
It is deliberately narrow: someone indefinite ("có ai", "có bạn trẻ nào", "có cô chú nào")
who would come over to, call, show or help the speaker themself ("qua nhà bác", "chỉ bác",
"hướng dẫn tôi").
"Có tình nguyện viên dạy không" (does the class have volunteers?) names no one to help, so it
stays a question. Matched on the accent-folded, teencode-expanded text, so unaccented and
teencode messages match too.
"""

from __future__ import annotations

import re

from nlu.normalize import match_key

# Someone not yet known to the resident, as residents name them ("có đứa nào": Southern elders of the young); asked
# for as "có ai" or "có <someone> nào" ("có người gọi cho tôi" without "nào" is a report, not a request).
_SOMEONE = (
    r"(?:ai|nguoi|ban|ban tre|cac ban|may ban|co chu|chu|co|anh|chi|anh chi|cac anh chi|can bo|nhan vien|dua|"
    r"tinh nguyen vien|tu van vien|doan vien|thanh nien|sinh vien|em|chau|cac chau)"
)
# What the someone would do for the speaker: come over, call, show or help.
_COME = r"(?:qua|den|toi|ghe|xuong) nha"
_CALL = r"goi(?: dien)? lai(?: cho)?"  # "gọi cho tôi" alone is how scam calls are reported
# "làm cùng tôi", "ngồi cùng tôi": beside the speaker, doing it together
_HELP = r"(?:chi|chi giup|chi dum|chi ho|huong dan|huong dan giup|giup|giup do|ho tro|lam giup|lam dum|lam ho|cam tay chi|day|lam cung|lam chung|ngoi cung|ngoi lam cung)"
_ME = r"(?:bac|toi|tui|em|minh|chau|con|ong|ba|co|chu|me|gia dinh toi)"

_PATTERN = re.compile(rf"\bco (?:ai|{_SOMEONE}(?: \w+){{0,2}}? nao)(?: \w+){{0,5}}? (?:{_COME}|{_CALL}|{_HELP}) {_ME}\b")


# "Có ai làm giùm không", "nhờ ai chỉ dùm": someone asked to do or show it *for* the speaker (giùm, dùm, hộ),
# which "có ai chỉ cách …" (does anyone know how) is not.
_FOR_ME = re.compile(
    r"(?:^ai|\b(?:co ai|nho ai|co nguoi nao|co ban nao))(?: \w+){0,2}? (?:lam|chi|huong dan|lam thu tuc|nop)(?: \w+){0,2}? (?:giup|ho)\b"
    r"(?! chieu| tich| khau| ngheo| kinh| so| gia dinh| ten)"
)  # hộ chiếu, hộ tịch…: "hộ" as a noun; a message opening on "ai …" asks it too ("ai đi làm hồ sơ giùm bà dc ko")


# "Nối máy em với nhân viên", "kêu người thiệt ra nói chuyện": to be put through, or to talk to a real person,
# asked for as such ("ảnh chụp người thật" is a photo, "người thật việc thật" a set phrase).
_PUT_THROUGH = re.compile(r"\bnoi may\b|\b(?:noi chuyen|gap|goi|keu|can|muon)\b(?: \w+){0,2}? nguoi that\b(?! viec)")


def asks_for_a_person(text: str) -> bool:
    """True if the message asks whether someone could come, call, or help the speaker, or to be put through."""
    key = match_key(text or "")
    return any(pattern.search(key) is not None for pattern in (_PATTERN, _FOR_ME, _PUT_THROUGH))
