"""A long message is searched by its question too."""

from __future__ import annotations

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
