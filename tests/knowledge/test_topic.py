"""Follow-ups resolved within a topic (knowledge.topic), on the seed content."""

from __future__ import annotations

import pytest

from knowledge.aspects import Aspect, answer_lines, aspects_of, key
from knowledge.entries import load_content
from knowledge.index import SearchIndex
from knowledge.naming import topic_words
from knowledge.reading import search_message
from knowledge.topic import (
    Kind,
    announces_new_subject,
    is_analogy,
    pick_in_topic,
    picked_by_rules,
    resolve,
    steps,
    wants_simpler,
)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_content())


@pytest.mark.parametrize(
    "text, aspect",
    [
        ("vậy lệ phí bao nhiêu", Aspect.FEE),
        ("co mat tien ko", Aspect.FEE),
        ("tốn nhiêu tiền dzậy", Aspect.FEE),
        ("bao lâu thì có", Aspect.TIME),
        ("mấy bữa thì xong", Aspect.TIME),
        ("làm ở đâu vậy", Aspect.PLACE),
        ("cần mang gì", Aspect.DOCUMENTS),
        ("làm trên điện thoại được không", Aspect.ONLINE),
        ("còn người già thì sao", Aspect.WHO),
        ("nếu bị mất thì sao", Aspect.LOST),
        ("hết hạn thì sao", Aspect.EXPIRY),
        ("quên không báo thì phạt bao nhiêu", Aspect.FINE),
        ("có gửi về tận nhà không", Aspect.DELIVERY),
        ("lỡ bấm vô link r thì s", Aspect.SLIPPED),
        ("tôi đã cài rồi giờ sao", Aspect.SLIPPED),
        ("co can de ten khong", Aspect.ANONYMOUS),
        ("có cần ghi tên không, tui ngại lộ danh tính", Aspect.ANONYMOUS),
        ("Tui phải đem theo giấy tờ gì?", Aspect.DOCUMENTS),  # Southern "đem" for "mang"
        ("ờ thì là cần mang những giấy gì", Aspect.DOCUMENTS),
        ("Tôi là bà ngoại thì có đứng ra làm được không?", Aspect.WHO),
        ("vậy ai được đi nộp thay", Aspect.WHO),
    ],
)
def test_what_a_follow_up_asks(text, aspect):
    assert aspect in aspects_of(text)


def test_old_people_are_not_a_price():
    assert Aspect.FEE not in aspects_of("còn người già thì sao")


@pytest.mark.parametrize("text", ["vậy lệ phí bao nhiêu", "làm ở đâu vậy", "bao lâu thì có", "có mất tiền không", "cần mang gì"])
def test_a_follow_up_names_no_topic(text, index):
    assert not topic_words(text, index)


@pytest.mark.parametrize(
    "text",
    [
        "còn hộ chiếu thì sao",
        "đóng thuế online sao",
        "tiền điện trả online sao",
        "quên mật khẩu vneid",
        "mà cho hỏi phạt nguội tra ở đâu",  # "phạt" alone asks a fine, "nguội" folds to "người"
    ],
)
def test_a_new_question_names_its_topic(text, index):
    assert topic_words(text, index)


@pytest.mark.parametrize("text", ["phạt bao nhiêu", "có bị phạt không", "người già thì sao"])
def test_a_fine_or_a_person_asked_names_no_topic(text, index):
    assert not topic_words(text, index)


def test_analogies_are_short():
    assert is_analogy("còn hộ chiếu thì sao") and is_analogy("vậy còn bằng lái")
    assert not is_analogy("Ông nhà tui 72 tuổi mà nhà nghèo lắm thì sao nghen con")
    assert not is_analogy("con muốn hỏi cách làm hộ chiếu cho mẹ")  # "con": the speaker, not "and what about"


def test_say_it_simpler_but_not_a_request_for_a_person():
    assert wants_simpler("bác không hiểu, nói dễ hơn được không") and wants_simpler("noi tung buoc giup bac")
    assert not wants_simpler("bác không hiểu, cho bác gặp người hỗ trợ")
    assert wants_simpler("Tui già rồi nói gọn gọn thôi nghen.") and wants_simpler("nói ngắn thui ạ")
    assert not wants_simpler("tui nói ngân hàng khóa thẻ rồi mà")  # «ngân», not «ngắn»


def test_the_fee_of_the_topic_is_its_sibling_entry(index):
    resolution = resolve("vậy lệ phí bao nhiêu", index.by_id["ho-chieu-lam-online-cac-buoc"], index)
    assert resolution.kind is Kind.SIBLING and resolution.entry.id == "ho-chieu-le-phi"


def test_a_processing_time_is_the_sibling_dedicated_to_it(index):
    topic = index.by_id["ho-chieu-lam-online-cac-buoc"]
    resolution = resolve("bao lâu thì có", topic, index)
    assert resolution.kind is Kind.SIBLING and resolution.entry.id == "ho-chieu-thoi-gian-giai-quyet"


