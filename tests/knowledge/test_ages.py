"""The age a message states and the range an entry's title is for (knowledge/ages.py)."""

import pytest

from knowledge.ages import OLDEST, age_fit, stated_age, title_ages


@pytest.mark.parametrize(
    "text, age",
    [
        ("còn bé lớn 10 tuổi thì sao", 10),
        ("còn bé lớn nhà e 8t thì có cần lm ko", 8),
        ("còn cháu nhỏ 3 tủi làm được không", 3),  # the slip elderly typists make
        ("tui 70 tuổi rồi", 70),
        ("ba tui đi làm", None),  # "tui" is the speaker, with no number before it
        ("mua 2 cái", None),
        ("tôi sinh năm 1960", None),
    ],
)
def test_the_age_a_message_states(text, age):
    assert stated_age(text) == age


@pytest.mark.parametrize(
    "title, ages",
    [
        ("Làm căn cước cho trẻ dưới 6 tuổi qua VNeID", (0, 5)),
        ("Làm căn cước cho trẻ từ 6 đến dưới 14 tuổi", (6, 13)),
        ("Làm hộ chiếu cho trẻ em dưới 14 tuổi", (0, 13)),
        ("Trợ cấp cho người từ 75 tuổi", (75, OLDEST)),
        ("Độ tuổi phải đổi thẻ căn cước", None),
    ],
)
def test_the_ages_a_title_is_for(title, ages):
    assert title_ages(title) == ages


def test_an_age_fits_a_title_or_not():
    ten = stated_age("còn bé lớn 10 tuổi thì sao")
    assert age_fit(ten, "Làm căn cước cho trẻ từ 6 đến dưới 14 tuổi") == 1.0
    assert age_fit(ten, "Làm căn cước cho trẻ dưới 6 tuổi qua VNeID") == -1.0
    assert age_fit(stated_age("còn bé lớn thì sao"), "Làm căn cước cho trẻ dưới 6 tuổi qua VNeID") == 0.0
    assert age_fit(ten, "Độ tuổi phải đổi thẻ căn cước") == 0.0
