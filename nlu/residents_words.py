"""The words residents use where the knowledge base uses others: chat shorthand, Southern and elderly speech,
and everyday names of services. Data for nlu.normalize, which reads every text through them (lower-case NFC
words in, their standard form out; SYNONYMS are matched on the accent-folded text).
"""

from __future__ import annotations

# Chat shorthand as residents type it, mapped to the full form (all lower case, NFC).
# Ambiguous short forms ("a", "b", "c") are left alone: expanding them does more harm than good.
TEENCODE: dict[str, str] = {
    "ko": "không",
    "k": "không",
    "kg": "không",
    "kh": "không",
    "hok": "không",
    "hông": "không",
    "khum": "không",
    "kô": "không",
    "hk": "không",
    "hg": "không",
    "khg": "không",
    "khôg": "không",
    "k0": "không",
    "dc": "được",
    "đc": "được",
    "dk": "đăng ký",
    "đk": "đăng ký",
    "đx": "được",
    "j": "gì",
    "ji": "gì",
    "gi": "gì",
    "bn": "bao nhiêu",
    "bnhiu": "bao nhiêu",
    "bnh": "bao nhiêu",
    "nhiu": "nhiêu",
    "ưn": "ơn",  # "cám ưn"
    "ntn": "như thế nào",
    "s": "sao",
    "lm": "làm",
    "vs": "với",
    "r": "rồi",
    "rùi": "rồi",
    "roi": "rồi",
    "cx": "cũng",
    "cg": "cũng",
    "ad": "admin",
    "mk": "mật khẩu",
    "e": "em",
    "z": "vậy",
    "v": "vậy",
    "zậy": "vậy",
    "dzậy": "vậy",
    "sdt": "số điện thoại",
    "sđt": "số điện thoại",
    "đt": "điện thoại",
    "dt": "điện thoại",
    "stk": "số tài khoản",
    "tk": "tài khoản",
    "cccd": "căn cước công dân",
    "cmnd": "chứng minh nhân dân",
    "bhxh": "bảo hiểm xã hội",
    "bhyt": "bảo hiểm y tế",
    "gplx": "giấy phép lái xe",
    "dvc": "dịch vụ công",
    "tnv": "tình nguyện viên",
    "nv": "nhân viên",
    "tks": "cảm ơn",
    "thks": "cảm ơn",
    "thanks": "cảm ơn",
    "thank": "cảm ơn",
    "camon": "cảm ơn",
    "mún": "muốn",
    "bít": "biết",
    "bik": "biết",
    "wa": "qua",
    "ng": "người",
    "thui": "thôi",
    "trc": "trước",
    "mn": "mọi người",
    "lun": "luôn",
    "hnay": "hôm nay",
    "bh": "bây giờ",
    "ktra": "kiểm tra",
    "bjo": "bây giờ",
    "ns": "nói",
    "onl": "online",
    "oke": "ok",
    "oki": "ok",
    "okie": "ok",
    "okay": "ok",
    "uk": "ừ",
    "uh": "ừ",
    "ừm": "ừ",
    "ak": "à",
    "ah": "à",
    "ạk": "ạ",
    "nhá": "nhé",
    "vc": "việc",
    "kí": "ký",
    "ki": "ký",
}