def test_how_long_something_must_last_is_read_from_the_topics_own_answer(index):
    # "ở bao lâu thì phải đăng ký" asks the topic's own rule (30 days), not how long the office takes
    topic = index.by_id["cu-tru-khi-nao-phai-dang-ky-tam-tru"]
    resolution = resolve("Ở bao lâu thì mới phải đăng ký?", topic, index)
    assert resolution.kind is Kind.PART and resolution.entry is topic
    assert any("30 ngày" in line for line in resolution.lines)


def test_a_fee_is_the_categorys_fee_entry_even_where_the_answer_names_one(index):
    # the online residence answer names the temporary-residence fee; the fee entry gives all of them
    topic = index.by_id["cu-tru-dang-ky-tam-tru-truc-tuyen"]
    for text in ("phi bao nhieu vay", "phí nhiu z"):
        resolution = resolve(text, topic, index)
        assert resolution.kind is Kind.SIBLING and resolution.entry.id == "cu-tru-le-phi", text


def test_a_photo_named_in_a_follow_up_is_not_read_as_the_pronoun_anh(index):
    topic = index.by_id["ho-chieu-thoi-gian-giai-quyet"]
    hits = search_message(index, "cái ảnh thì phải chụp thế nào Hộ chiếu", k=5)
    assert pick_in_topic("à thì là cái ảnh thì phải chụp thế nào", topic, hits).id == "ho-chieu-yeu-cau-anh"


def test_a_fee_line_must_say_how_much_or_where_it_is_shown(index):
    # "hỏi trước cách trả lệ phí; số tiền theo mức đang áp dụng" names the fee without its amount: no answer
    assert not answer_lines(index.by_id["ho-chieu-nop-truc-tiep"], (Aspect.FEE,))
    # "lệ phí hiện trên cổng khi thanh toán" is all the content can say, and it says it
    lines = answer_lines(index.by_id["dich-vu-cong-ly-lich-tu-phap"], (Aspect.FEE,))
    assert any("lệ phí hiện trên cổng" in line for line in lines)


def test_a_new_topic_is_not_read_within_the_old_one(index):
    assert resolve("quên mật khẩu vneid thì làm sao", index.by_id["ho-chieu-lam-online-cac-buoc"], index) is None
    assert resolve("con tien dien thi tra tren app nao", index.by_id["thue-etax-tra-cuu-ma-so-thue"], index) is None


def test_an_analogy_keeps_the_aspect(index):
    resolution = resolve("còn hộ chiếu thì sao", index.by_id["can-cuoc-le-phi"], index)
    assert resolution.kind is Kind.ANALOGY and Aspect.FEE in resolution.aspects
    assert index.search(resolution.query, k=1)[0].entry.id == "ho-chieu-le-phi"


def test_asking_for_a_person_is_left_to_the_handover(index):
    assert resolve("bác làm không được, có ai chỉ giùm không", index.by_id["ho-chieu-lam-online-cac-buoc"], index) is None


def test_steps_are_the_entrys_steps_else_its_numbered_lines(index):
    entry = index.by_id["ho-chieu-lam-online-cac-buoc"]
    assert steps(entry) == list(entry.steps) and len(entry.steps) >= 5
    from dataclasses import replace

    old_style = replace(entry, steps=(), answer="Dạ, Bác làm thế này:\n1. Mở trang.\n2. Đăng nhập.\nXong.")
    assert steps(old_style) == ["1. Mở trang.", "2. Đăng nhập."]


def test_how_the_result_comes_is_its_sibling_entry(index):
    resolution = resolve("có gửi về tận nhà được không", index.by_id["ho-chieu-lam-online-cac-buoc"], index)
    assert resolution.kind is Kind.SIBLING and resolution.entry.id == "ho-chieu-nhan-ket-qua"
    assert aspects_of("nhận kết quả ở đâu") == [Aspect.DELIVERY]  # how it comes, not where the office is


def test_a_processing_time_is_not_answered_by_a_deadline_entry(index):
    # "Thời hạn đăng ký khai sinh" says when to register, not how long the office takes
    topic = index.by_id["ho-tich-lien-thong-khai-sinh"]
    resolution = resolve("Mấy ngày thì có?", topic, index)
    assert resolution is not None and "thoi han" not in key(resolution.entry.title)


def test_the_sibling_about_the_aspect_is_the_one_the_message_names(index):
    # "bị mất" is the lost card's entry, not the damaged card's, though both titles are about a loss
    topic = index.by_id["can-cuoc-tuoi-doi-the"]
    resolution = resolve("Nếu bị mất thì sao?", topic, index)
    assert resolution.kind is Kind.SIBLING and resolution.entry.id == "can-cuoc-mat-the-cap-lai"


@pytest.mark.parametrize("text", ["Nếu bị từ chối thì sao?", "neu doi so dt r thi sao", "Lỡ quên mật khẩu thì sao?"])
def test_a_case_of_the_topic_is_not_an_analogy(text):
    # "nếu …, thì sao" asks about the topic itself; "còn X thì sao" names another
    assert not is_analogy(text)
    assert is_analogy("còn hộ chiếu thì sao")


