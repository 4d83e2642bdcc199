"""A long message is searched with its question weighing twice."""

from __future__ import annotations

import pytest

from knowledge.entries import load_content
from knowledge.index import SearchIndex
from knowledge.reading import search_message

STORY = (
    "Năm ngoái tôi về ở với con gái ở phường này, con tôi đi làm suốt nên tôi ở nhà một mình, "
    "hàng xóm thì tốt bụng lắm, hay qua chơi và chỉ tôi dùng điện thoại. Hôm trước con gái có nói "
    "là nhà mình phải đi khai báo gì đó với công an nhưng tôi không nhớ. Cho tôi hỏi tôi quên mật khẩu VNeID thì lấy lại thế nào?"
)


def test_the_question_of_a_long_story_is_found():
    index = SearchIndex(load_content())
    assert search_message(index, STORY, k=1)[0].entry.id == "vneid-quen-mat-khau"


def test_a_short_question_is_searched_as_it_is():
    index = SearchIndex(load_content())
    assert [h.entry.id for h in search_message(index, "quên mật khẩu vneid", k=3)] == [
        h.entry.id for h in index.search("quên mật khẩu vneid", k=3)
    ]


@pytest.mark.parametrize(
    ("story", "entry"),
    [
        # "Vậy tôi nộp hồ sơ ở đâu?" alone is about the procedures moved from the districts; the story says which
        (
            "Tôi đang tính mở một quán phở nhỏ trước nhà. Trước đây đăng ký hộ kinh doanh phải lên quận. "
            "Giờ không còn quận nữa. Vậy tôi nộp hồ sơ ở đâu?",
            "ho-kinh-doanh-dang-ky",
        ),
        # the question names VNeID and papers; the story says it is the temporary residence registration
        (
            "Tôi quê ở Bình Định, vào thành phố thuê phòng trọ được hơn một tháng để đi làm. Chủ nhà bảo tôi tự "
            "đăng ký tạm trú. Tôi có VNeID mức 2 rồi. Vậy tôi làm trên ứng dụng thế nào, cần chụp những giấy tờ gì?",
            "cu-tru-dang-ky-tam-tru-truc-tuyen",
        ),
    ],
)
def test_the_story_keeps_its_topic_when_the_question_alone_would_lose_it(story, entry):
    assert search_message(SearchIndex(load_content()), story, k=1)[0].entry.id == entry


def test_a_processing_time_asked_outright_is_answered_by_the_entry_about_it():
    # the rule on how long one may stay shares more words with it; the processing time's entry says it
    index = SearchIndex(load_content())
    assert search_message(index, "đăng ký tạm trú bao lâu thì có", k=1)[0].entry.id == "cu-tru-thoi-gian-giai-quyet"
    assert search_message(index, "ở bao lâu thì phải đăng ký tạm trú", k=1)[0].entry.id == "cu-tru-khi-nao-phai-dang-ky-tam-tru"


def test_a_fee_asked_outright_is_answered_by_the_fee_entry():
    index = SearchIndex(load_content())
    assert search_message(index, "đăng ký tạm trú trên mạng tốn bao nhiêu tiền vậy", k=1)[0].entry.id == "cu-tru-le-phi"


def test_an_entry_about_how_long_it_takes_does_not_answer_where():
    from knowledge.calibration import load_calibration

    index = SearchIndex(load_content(), load_calibration())
    # «Bao lâu thì có hộ chiếu» says "nộp hộ chiếu" in more phrasings than the entry that says where to hand it in
    assert search_message(index, "hộ chiếu nộp ở đâu", k=1)[0].entry.id == "ho-chieu-nop-truc-tiep"
    # asked how long, in any words, it still answers
    for asked in ("hộ chiếu bao lâu thì có", "thoi gian cap ho chieu", "nộp hộ chiếu rồi mấy ngày có"):
        assert search_message(index, asked, k=1)[0].entry.id == "ho-chieu-thoi-gian-giai-quyet", asked
    # an office that is late is no processing time to step over
    late = "ho so qua ngay hen ma co quan khong bao ly do thi phan anh o dau"
    assert search_message(index, late, k=1)[0].entry.id == "dich-vu-cong-ho-so-tre-hen"
