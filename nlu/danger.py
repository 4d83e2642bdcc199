"""Words that say someone is in danger now: the emergency's safety net around the intent classifier.

Two lists, both matched on the folded, teencode-expanded text (nlu.normalize.match_key):
  - `present_danger`: phrases that say a life is at risk right now ("cầm dao", "bất tỉnh", "rò rỉ gas").
    A long story hides them from a bag-of-words classifier ("…say rượu, giờ đang cầm dao đuổi vợ con…"
    was read as not understood): where the classifier was not sure of a service question, they make
    the message an emergency.
  - `any_danger`: a broad list of words an emergency can hardly be told without. A message the
    classifier calls an emergency with none of them, sent in the middle of a topic ("Mẹ tôi 80 tuổi ở nhà
    thì sao?" after the pension's answer), may be read as a follow-up instead. Broad on purpose: a word
    too many only keeps the emergency numbers, which cost nothing when not needed.
No Rasa import: the gateway's tests and the Rasa component (rasa_addons.nlu.emergency) read the same lists.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlu.normalize import fold, has_diacritics, match_key, nfc, normalize
from nlu.phrases import phrase_pattern

# Said of something happening now; each phrase is specific enough not to occur in a service question.
PRESENT_DANGER = (
    "cam dao",
    "cam dao chem",
    "cam gay",
    "cam sung",
    "dam chem",
    "dam nguoi",
    "bi dam",
    "chem nguoi",
    "bi chem",
    "danh nhau",
    "dang danh",
    "danh vo",
    "danh chong",
    "danh dap",
    "bao hanh",
    "doa giet",
    "doi giet",
    "cuu voi",
    "cuu toi",
    "cuu cuu",
    "cuu giup",
    "cuu nguoi",
    "bat tinh",
    "ngat xiu",
    "te xiu",
    "xiu roi",
    "khong tinh",
    "kho tho",
    "khong tho",
    "ngung tho",
    "dot quy",
    "co giat",
    "tim tai",
    "chay mau",
    "mat mau",
    "hap hoi",
    "dang chay",
    "boc chay",
    "chay nha",
    "chay lon o",
    "chay lon qua",
    "chay lon lam",
    "boc khoi",
    "khoi mu",
    "phat no",
    "no binh",
    "ro ri gas",
    "ro ri khi ga",
    "ro khi ga",
    "mui gas",
    "mui ga",
    "xi ga",
    "xi gas",
    "duoi nuoc",
    "chet duoi",
    "mac ket",
    "bi ket",
    "ket trong",
    "ket tren",
    "dien giat",
    "bi giat",
    "bat coc",
    "mat tich",
    "di lac",
    "bi lac",
    "nhay cau",
    "nhay lau",
    "treo co",
    "tu sat",
    "cay cua",
    "pha cua",
    "dang treo rao",
    "trom dang",
    "cuop dang",
    "dang cuop",
    "tong nguoi",
    "dung nguoi",
    "de trung nguoi",
    "de len nguoi",
    "nam bat dong",
    "xe can",
    "bi can",
    "ma tau",
    "ruot chem",
    "meo mieng",
    "uong nham",
    "roi xuong ho",
    "roi xuong ao",
    "roi xuong song",
    "te xuong ao",
    "te xuong song",
    # "rớt" is how Southern speech says "rơi" (fall); canals (kênh, rạch) run through the city. Not «rớt xuống
    # nước» (a phone falls into water too) nor «gọi cứu hộ» (a broken-down car): the broad list keeps those
    "roi xuong kenh",
    "roi xuong rach",
    "roi xuong gieng",
    "rot xuong song",
    "rot xuong kenh",
    "rot xuong rach",
    "rot xuong ao",
    "rot xuong ho",
    "rot xuong gieng",
    "te xuong kenh",
    "te xuong rach",
    "te xuong ho",
    "nhay song",
    "khong ngoi len",
    "khoa trai",
    "bi nhot",
    "khong che",
    "toe lua",
    "lua bung",
    "khong cu dong",
    # someone collapsing in front of the resident ("ông cụ vừa ngã gục, thở rất yếu")
    "nga guc",
    "guc xuong",
    "tho yeu",
    "tho rat yeu",
    "thoi thop",
    "tim ngung dap",  # the heart; not "ngừng đáp ứng", an app that stopped responding
    "dap dau",
    # a snatch theft just now ("vừa bị 2 thằng chạy xe giật đt, tụi nó chạy hướng chợ"): the police can still
    # act. Not "điện thoại bị cướp giật rồi, khóa ngân hàng sao", a question about what to lock
    "giat dien thoai",
    "giat di dong",
    "giat tui",
    "giat bop",
    "giat day chuyen",
    "vua bi giat",
    "vua bi cuop",
    "moi bi giat",
    "moi bi cuop",
    # "giựt" is how Southern speech says "giật"
    "giut dien thoai",
    "giut di dong",
    "giut tui",
    "giut bop",
    "giut day chuyen",
    "vua bi giut",
    "moi bi giut",
    # session 22, from the tenth blind set's tuning half: signs of what is happening rather than its name.
    # A stroke: the face and speech ("miệng méo xệch, nói hổng ra tiếng")
    "meo xech",
    "meo se",
    "noi ngong",
    "noi khong ra tieng",
    "khong nhac len duoc",
    # someone who does not respond ("kêu hoài hổng dậy", "nằm co quắp, không mở mắt", "nằm đơ ra")
    "khong nhuc nhich",
    "khong nhut nhit",
    "keu khong day",
    "keu hoai khong day",
    "goi khong day",
    "lay khong day",
    "khong mo mat",
    "nam co quap",
    "nam do ra",
    "dau nguc du doi",
    "dau that nguc",
    # choking, something swallowed, a face turning blue
    "bi nghen",
    "nghen mieng",
    "nghen do an",
    "hoc xuong",
    "nuot dong xu",
    "nuot vien pin",
    "nuot pin",
    "mat tim",
    "tho khong duoc",
    # poison swallowed
    "sui bot",
    "soi bot",
    "bot mep",
    "thuoc tru sau",
    "thuoc chuot",
    "thuoc ngu",
    # wanting to die ("muốn chết" alone is also "mệt muốn chết", tired to death)
    "khong muon song",
    "muon chet cho xong",
    "doi nhay",
    "noi no nhay",
    "tu tu",
    # drowning ("bị chìm mất", "chới với giữa dòng")
    "bi chim",
    "chim mat",
    "choi voi",
    # knives drawn, blood
    "dam nhau",
    "chem nhau",
    "rut dao",
    "ke dao",
    "mau me",
    "be bet mau",
    "keu cuu",
    # crushed or trapped under something that fell
    "bi de",
    "de ben duoi",
    "de len hai",
    "sap tuong",
    "gian giao do",
    # fire starting: sparks, flames rising, burning smell, the alarm
    "xet lua",
    "bung lua",
    "lua len",
    "chay len roi",
    "mui khet",
    "chuong bao chay",
    "chuong bao keu",
    "lep bep",
    # electrocution as Southern speech says it
    "dien giut",
    # a theft going on now
    "dang giat",
    "giang co",
    "dap cua",
)
# Folded phrases that are also everyday words once their accents are gone: typed with accents, only the
# dangerous reading counts ("không tính đi làm lại" is no "không tỉnh", "bảo hành" no "bạo hành",
# "app đang chạy" no "đang cháy"); typed without, the folded phrase still does (safety first).
ACCENTED_ONLY = {
    "khong tinh": ("không tỉnh",),
    "bao hanh": ("bạo hành",),
    "dam nguoi": ("đâm người",),
    "chay mau": ("chảy máu",),
    "mat mau": ("mất máu",),
    "dang chay": ("đang cháy",),
    "bi can": ("bị cán",),
    "xe can": ("xe cán",),
    "khong che": ("khống chế",),
    "tho yeu": ("thở yếu",),  # "thơ yêu" (a love poem) folds alike
    "tho rat yeu": ("thở rất yếu",),
    "dang danh": ("đang đánh",),
    "bi nghen": ("bị nghẹn",),  # "bị nghẽn", a congested line
    "mat tim": ("mặt tím",),  # "mất tim"
    "lua len": ("lửa lên",),  # "lừa lên", "lựa lên"
    "bi de": ("bị đè",),  # "bị dễ"
    "bi chim": ("bị chìm",),
    "dang giat": ("đang giật",),  # "đang giặt", washing
    "tu tu": ("tự tử", "tự tữ"),  # "đổi từ tự đi lấy"
    "dam nhau": ("đâm nhau",),  # "đám nhậu", a drinking party
    "ke dao": ("kề dao",),
    "mau me": ("máu me",),  # "màu mè", showy
    "doi nhay": ("đòi nhảy",),  # "đội nhảy", a dance group
    "choi voi": ("chới với",),  # "chơi với", to play with
    "chay len roi": ("cháy lên rồi",),  # "chạy lên rồi", ran up
    "de ben duoi": ("đè bên dưới",),  # "để bên dưới", put below
    "meo se": ("méo sệ", "méo xệ"),
    # the broad list's words: "lừa đảo" folds to "lua dao" (fire, knife), "biểu mẫu" to "mau" (blood),
    # "sắp" (about to) to "sap" (collapse), "dưới" (under) to "duoi" (drowning), "chạy" (run) to "chay"
    "lua": ("lửa",),
    "dao": ("dao",),
    "chay": ("cháy",),
    "danh": ("đánh",),
    "dam": ("đâm",),
    "mau": ("máu",),
    "sap": ("sập",),
    "duoi": ("đuối",),
    "khoi": ("khói",),
    "lac": ("lạc",),
    "ngat": ("ngất",),
    "soc": ("sốc",),
    "cuu": ("cứu",),
    "nhot": ("nhốt",),
    "sung": ("súng",),
    # "giặt" (wash) folds to "giat" too
    "giat tui": ("giật túi",),
    "giat bop": ("giật bóp",),
}
# Phrases of the lists that one accented spelling makes harmless, whatever else was typed: "từ từ" (slowly: "con
# nói từ từ giùm tui") folds to "tu tu" (suicide), which a misspelt "tự tữ" must still be.
HARMLESS_FORMS = {"tu tu": ("từ từ",)}
# Any of these lets a message stay an emergency however it was classified (deliberately broad).
ANY_DANGER = PRESENT_DANGER + (
    "cuu",
    "cap cuu",
    "chay",
    "khoi",
    "gas",
    "khi ga",
    "dao",
    "sung",
    "danh",
    "dam",
    "chem",
    "giet",
    "cuop",
    "trom",
    "bi te",
    "te nga",
    "bi nga",
    "nga xuong",
    "xiu",
    "ngat",
    "mau",
    "dau nguc",
    "dau tim",
    "ngo doc",
    "soc",
    "sot cao",
    "bi dien",
    "duoi",
    "sap",
    "lac",
    "tai nan",
    "bi thuong",
    "nguy hiem",
    "nguy kich",
    "gap lam",
    "rat gap",
    "khan cap",
    "113",
    "114",
    "115",
    "cuu hoa",
    "chet",
    "tu tu",
    "hanh hung",
    "de doa",
    "chuyen da",
    "vo oi",
    "dien loan",
    "ngao da",
    "say xin",
    "say ruou",
    "no tung",
    "vu no",
    "ke la",
    "nguoi la",
    "bi bat",
    "bi hiep",
    "te xuong",
    "te cau thang",
    "te trong",
    "nga gay",
    "nga quy",
    "roi xuong",
    "rot xuong",
    "cuu ho",
    "ruot",
    "nhot",
    "lua",
    "nam im",
    "khong day",
    "khong thay dau",
    "khong thay",
    "noi khong ra",
    "noi do",
    "yeu han",
    "tay chan yeu",
    "de len",
    "de nguoi",
    "nga tu",
    "xe can",
    "bi can",
    "khoa trong",
    "khong ra duoc",
    "gian giao",
    "kho chiu",
    "can nguoi",
    "bi xe",
    "lot xuong",  # a child fallen into an open drain
    "de trung",  # a tree fallen on someone
    "ket duoi",
)


_PRESENT = phrase_pattern(PRESENT_DANGER)
_ANY = phrase_pattern(ANY_DANGER)


# "Cứu" is also the second syllable of "tra cứu" (look up) and "nghiên cứu" (study), and "cứu xét" is to
# consider a request: words of service questions ("tra cứu giúp tôi hồ sơ"), blanked (same length) before
# either list is matched.
_NOT_RESCUE = re.compile(r"\b(?:tra|nghien) cuu\b|\bcuu xet\b")


def _readings(text: str) -> tuple[str, str]:
    """The text folded as typed, and as the normaliser reads it: its teencode and Southern readings also
    rewrite some unaccented words ("hem" is "hẻm" as often as "hổng"), so both are searched."""
    return _blank_not_rescue(fold(nfc(text or "").lower())), _blank_not_rescue(match_key(text or ""))


def _blank_not_rescue(reading: str) -> str:
    return _NOT_RESCUE.sub(lambda found: "_" * len(found.group(0)), reading)


def _as_typed(text: str) -> tuple[str, str]:
    """The two readings of `_readings` before folding, character for character (folding keeps lengths)."""
    return nfc(text or "").lower(), normalize(text or "")


def _meant(phrase: str, typed: str, accented: bool = False) -> bool:
    """False if a phrase was typed with accents that make it another, harmless word (ACCENTED_ONLY, HARMLESS_FORMS);
    `accented`: the message carries accents elsewhere, so one of the broad list's single syllables typed bare is
    that bare syllable ("định danh", not "đánh")."""
    if normalize(typed) in {normalize(form) for form in HARMLESS_FORMS.get(phrase, ())}:
        return False
    forms = ACCENTED_ONLY.get(phrase)
    if forms is None:
        return True
    if fold(typed) == typed:
        return not (accented and " " not in phrase)
    return normalize(typed) in {normalize(form) for form in forms}


def _found(pattern: re.Pattern[str], reading: str) -> list[re.Match[str]]:
    """Every phrase of a list at every word of a reading, overlapping ones too: "đang danh nhau" (a slip of
    "đánh") holds the harmless "đang danh" and the dangerous "danh nhau"."""
    starts = [0] + [m.end() for m in re.finditer(r"\W+", reading)]
    found = (pattern.match(reading, start) for start in starts)
    return [m for m in found if m is not None]


@lru_cache(maxsize=4096)
def present_danger(text: str) -> str | None:
    """The phrase that says someone is in danger now, or None."""
    for reading, typed in zip(_readings(text), _as_typed(text)):
        for found in _found(_PRESENT, reading):
            if len(reading) != len(typed) or _meant(found.group(0), typed[found.start() : found.end()]):
                return found.group(0)
    return None


@lru_cache(maxsize=4096)
def any_danger(text: str) -> bool:
    """True if the message says anything an emergency could be about."""
    accented = has_diacritics(text or "")
    return any(
        len(reading) != len(typed) or _meant(found.group(0), typed[found.start() : found.end()], accented)
        for reading, typed in zip(_readings(text), _as_typed(text))
        for found in _found(_ANY, reading)
    )