def test_an_analogy_keeps_the_aspect_the_resident_last_asked(index):
    # "Làm trên VNeID được không?" about the criminal-record certificate, then "Còn hộ chiếu thì sao?"
    topic = index.by_id["dich-vu-cong-ly-lich-tu-phap"]
    resolution = resolve("Còn hộ chiếu thì sao?", topic, index, previous="Làm trên VNeID được không?")
    assert resolution.kind is Kind.ANALOGY and resolution.aspects == (Aspect.ONLINE,)
    assert resolution.query.startswith("truc tuyen")


@pytest.mark.parametrize(
    "text",
    [
        "À mà sang tên sổ đỏ thì mần ở đâu?",
        "nhân tiện, đèn đường cũng hư",
        "tien cho hoi luon rut bhxh 1 lan",
        "cho hỏi thêm đăng ký tạm trú",
        "ờ mà cái vụ phạt nguội coi ở đâu",
        "còn vụ tiền điện đóng sao",
        "Còn một chuyện khác nữa: tiền nước",
    ],
)
def test_a_message_can_announce_a_new_subject(text):
    assert announces_new_subject(text)


@pytest.mark.parametrize(
    "text",
    ["vậy lệ phí bao nhiêu", "mà lỡ hổng báo thì bị gì hông?", "Mà nó đi làm bận quá", "nộp ở đâu z", "con muốn hỏi cách làm"],
)
def test_a_follow_up_does_not_announce_a_new_subject(text):
    assert not announces_new_subject(text)


def test_the_rules_pick_within_the_topic(index):
    passport = index.by_id["ho-chieu-lam-online-cac-buoc"]
    fee = resolve("vậy lệ phí bao nhiêu", passport, index)
    assert picked_by_rules(fee, "vậy lệ phí bao nhiêu", passport, index).id == "ho-chieu-le-phi"
    assert picked_by_rules(None, "sổ đỏ là gì", passport, index) is None  # a question of its own: none
    simpler = resolve("nói dễ hiểu hơn được không", passport, index)
    assert picked_by_rules(simpler, "nói dễ hiểu hơn được không", passport, index) is passport


@pytest.mark.parametrize(
    "topic_id, text, answer_id",
    [
        # after any scam, "what now" after a slip is the one entry that says what to do at once
        ("lua-dao-tin-nhan-cat-dien-thue", "lỡ bấm vô link rồi thì sao", "lua-dao-lo-dua-otp"),
        ("lua-dao-qua-100-nghin-vneid", "à tôi lỡ cài rồi thì làm sao bây giờ", "lua-dao-lo-dua-otp"),
        # after any report, reporting without a name is the Công dân số entry, which says how
        ("phan-anh-den-duong-hu", "có cần ghi tên không", "phuong-ung-dung-cong-dan-so"),
        ("phan-anh-tieng-on-karaoke", "co can de ten that khong, tui ngai hang xom biet", "phuong-ung-dung-cong-dan-so"),
    ],
)
def test_an_aspect_one_entry_answers_for_the_whole_field(index, topic_id, text, answer_id):
    resolution = resolve(text, index.by_id[topic_id], index)
    assert resolution is not None and resolution.kind is Kind.FIELD
    assert resolution.entry is not None and resolution.entry.id == answer_id
    assert picked_by_rules(resolution, text, index.by_id[topic_id], index) is resolution.entry


@pytest.mark.parametrize(
    "topic_id, text",
    [
        ("ho-tich-khai-sinh-giay-to-can-co", "có cần ghi tên cha không"),  # a birth certificate: no report
        ("vneid-kich-hoat-muc-1", "lỡ bấm nhầm rồi thì sao"),  # a slip outside scams and banking
        ("lua-dao-lo-dua-otp", "lỡ bấm rồi thì sao"),  # the field's entry itself: its own answer says it
    ],
)
def test_outside_its_field_the_aspect_is_read_within_the_topic(index, topic_id, text):
    resolution = resolve(text, index.by_id[topic_id], index)
    assert resolution is None or resolution.kind is not Kind.FIELD


def test_camera_fines_named_after_another_topic_are_a_new_topic(index):
    # "phạt nguội" is "phạt" (a fine asked) and "nguội", which folds to the generic "người": still a name
    topic = index.by_id["bhxh-bhyt-ma-so-la-so-dinh-danh"]
    from knowledge.naming import new_topic_words

    assert "phat_nguoi" in new_topic_words(topic_words("à mà phạt nguội tra ở đâu z ad", index), topic, index)


def test_a_follow_up_naming_a_way_of_the_topic_stays_within_it(index):
    # «gọi điện» is no other entry's title word pair (the fake power-cut call's title has «gọi» and «điện» apart)
    topic = index.by_id["cu-tru-thong-bao-luu-tru-thoi-han"]
    assert resolve("Báo sao con, gọi điện được hông?", topic, index) is not None
