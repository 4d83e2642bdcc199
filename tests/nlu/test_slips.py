"""Slips that still make a real syllable, mended by the pair they make with a neighbour (nlu/slips.py)."""

import pytest

from nlu.normalize import normalize, words
from nlu.slips import confusions


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("đăng ký tạm chú", "đăng ký tạm trú"),  # tr/ch
        ("giấy xác nhận cư chú", "giấy xác nhận cư trú"),
        ("trợ cấp hưu chí", "trợ cấp hưu trí"),
        ("cần sác thực khuôn mặt", "cần xác thực khuôn mặt"),  # s/x
        ("tôi mất căng cước rồi", "tôi mất căn cước rồi"),  # n/ng, the first syllable of the pair
        ("bị phạc nguội làm sao biết", "bị phạt nguội làm sao biết"),  # c/t
        ("rúc bảo hiểm xã hội một lần", "rút bảo hiểm xã hội một lần"),
        ("chuyển tiền phải quét mặc", "chuyển tiền phải quét mặt"),
        ("kíc hoạt tài khoản", "kích hoạt tài khoản"),  # "kíc" is no syllable: "kít", then c/ch
        ("giấy phép nái xe", "giấy phép lái xe"),  # l/n
        ("xin dấy xác nhận", "xin giấy xác nhận"),  # d/gi
        ("sữa thông tin sai", "sửa thông tin sai"),  # hỏi/ngã
        ("thẻ bảo hiễm y tế", "thẻ bảo hiểm y tế"),
        ("có phải lừa đão không", "có phải lừa đảo không"),
    ],
)
def test_a_slip_that_makes_a_real_syllable_is_mended_by_its_neighbour(typed, meant):
    assert normalize(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "ông chú tôi ở quê",  # a real word for "chú"
        "nếu chú chưa có tài khoản",  # "trú chưa" is in the texts, but "chưa" goes with anything
        "hỗ trợ người già",  # "trợ" is already in a word ("hỗ trợ"): no "chợ người"
        "đi chợ thì mua gì",  # linking words are no evidence
        "bán xe rồi có phải làm gì",  # "bánh xe" is a word too
        "tốn tiền không",  # and "tống tiền"
        "năm sau muốn đón vợ chồng tôi qua chơi",  # "muốn đóng" is common, but "muốn" goes with anything
        "vậy tôi nên đến trực tiếp hỏi",  # "nên" is a word the texts use often: only a dictionary word mends it
        "tam chu nop bao nhieu",  # without accents a syllable could be anything
        "số chị lan ở đâu",
        "bà nội chị bệnh",  # «bà nội» is a word: its second syllable's pair stays
        "đưa vô bệnh viện chợ rẫy",
        "mẹ tôi tám mươi mốt tuổi",  # numbers are read first: no "mốc tuổi"
    ],
)
def test_pairs_that_are_no_slip_are_left_alone(text):
    assert normalize(text) == " ".join(words(text, mend_slips=False))


def test_the_confusions_of_a_syllable():
    found = dict(confusions("phạc"))
    assert {"phạt", "phạch"} <= set(found) and found["phạt"] is True
    assert dict(confusions("sữa")) == {"xữa": True, "sửa": False}
    assert "căn" in dict(confusions("căng")) and "cănh" in dict(confusions("căng"))
