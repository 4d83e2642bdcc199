"""The shared normaliser: NFC, tone placement, teencode, folding."""

import unicodedata

from nlu.normalize import fold, has_diacritics, match_key, normalize, uses_teencode


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
