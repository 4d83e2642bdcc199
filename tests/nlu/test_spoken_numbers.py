"""Numbers spelled out by a phone's speech-to-text, read as the digits the answers write."""

from __future__ import annotations

import pytest

from nlu.normalize import normalize
from nlu.spoken_numbers import read_numbers


@pytest.mark.parametrize(
    "spoken, written",
    [
        ("năm hai nghìn không trăm hai mươi sáu", "năm 2026"),  # the year: "năm" stays a word
        ("năm hai không hai sáu", "năm 2026"),
        ("gọi một một ba", "gọi 113"),
        ("bảy mươi lăm tuổi", "75 tuổi"),
        ("hai mươi mốt", "21"),
        ("một trăm linh năm", "105"),
        ("hai mươi nghìn đồng", "20 000 đồng"),  # as "20.000 đồng" is split into words
        ("mười lăm triệu rưỡi", "15 5 triệu"),  # 15,5 triệu
        ("sáu triệu hai", "6 2 triệu"),
    ],
)
def test_spelled_out_numbers_become_digits(spoken, written):
    assert " ".join(read_numbers(spoken.split())) == written


@pytest.mark.parametrize(
    "words",
    ["ba tôi", "năm nay", "có mất phí không", "một lần", "hai trăm không", "năm trăm nghìn một tháng", "rưỡi", "ba năm"],
)
def test_digit_words_that_are_words_stay_words(words):
    out = " ".join(read_numbers(words.split()))
    # only a number with a multiplier changes: its digits; the words around it stay
    for word in ("ba tôi", "năm nay", "không", "một lần", "một tháng", "rưỡi", "ba năm"):
        if word in words:
            assert word in out


def test_unaccented_words_are_never_read_as_numbers():
    # "khong", "nam", "ba", "sau" are far more often "không", "nam", father, "sau"
    assert normalize("nam hai nghin khong tram hai muoi sau") == "nam hai nghin khong tram hai muoi sau"


def test_the_normaliser_reads_dictated_numbers():
    assert (
        normalize("giảm trừ gia cảnh năm hai nghìn không trăm hai mươi sáu là bao nhiêu")
        == "giảm trừ gia cảnh năm 2026 là bao nhiêu"
    )