# Southern and elderly speech, and English-ish chat words, mapped to the standard word (lower case, NFC).
SOUTHERN: dict[str, str] = {
    "hổng": "không",
    "hong": "không",
    "hôk": "không",
    "hem": "không",
    "nha": "nhé",
    "dzậy": "vậy",
    "dzạ": "dạ",
    "dzị": "vậy",
    "zị": "vậy",
    "dậy": "vậy",
    "vầy": "vậy",
    "zầy": "vậy",
    "dzầy": "vậy",
    "zay": "vậy",
    "dzay": "vậy",
    "mần": "làm",
    "sanh": "sinh",  # "mới sanh", "sanh con"; the lobby is "sảnh"
    "biểu": "bảo",
    "xài": "dùng",
    "xai": "dùng",
    "lẹ": "nhanh",
    "le": "nhanh",
    "tui": "tôi",
    "ổng": "ông ấy",
    "bả": "bà ấy",
    "nghen": "nhé",
    "nhen": "nhé",
    "hen": "nhé",
    "giùm": "giúp",
    "dùm": "giúp",
    "gium": "giúp",
    "dum": "giúp",
    "thiệt": "thật",
    "thiet": "thật",
    "kêu": "gọi",
    "coi": "xem",
    "thưa": "trình báo",
    "hổm": "hôm",
    "bển": "bên đó",
    "dìa": "về",
    "zìa": "về",
    "hỏi thăm": "hỏi",
    "pass": "mật khẩu",
    "password": "mật khẩu",
    "acc": "tài khoản",
    "login": "đăng nhập",
    "update": "cập nhật",
    "up": "tải lên",
    "face": "khuôn mặt",
    "app": "ứng dụng",
    "apps": "ứng dụng",
}
# Words that are Southern speech only beside some neighbours: (previous words that rule it out, previous words
# that confirm it, next words that confirm it; "" stands for the end of the message).
END = ""


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string (lists of neighbours read better that way)."""
    return frozenset(text.split())


# Shorthand that is the speaker ("mk" is "mình" in "mk mất cccd r") before these verbs, and otherwise what
# TEENCODE says ("quên mk", "mk vneid": the password)
AS_SPEAKER: dict[str, tuple[str, frozenset[str]]] = {
    "mk": (
        "mình",
        _words(
            "mất mat muốn muon mún mun đang dang đg cần can đã da vừa vua mới moi làm lam lm hỏi hoi đi di nghỉ nghi sắp sap tính tinh định dinh"
        ),
    ),
}


# What may follow a "không" typed as "hong" or "hem" (a verb, a particle, an address), or end the message.
_AFTER_NEGATION = _words(
    "biết biet có co được duoc dc hiểu hieu phải phai cần can làm lam sao ạ a hả ha vậy vay nhé nha con cháu chau "
    "em ta bác bac cô chú chu nữa nua thấy thay"
) | {END}
SOUTHERN_IF: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {
    # "hong" typed without accents is "hông" (không) at the end or before these, but "hỏng" after "bị", "hư"
    "hong": (_words("bi bị hu hư da đã sua sửa mau màu hoa cây"), frozenset(), _AFTER_NEGATION),
    # typed without accents, "hem" is "hẻm" (an alley: "hem 45", "trong hem") as often as "hổng"
    "hem": (
        _words(
            "trong đầu dau cuối cuoi vào vao ra o ở số so cái cai đường duong nhà nha trước truoc tại tai con xóm xom các cac"
        ),
        frozenset(),
        _AFTER_NEGATION - {"làm", "lam", "ta", "cô", "chú", "chu"},
    ),
    # and "nha" is "nhà" (a house) unless it ends the message or a call ("nha bác", "nha con")
    "nha": (frozenset(), frozenset(), _words("bác bac con cháu chau em ad admin ạ a anh chị chi cô chú chu mọi moi") | {END}),
    "dậy": (_words("thức ngủ dạy"), _words("sao gì gi vậy thế là nào nao đó rồi làm được"), frozenset({END})),
    "biểu": (frozenset(), _words("ai con cháu bác tôi tui người họ ổng bả có được đã mới nó"), frozenset()),
    "le": (frozenset(), _words("cho làm lam đi di giùm giúp"), frozenset({END})),
    "hen": (frozenset(), frozenset(), frozenset({END})),
    "coi": (
        frozenset(),
        frozenset(),
        _words("giúp giùm dùm thử lại ở o trên tren được duoc sao chỗ cho cách cach đâu dau"),
    ),
    "up": (frozenset(), frozenset(), _words("ảnh anh hình hinh lên len file hồ ho")),
    "dum": (frozenset(), _words("làm lam chỉ chi coi xem hỏi hoi nói noi"), frozenset({END})),
    # "đi thưa" is to report (to the police), "thưa bác" is polite address
    "thưa": (frozenset(), _words("đi ra lên đến tới"), _words("kiện công ở chỗ")),
}


# Everyday words residents use for the official terms of the knowledge base (folded → canonical).
SYNONYMS: dict[str, str] = {
    "bang lai xe": "giấy phép lái xe",
    "bang lai": "giấy phép lái xe",
    "gplx": "giấy phép lái xe",
    "passport": "hộ chiếu",
    "pasport": "hộ chiếu",
    "chung minh nhan dan": "căn cước",
    "chung minh thu": "căn cước",
    "cmnd": "căn cước",
    "the can cuoc cong dan": "căn cước",
    "can cuoc cong dan": "căn cước",
    "cccd": "căn cước",
    "nhap ho khau": "đăng ký thường trú",
    "nhap khau": "đăng ký thường trú",
    "cat ho khau": "xóa đăng ký thường trú",
    "cat khau": "xóa đăng ký thường trú",
    "khai bao tam tru": "đăng ký tạm trú",
    "khai tam tru": "đăng ký tạm trú",
    "lanh": "nhận",
    "lanh luong": "nhận lương",
    # receiving for someone else ("cho thằng con lãnh dùm"): "giúp" alone says nothing to search. Not "nhan giup":
    # folded, it is also "nhắn giúp" (texting for someone)
    "lanh dum": "nhận thay",
    "lanh gium": "nhận thay",
    "lanh giup": "nhận thay",
    # a certified copy as residents say it ("sao y giấy khai sinh"): "sao" is read as a question word, and the
    # segmenter makes "y giấy" one word
    "sao y": "chứng thực bản sao",
    "pass": "mật khẩu",
    "password": "mật khẩu",
    "ct07": "xác nhận thông tin cư trú",
    "lltp": "lý lịch tư pháp",
    "mst": "mã số thuế",
    "ma xac thuc": "mã OTP",
    "ma otp": "mã OTP",
    "internet banking": "ứng dụng ngân hàng",
    "app ngan hang": "ứng dụng ngân hàng",
    "dichvucong gov vn": "Cổng Dịch vụ công",
    "dich vu cong quoc gia": "Cổng Dịch vụ công",
    "app": "ứng dụng",
    # "nộp trên mạng", "làm qua mạng": online, as the content says it
    "tren mang": "trực tuyến",
    "qua mang": "trực tuyến",
    "tren mang xa hoi": "trên mạng xã hội",  # social networks stay themselves (the longest name is matched first)
    "qua mang xa hoi": "qua mạng xã hội",
    # everyday names of services and apps
    "ung dung dinh danh": "ứng dụng VNeID",
    "app dinh danh": "ứng dụng VNeID",
    "app cong an": "ứng dụng VNeID",
    "ung dung cong an": "ứng dụng VNeID",
    "app bo cong an": "ứng dụng VNeID",
    "dinh danh cua cong an": "VNeID",
    "app bao hiem": "ứng dụng VssID",
    "ung dung bao hiem": "ứng dụng VssID",
    "app bhxh": "ứng dụng VssID",
    "app bao hiem xa hoi": "ứng dụng VssID",
    "ung dung bao hiem xa hoi": "ứng dụng VssID",
    "app thue": "ứng dụng eTax Mobile",
    "ung dung thue": "ứng dụng eTax Mobile",
    "e tax": "eTax",
    "i tac": "eTax",
    # (not "sổ đỏ" → its official name: folded, "Công dân số đó" reads the same)
    "con nit": "trẻ em",
    "tre con": "trẻ em",
    "em be": "trẻ em",
    "email": "e-mail thư điện tử",
    "gmail": "Gmail e-mail thư điện tử",
    "uy ban phuong": "trụ sở phường",
    "uy ban nhan dan phuong": "trụ sở phường",
    "ubnd phuong": "trụ sở phường",
    "hinh the": "ảnh thẻ",
    "chup hinh": "chụp ảnh",
    "tam hinh": "tấm ảnh",
    # "bữa", "hôm" for a day, as Southern and elderly residents count the office's time ("mần lại mất mấy bữa")
    "may bua": "mấy ngày",
    "may hom": "mấy ngày",
    "ton tien": "mất phí",
    "ton phi": "mất phí",
    # both syllables of "bản sao" are filler words elsewhere ("bạn", "sao"): kept as one word so they still count
    "ban sao": "bản_sao",
    "ton bao nhieu": "phí bao nhiêu",
    "ton nhieu": "phí bao nhiêu",
    "ton nhiu": "phí bao nhiêu",
    "ton bn": "phí bao nhiêu",
    # a phone's speech-to-text spells the apps' names out as it hears them
    "vi en ai di": "VNeID",
    "vi e en ai di": "VNeID",
    "ve en ai di": "VNeID",
    "vi en i di": "VNeID",
    "v n e id": "VNeID",
    "vi et et ai di": "VssID",
    "vi ech ech ai di": "VssID",
    "v ss id": "VssID",
    "vi xi xi ai di": "VssID",
    "e tach mobai": "eTax Mobile",
    "i tach": "eTax",
    "i thue mo bai": "eTax Mobile",
    "e thue mo bai": "eTax Mobile",
    "i thue": "eTax",
    # an app as a phone's speech-to-text hears it ("cái áp công dân số", "cái ép mình tải về", "làm trên áp"), not
    # "áp dụng", "huyết áp": only after "cái", "cài", "trên", "qua"
    "cai ap": "cái ứng dụng",
    "cai ep": "cái ứng dụng",
    "tren ap": "trên ứng dụng",
    "tren ep": "trên ứng dụng",
    "qua ap": "qua ứng dụng",
    "qua ep": "qua ứng dụng",
    "cai ap luc": "cái áp lực",
    # letters swapped while typing fast
    "vnied": "VNeID",
    "vneld": "VNeID",
    "vnedi": "VNeID",
    "vssdi": "VssID",
    "vsid": "VssID",
}


def _spelt_out(letters: tuple[tuple[str, ...], ...]) -> list[str]:
    """Every way a phone's speech-to-text may write a name spelt letter by letter (folded, one space apart)."""
    spellings = [""]
    for ways in letters:
        spellings = [f"{s} {w}".strip() for s in spellings for w in ways]
    return spellings


