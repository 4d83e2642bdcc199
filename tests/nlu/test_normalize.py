"""The shared normaliser: NFC, tone placement, teencode, folding."""

import unicodedata

from nlu.normalize import content_words, fold, has_diacritics, match_key, normalize, uses_teencode


def test_fold_removes_every_diacritic_and_d_bar():
    assert fold("Đăng ký tạm trú") == "dang ky tam tru"
    assert fold("ĐỒNG Ý, Ổn Định") == "dong y, on dinh"


def test_decomposed_input_folds_like_composed():
    decomposed = unicodedata.normalize("NFD", "căn cước công dân")
    assert decomposed != "căn cước công dân"
    assert fold(decomposed) == fold("căn cước công dân") == "can cuoc cong dan"


def test_old_and_new_tone_placement_normalise_alike():
    assert normalize("Hoà thuỷ") == normalize("Hòa thủy") == "hòa thủy"


def test_teencode_is_expanded():
    assert normalize("ko dc j ad") == "không được gì admin"
    assert normalize("quên mk vneid thì lm ntn") == "quên mật khẩu vneid thì làm như thế nào"
    assert normalize("sdt cua e") == "số điện thoại cua em"


def test_match_key_makes_accented_unaccented_and_teencode_meet():
    assert match_key("Không đăng ký được") == match_key("ko dang ky dc") == "khong dang ky duoc"


def test_punctuation_is_dropped_and_empty_stays_empty():
    assert normalize("Xin chào!!! 😀 ") == "xin chào"
    assert normalize("") == "" and match_key("   ") == ""


def test_has_diacritics_and_uses_teencode():
    assert has_diacritics("đăng ký") and not has_diacritics("dang ky tam tru")
    assert uses_teencode("ko biet lm sao") and not uses_teencode("không biết làm sao")


import pytest  # noqa: E402

from nlu.normalize import collapse_doubled, fix_spelling  # noqa: E402


@pytest.mark.parametrize(
    "southern, standard",
    [
        ("làm được hông", "làm được không"),
        ("hổng biết", "không biết"),
        ("lam duoc hong", "lam duoc không"),
        ("sao dzậy", "sao vậy"),
        ("sao dậy con", "sao vậy con"),
        ("như vầy", "như vậy"),
        ("mần sao", "làm sao"),
        ("con nhỏ mới sanh", "con nhỏ mới sinh"),
        ("ai biểu tui làm", "ai bảo tôi làm"),
        ("xài app", "dùng ứng dụng"),
        ("làm lẹ giùm", "làm nhanh giúp"),
        ("chỉ dùm", "chỉ giúp"),
        ("ổng nói", "ông ấy nói"),
        ("bả biết", "bà ấy biết"),
        ("được hen", "được nhé"),
        ("nghen", "nhé"),
        ("kêu người thiệt", "gọi người thật"),
        ("hem biet lam sao", "không biet lam sao"),
        ("cam on nha", "cam on nhé"),
        ("duoc nha bac", "duoc nhé bac"),
        ("gia han onl dc hk", "gia han online được không"),
        ("nghi vc", "nghi việc"),
        ("lệ fí", "lệ phí"),
        ("fải", "phải"),
        ("tốn nhiêu tiền", "tốn bao nhiêu tiền"),
        ("phí nhiu", "phí bao nhiêu"),
    ],
)
def test_southern_speech_reads_as_standard_vietnamese(southern, standard):
    assert normalize(southern) == standard


@pytest.mark.parametrize(
    "word_used_elsewhere",
    [
        "điện thoại bị hỏng",
        "dien thoai bi hong",
        "biểu mẫu tạm trú",
        "sáng thức dậy",
        "coi phim",
        "hoa hồng",
        # typed without accents, "hem" is also an alley and "nha" a house
        "chay nha o hem 45",
        "trong hem nha toi bi ngap",
        "chu nha khong cho",
    ],
)
def test_southern_words_keep_their_other_meaning_where_neighbours_say_so(word_used_elsewhere):
    assert normalize(word_used_elsewhere) == " ".join(w.lower() for w in word_used_elsewhere.split())


@pytest.mark.parametrize(
    "slip, meant",
    [("quyếc", "quyết"), ("chứn", "chứng"), ("khog", "khong"), ("thôg", "thông"), ("nhug", "nhung"), ("ơng", "ơn")],
)
def test_a_confused_or_dropped_final_consonant_is_mended(slip, meant):
    assert fix_spelling(slip) == meant


@pytest.mark.parametrize("chat_word", ["bt", "nc", "ng", "nh"])
def test_letters_without_a_vowel_are_no_syllable_to_mend(chat_word):
    assert fix_spelling(chat_word) == chat_word


