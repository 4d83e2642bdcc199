"""The question of a long message."""

from __future__ import annotations

from nlu.question import find_question, is_long, sentences


def test_a_short_message_is_its_own_question():
    assert find_question("quên mật khẩu vneid thì làm sao") is None
    assert not is_long("quên mật khẩu vneid thì làm sao")


def test_the_last_sentence_that_asks_is_the_question_with_the_one_before_it():
    story = (
        "Năm nay tôi 70 tuổi, ở với vợ chồng đứa con trai út. Tuần rồi con dâu sinh thêm đứa cháu, "
        "cả nhà vui lắm nhưng không ai rành giấy tờ. Giờ tôi muốn làm khai sinh cho cháu trên mạng luôn một lần thì vào "
        "trang nào? Cảm ơn cháu nhiều."
    )
    assert find_question(story) == (
        "Tuần rồi con dâu sinh thêm đứa cháu, cả nhà vui lắm nhưng không ai rành giấy tờ. "
        "Giờ tôi muốn làm khai sinh cho cháu trên mạng luôn một lần thì vào trang nào"
    )


def test_a_question_that_names_no_topic_takes_the_sentence_before_it_along():
    story = (
        "Tôi mới thuê phòng trọ ở đây được hơn một tháng để đi làm, chủ nhà bảo tôi phải tự đăng ký tạm trú. "
        "Tôi có VNeID mức 2 rồi nhưng chưa biết làm. Vậy làm ở đâu?"
    )
    assert find_question(story) == "Tôi có VNeID mức 2 rồi nhưng chưa biết làm. Vậy làm ở đâu"


def test_speech_to_text_without_punctuation_is_cut_at_its_linking_words():
    assert sentences("tôi có đứa con mới sinh, giờ làm khai sinh ở đâu") == ["tôi có đứa con mới sinh", "giờ làm khai sinh ở đâu"]


def test_no_question_in_a_long_story():
    story = "Hôm nay trời đẹp quá, tôi đi chợ mua rau, gặp bà hàng xóm nói chuyện một hồi rồi về nấu cơm trưa cho cả nhà ăn."
    assert find_question(story) is None