# V-N-e-I-D as heard: «vê nê ai đi», «vi en i đi», «vê nê ích» (e-I-D run together)
_V, _N = ("vi", "ve", "vo"), ("en", "ne", "no", "nop")
SYNONYMS.update(
    {s: "VNeID" for s in _spelt_out((_V, _N, ("ai di", "i di", "ai de", "e ai di", "i ai di", "ich", "ich di", "i ich")))}
)

# V-S-S-I-D as heard: «vê ét ét ai đi», «vi ếch ếch i đê» (the same V and I-D as VNeID's, S as «ét», «ếch», «xi»)
_S = ("et", "ech", "xi", "si", "ex")
SYNONYMS.update({s: "VssID" for s in _spelt_out((_V, _S, _S, ("ai di", "i di", "ai de", "i de", "e ai di", "ai di e")))})

# eTax Mobile as heard: «e tắc mô bai», «i tách mobai», «ê thuế» (the E as «e», «i», «y»; Tax as «tắc», «tách»)
_E, _TAX = ("e", "i", "y"), ("tac", "tach", "tax")
SYNONYMS.update({s: "eTax Mobile" for s in _spelt_out((_E, _TAX, ("mo bai", "mobai", "mo bi")))})
SYNONYMS.update({s: "eTax" for s in _spelt_out((_E, _TAX))})

# Other names residents say letter by letter, as Vietnamese letter names: N-F-C «en ép xê», a QR code
# «mã kiu a», O-T-P «ô tê pê». Only spellings no Vietnamese phrase makes: T is never «tô» («ô tô»), a QR
# code is only named after «mã» (a bare «quý à» is a name), and Q never «cu» («mã cũ à»).
SYNONYMS.update({s: "NFC" for s in _spelt_out((("en",), ("ep", "ep phe", "ep pho", "ep phi"), ("xe", "xi", "se", "si")))})
SYNONYMS.update({f"ma {s}": "mã QR" for s in _spelt_out((("kiu", "qui", "quy", "ku"), ("a", "ar", "e ro", "ro")))})
SYNONYMS.update({s: "OTP" for s in _spelt_out((("o",), ("te", "ti"), ("pe", "pi")))})
