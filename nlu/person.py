"""How residents name a person to talk to, and how they ask for one: the one vocabulary the handover, the
follow-up reader and the gateway's outage path read, from the loosest reading to the narrowest.

- `names_someone`: the message names someone at all ("người giải thích giùm", "nhân viên", "ai đó"). Asked for a
  person in such words, a person it is, even where the words also ask to hear the answer again.
- `mentions_a_person`: it speaks of reaching someone ("có ai", "gặp người", "cán bộ"): not a follow-up on the
  topic nor a request to hear the answer again; the handover reads it.
- `asks_for_a_person`: a service question that also asks someone to come, call or help the speaker ("có bạn
  nào qua nhà chỉ bác … không"), or to be put through: a volunteer also takes the conversation.
- `asks_to_meet_a_person`: said outright ("gặp cán bộ", "chuyển cho người thật"): the gateway hands over at
  once, without the bot, so it works while Rasa is down.

Each reads the accent-folded, teencode-expanded text, so unaccented and teencode messages match too.
"""

from __future__ import annotations

import re

from nlu.normalize import canonical, match_key, nfc

# Staff and volunteers as residents name them.
_STAFF = r"nhan vien|can bo|tinh nguyen vien"

# Not "ad" (admin): residents call the bot so ("nói lại dễ hiểu hơn đi ad").
_SOMEONE_NAMED = re.compile(rf"\b(?:nguoi|ai|{_STAFF})\b")
# Reaching someone ("bác làm không được, có ai chỉ giùm không").
_REACHING = re.compile(rf"\b(?:co ai|nho ai|nguoi that|gap nguoi|nguoi ho tro|{_STAFF})\b")

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
_HELP = (
    r"(?:chi|chi giup|chi dum|chi ho|huong dan|huong dan giup|giup|giup do|ho tro|lam giup|lam dum|lam ho|cam tay chi|"
    r"day|lam cung|lam chung|ngoi cung|ngoi lam cung)"
)
_ME = r"(?:bac|toi|tui|em|minh|chau|con|ong|ba|co|chu|me|gia dinh toi)"
# "… hỗ trợ trực tiếp cho tôi": in person, for the speaker
_COME_CALL_HELP = re.compile(
    rf"\bco (?:ai|{_SOMEONE}(?: \w+){{0,3}}? nao)(?: \w+){{0,5}}? (?:{_COME}|{_CALL}|{_HELP})(?: truc tiep(?: cho)?)? {_ME}\b"
)
# "Có ai làm giùm không", "nhờ ai chỉ dùm": someone asked to do or show it *for* the speaker (giùm, dùm, hộ),
# which "có ai chỉ cách …" (does anyone know how) is not.
_FOR_ME = re.compile(
    r"(?:^ai|\b(?:co ai|nho ai|co nguoi nao|co ban nao))(?: \w+){0,2}? (?:lam|chi|huong dan|lam thu tuc|nop)(?: \w+){0,2}? (?:giup|ho)\b"
    r"(?! chieu| tich| khau| ngheo| kinh| so| gia dinh| ten)"
)  # hộ chiếu, hộ tịch…: "hộ" as a noun; a message opening on "ai …" asks it too ("ai đi làm hồ sơ giùm bà dc ko")
# "Nối máy em với nhân viên", "kêu người thiệt ra nói chuyện": to be put through, or to talk to a real person,
# asked for as such ("ảnh chụp người thật" is a photo, "người thật việc thật" a set phrase).
_PUT_THROUGH = re.compile(
    r"\bnoi may\b|\b(?:noi chuyen|gap|goi|keu|can|muon)\b(?: \w+){0,2}? nguoi that\b(?! viec)"
    # "nói chuyện với một người xem được hồ sơ của tôi"
    r"|\bnoi chuyen (?:voi|vs) (?:mot|1) (?:nguoi|nhan vien|can bo)\b"
    # "ai có thể gọi cho tôi?", "muốn có người gọi điện trao đổi": a call asked for, not one reported
    rf"|\b(?:ai|nguoi nao) co the (?:goi|goi dien|lien lac)(?: thoai)?(?: lai)?(?: cho| voi)? {_ME}\b"
    r"|\bmuon co nguoi goi\b"
    # "chuyển ng giúp e đi" (put me through to someone), "sắp xếp một cán bộ gọi điện cho tôi" (a call arranged),
    # "…bị báo lỗi cả tuần. Xin cho tôi gặp trực tiếp một cán bộ" (session 27, the sixteenth set's tuning half)
    r"|\bchuyen (?:cho |sang |qua )?nguoi (?:giup|gium|dum|ho tro|di)\b"
    rf"|\bcho {_ME} gap(?: truc tiep)?(?: mot| 1)? (?:{_STAFF}|nguoi)\b"
    # "biểu ai đó ra đây nói với tui" (someone called out to talk), "hổng nói chuyện với cái máy nữa"
    r"|\b(?:bieu|keu) (?:ai|nguoi)(?: do| nao)? ra (?:day|noi)\b|\bkhong (?:muon )?noi chuyen voi (?:cai )?may nua\b"
    rf"|\b(?:sap xep|bo tri)(?: \w+){{0,2}}? (?:{_STAFF}|nguoi)(?: \w+){{0,2}}? goi(?: dien)?(?: lai)? cho {_ME}\b"
)
# Whether a real person is there ("có ai thật không z", "có ai là người thật đang trực không", "có ai ngồi đó thiệt
# hông hay toàn là máy"): asked by someone who wants one — not "bạn là người hay máy?" alone, a question for the bot.
_ANYONE_THERE = re.compile(
    r"\bco (?:ai|nguoi)\b(?: \w+){0,4}? (?:that|thiet|dang truc|truc|ngoi do)\b"
    r"|\b(?:keu|goi) (?:nguoi|ai) (?:nao )?(?:that|thiet)\b"
)