def test_thanks_misspelt_is_thanks():
    assert normalize("cảm ơng nhìu") == normalize("cảm ơn nhìu")
    assert normalize("cám ưn") == "cám ơn"


@pytest.mark.parametrize("word", ["quyết", "chứng", "căng", "vneid", "vssid", "etax", "otp", "ct07", "momo", "không"])
def test_real_syllables_and_names_are_left_alone(word):
    assert fix_spelling(word) == word


@pytest.mark.parametrize("typed, meant", [("thuongg", "thuong"), ("khôngg", "không"), ("đượcc", "được")])
def test_a_doubled_letter_is_typed_once(typed, meant):
    assert collapse_doubled(typed) == meant


@pytest.mark.parametrize("word", ["vssid", "xoong", "app", "kkk", "google"])
def test_doubles_that_belong_are_kept(word):
    assert collapse_doubled(word) == word


def test_english_ish_chat_words():
    assert normalize("quên pass vneid") == "quên mật khẩu vneid"
    assert normalize("tải app bảo hiểm") == "tải ứng dụng bảo hiểm"
    assert normalize("lm s") == "làm sao"


def test_misspelt_and_correct_meet_in_the_match_key():
    assert match_key("quyếc định chứn minh") == match_key("quyết định chứng minh")
    assert match_key("khog biet") == match_key("không biết")


def test_southern_thua_is_to_report_only_after_going():
    assert normalize("giờ đi thưa ở đâu") == "giờ đi trình báo ở đâu"
    assert normalize("thưa bác cho cháu hỏi") == "thưa bác cho cháu hỏi"


def test_on_the_net_is_online_as_the_content_says_it():
    from nlu.normalize import canonical

    assert canonical("nộp hồ sơ trên mạng được không") == "nộp hồ sơ trực tuyến được không"
    assert canonical("lam qua mang duoc ko") == "lam trực tuyến duoc ko"
    assert canonical("bị lừa trên mạng xã hội") == "bị lừa trên mạng xã hội"


def test_an_app_as_speech_to_text_hears_it():
    from nlu.normalize import canonical

    assert canonical("cái áp công dân số cài ở đâu") == "cái ứng dụng công dân số cài ở đâu"
    assert canonical("làm sao biết cái ép mình tải về là thật") == "làm sao biết cái ứng dụng mình tải về là thật"
    assert canonical("Áp dụng từ khi nào, mẹ bị huyết áp") == "Áp dụng từ khi nào, mẹ bị huyết áp"


def test_a_certified_copy_as_residents_say_it():
    from nlu.normalize import canonical

    # "sao" alone asks (why, how): only "sao y" is the copy
    assert canonical("Tui muốn sao y cái giấy khai sinh") == "Tui muốn chứng thực bản sao cái giấy khai sinh"
    assert canonical("sao y mấy bản") == "chứng thực bản sao mấy bản"
    assert canonical("sao yêu cầu bổ sung hoài") == "sao yêu cầu bổ sung hoài"


def test_everyday_names_do_not_swallow_words_that_fold_alike():
    from nlu.normalize import canonical

    assert canonical("Cái app Công dân số đó tải ở đâu") == "Cái ứng dụng Công dân số đó tải ở đâu"
    assert "thư điện tử" in canonical("muốn có cái email")


@pytest.mark.parametrize(
    "heard",
    ["cài vê nê ai đi giúp tôi", "ứng dụng vê nê ích", "vi en i đi mức hai", "vnied bị khóa", "trên vneld"],
)
def test_the_apps_name_as_speech_to_text_or_fast_typing_writes_it(heard):
    from nlu.normalize import canonical

    assert "VNeID" in canonical(heard)


def test_etax_mobile_as_heard_and_a_word_that_only_starts_alike():
    from nlu.normalize import canonical

    assert canonical("i thuế mô bai đăng nhập bằng gì") == "eTax Mobile đăng nhập bằng gì"
    assert canonical("ví nê") == "ví nê"


@pytest.mark.parametrize(
    ("heard", "name"),
    [
        ("điện thoại tôi không có cái en ép xê thì làm sao", "NFC"),
        ("máy có en ép phờ xi không", "NFC"),
        ("quét mã kiu a ở đâu", "mã QR"),
        ("cái mã qui a trên hóa đơn", "mã QR"),
        ("họ đòi đọc mã ô tê pê", "OTP"),
        ("ô ti pi gửi về máy", "OTP"),
        ("cái ứng dụng vê ét ét ai đi đăng nhập bằng gì", "VssID"),
        ("app vi ếch ếch i đê không vô được", "VssID"),
    ],
)
def test_other_names_spelt_out_as_speech_to_text_writes_them(heard, name):
    from nlu.normalize import canonical

    assert name in canonical(heard)


