"""What a message names against a conversation's topic (knowledge.naming): here, the apps it names."""

from __future__ import annotations

from knowledge.entries import load_content
from knowledge.naming import other_apps

ENTRIES = {entry.id: entry for entry in load_content()}


def test_another_app_than_the_topics_is_named_anew():
    vssid_password = ENTRIES["bhxh-bhyt-quen-mat-khau-vssid"]
    assert other_apps("Còn cái VNeID quên mật khẩu thì sao con?", vssid_password) == ["vneid"]
    assert other_apps("con vneid thi sao", vssid_password) == ["vneid"]  # typed bare
    assert other_apps("quên mật khẩu VssID lần nữa thì sao", vssid_password) == []  # the topic's own app


def test_an_app_said_after_a_topic_that_names_none_is_no_other_app():
    # "làm trên VNeID được không" after the criminal-record certificate asks how to do that one on VNeID
    assert other_apps("Làm trên VNeID được không?", ENTRIES["dich-vu-cong-ly-lich-tu-phap"]) == []


def test_how_a_message_asks_names_no_topic():
    from knowledge.calibration import load_calibration
    from knowledge.index import SearchIndex
    from knowledge.naming import topic_words

    index = SearchIndex(list(ENTRIES.values()), load_calibration())
    # "bằng điện thoại" is how; "bằng điện" is also in «Quét mã QR bằng camera điện thoại», which it must not name
    assert topic_words("Báo bằng điện thoại được hông con, tui ngại đi", index) == []
    # "bằng lái" still names the driving licence (read as "giấy phép lái xe")
    assert "giay_phep" in topic_words("còn bằng lái thì sao", index)


def test_a_compound_is_in_a_title_only_with_its_syllables_side_by_side():
    from knowledge.naming import in_title

    assert in_title("cach thong bao luu tru goi dien thoai", "goi_dien")
    assert not in_title("tin nhan cuoc goi bao cat dien gia", "goi_dien")  # "gọi" and "điện" apart
    assert in_title("cap lai the bhyt", "bhyt") and not in_title("cap lai the bhyt", "the_cap")


def test_a_number_that_counts_names_no_topic():
    from knowledge.calibration import load_calibration
    from knowledge.index import SearchIndex
    from knowledge.naming import topic_words

    index = SearchIndex(list(ENTRIES.values()), load_calibration())
    # "10 năm" after the one-time social-insurance withdrawal is how long one paid, not «tuyển sinh lớp 10»
    assert not {"10", "10_nam", "nam"} & set(topic_words("đóng dưới 10 năm thì sao", index))
    assert not {"2", "trieu", "2_trieu"} & set(topic_words("phạt 2 triệu hả", index))
    # a number after "lớp" names the grade, and an age names the entries titled with it
    assert {"10", "lop_10"} <= set(topic_words("còn lên lớp 10 thì sao", index))
    assert "60" in topic_words("tui 60 tuổi rồi đổi căn cước không", index)