# Outright ("gặp người", "gặp cán bộ", "chuyển cho người thật", "nói chuyện với người", "người hỗ trợ", "không
# muốn nói chuyện với máy"). Narrow on purpose: "gọi số nào", "chuyển tiền cho người lạ", "là người thật hay máy"
# are questions for the bot.
_PEOPLE = rf"(nguoi|{_STAFF}|tu van vien|tong dai vien|admin)"
_OUTRIGHT = re.compile(
    rf"\bgap\b(?: \w+){{0,3}} {_PEOPLE}\b"
    rf"|\b(chuyen|ket noi|noi may)\b(?: (sang|cho|voi|gap|den|toi))? (nguoi that|{_STAFF}|tu van vien)\b"
    r"|\bnoi chuyen (voi|vs) (nguoi|nhan vien|can bo)\b|\bnguoi ho tro\b|\bkhong muon noi chuyen voi may\b"
)


def _folded(text: str) -> str:
    return match_key(canonical(text or ""))


def names_someone(text: str) -> bool:
    """True if a message names someone to talk to, however else it reads."""
    return _SOMEONE_NAMED.search(_folded(text)) is not None


def mentions_a_person(text: str) -> bool:
    """True if a message speaks of reaching someone ("có ai chỉ giùm không", "gặp người hỗ trợ")."""
    return _REACHING.search(_folded(text)) is not None


def asks_for_a_person(text: str) -> bool:
    """True if the message asks whether someone could come, call, or help the speaker, to be put through, or
    whether a real person is there."""
    key = match_key(text or "")
    return any(pattern.search(key) is not None for pattern in (_COME_CALL_HELP, _FOR_ME, _PUT_THROUGH, _ANYONE_THERE))


def asks_to_meet_a_person(text: str) -> bool:
    """True if the message asks outright to meet or be put through to a person."""
    # "gấp" (urgent) folds to "gap" as "gặp" (meet) does: told apart while the accents are there
    return _OUTRIGHT.search(match_key(nfc(text).lower().replace("gấp", "khẩn"))) is not None