@pytest.mark.parametrize("said", ["mua ô tô phải đăng ký gì", "chị quý à, em hỏi chút", "mật khẩu cũ à", "mã cũ à"])
def test_phrases_that_only_sound_like_a_spelt_name_stay(said):
    from nlu.normalize import canonical

    assert all(name not in canonical(said) for name in ("NFC", "QR", "OTP"))


def test_the_classifier_cai_is_not_read_as_install():
    # "cái app" is "the app"; folded, "cái" would be "cài" (install)
    assert match_key("Cái app Công dân số tải ở đâu") == match_key("app Công dân số tải ở đâu")
    assert match_key("tui mất cái thẻ bảo hiểm y tế") == "toi mat the bao hiem y te"
    assert "cai" in match_key("cài app VNeID ở đâu").split()


def test_unaccented_cai_and_con_cai_are_kept():
    # typed without accents "cai" may be "cài"; "con cái" are children
    assert match_key("cai app vneid o dau").startswith("cai ")
    assert match_key("con cái tui đi làm xa") == "con cai toi di lam xa"


def test_unaccented_uu_is_a_syllable_not_a_doubled_letter():
    # "ưu" typed without accents is "uu": "lưu trú", "lương hưu", "tra cứu", "bưu điện" must meet their accented forms
    pairs = [("luu tru", "lưu trú"), ("luong huu", "lương hưu"), ("tra cuu", "tra cứu"), ("buu dien", "bưu điện")]
    for typed, accented in pairs:
        assert match_key(typed) == match_key(accented) == typed
    assert match_key("thuongg khongg") == "thuong khong"


def test_the_red_book_is_not_a_filler():
    # folded, "sổ đỏ" is "so do": "do" ("đó", "đỏ") is kept for the search
    assert content_words(match_key("làm lại sổ đỏ ở đâu").split()) == ["lai", "so", "do"]


def test_days_counted_in_bua_and_hom_are_days():
    from nlu.normalize import canonical

    assert canonical("làm hộ chiếu mất mấy bữa") == "làm hộ chiếu mất mấy ngày"
    assert canonical("dang ky tam tru may hom thi co") == "dang ky tam tru mấy ngày thi co"
    assert canonical("bữa nay phường có làm không") == "bữa nay phường có làm không"  # "today": left alone


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("mk mất cccd r", "mình mất"),  # the speaker, before a verb
        ("mk muốn hỏi", "mình muốn hỏi"),
        ("quên mk vneid", "quên mật khẩu"),  # the password, after a verb
        ("mk vneid bị sai", "mật khẩu vneid"),  # and before a name
    ],
)
def test_mk_is_the_speaker_before_a_verb_and_the_password_elsewhere(typed, meant):
    assert meant in normalize(typed)


@pytest.mark.parametrize("typed", ["cho thằng con lãnh dùm được hông", "lãnh giùm lương hưu", "lanh gium luong huu"])
def test_receiving_for_someone_else_is_receiving_in_their_place(typed):
    from nlu.normalize import canonical

    assert "nhận thay" in canonical(typed)


def test_receiving_a_passport_or_a_file_is_not_receiving_for_someone():
    from nlu.normalize import canonical

    assert "thay" not in canonical("nhận hộ chiếu ở đâu, nhận hồ sơ ở đâu")
    assert "thay" not in canonical("tôi nhắn giúp ông")  # texting for someone


@pytest.mark.parametrize("heard", ["cái e tắc mô bai tải ở đâu", "trên i tác mô bai", "cài i tách được không"])
def test_etax_as_speech_to_text_writes_it(heard):
    from nlu.normalize import canonical

    assert "eTax" in canonical(heard)


def test_a_split_tree_is_no_etax():
    from nlu.normalize import canonical

    assert "eTax" not in canonical("cây bị tách làm đôi")


def test_an_age_misspelt_after_a_number_is_an_age():
    assert normalize("ông nhà tôi 78 tủi ko có lương hưu") == "ông nhà tôi 78 tuổi không có lương hưu"
    assert normalize("bảy mươi tám tủi") == "78 tuổi"  # spoken numbers are read first
    # "tủi" is a word of its own, and "tui" after a year is the resident
    assert normalize("bà tủi thân quá") == "bà tủi thân quá"
    assert normalize("năm 2020 tui làm căn cước") == "năm 2020 tôi làm căn cước"
