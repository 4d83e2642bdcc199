"""Word segmentation with offsets into the original text (no Rasa needed)."""

import unicodedata

from nlu.segmentation import compound_keys, segment


def test_offsets_point_into_the_original_text():
    text = "Tôi muốn đăng ký tạm trú ở phường"
    words = segment(text)
    assert [w.text for w in words][:4] == ["Tôi", "muốn", "đăng ký", "tạm trú"]
    assert all(text[w.start : w.end] == w.text for w in words)


def test_keys_are_folded_and_joined():
    keys = [w.key for w in segment("Đăng ký tạm trú")]
    assert keys == ["dang_ky", "tam_tru"]


def test_retoned_words_keep_offsets_of_the_typed_text():
    text = "Hoà bình thuỷ lợi"  # underthesea re-places these tone marks
    words = segment(text)
    assert all(text[w.start : w.end] == w.text for w in words)
    assert words[0].text == "Hoà"


def test_decomposed_text_offsets_stay_exact():
    text = unicodedata.normalize("NFD", "căn cước mới")
    words = segment(text)
    assert all(text[w.start : w.end] == w.text for w in words)
    assert "".join(w.text for w in words).replace(" ", "") == text.replace(" ", "")


def test_teencode_key_is_expanded():
    assert [w.key for w in segment("ko dc")] == ["khong", "duoc"]


def test_learned_compounds_merge_unaccented_text():
    compounds = frozenset(compound_keys(segment("đăng ký tạm trú")))
    plain = [w.key for w in segment("dang ky tam tru", compounds)]
    assert plain == ["dang_ky", "tam_tru"]
    text = "toi muon dang ky tam tru"
    assert all(text[w.start : w.end] == w.text for w in segment(text, compounds))


def test_empty_and_blank_text():
    assert segment("") == [] and segment("   \n") == []


def test_emoji_and_mixed_english():
    text = "Cài app Internet Banking 😀 ok"
    words = segment(text)
    assert "😀" in [w.text for w in words]
    assert all(text[w.start : w.end] == w.text for w in words)
