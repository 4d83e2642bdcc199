"""Follow-ups answered within the conversation's topic, through the actions Rasa calls."""

from __future__ import annotations

import re
import time

import pytest

from actions.answer_question import ActionAnswerQuestion
from actions.civic import ActionCivicReport, report_entry
from actions.emergency import ActionEmergency
from actions.fallback import ActionHandleFallback
from actions.farewell import ActionGoodbye, ActionThanks
from actions.human import ActionRequestHuman
from actions.identity import ActionBotIdentity
from actions.out_of_scope import ActionOutOfScope
from actions.presenting import NONE_OF_THESE_TITLE, PERSON_BUTTON
from tests.actions.test_actions import meta_of, run, user


def answered(faq_id: str) -> dict:
    return {
        "event": "bot",
        "timestamp": time.time(),
        "text": "…",
        "data": {"custom": {"meta": {"source": "faq", "faq_id": faq_id}}},
    }


PASSPORT = [user("làm hộ chiếu online như thế nào", "ask_question"), answered("ho-chieu-lam-online-cac-buoc")]


async def read_as(action, first: dict, topic: str, follow_up: str, intent: str, confidence: float) -> list[dict]:
    """What `action` says to `follow_up`, read by the NLU as `intent`, once the bot has answered `first` with `topic`."""
    return await run(action, [first, answered(topic), user(follow_up, intent, confidence=confidence)])


async def after_an_answer(question: str, topic: str, follow_up: str) -> list[dict]:
    """What the bot says to `follow_up` once it has answered `question` with the entry `topic`."""
    events = [user(question, "ask_question"), answered(topic), user(follow_up, "ask_question")]
    return await run(ActionAnswerQuestion(), events)


async def test_the_fee_after_the_passport_answer_is_the_passport_fee(live_index):
    answer, *_ = await run(ActionAnswerQuestion(), PASSPORT + [user("vậy lệ phí bao nhiêu", "ask_question")])
    assert meta_of(answer)["faq_id"] == "ho-chieu-le-phi"


async def test_the_same_message_without_a_topic_is_not_answered_as_the_passport_fee(live_index):
    # with no topic, the passport fee is at most a guess shown with the other fees beside it
    messages = await run(ActionAnswerQuestion(), [user("vậy lệ phí bao nhiêu", "ask_question")])
    if any(meta_of(m).get("faq_id") == "ho-chieu-le-phi" for m in messages):
        assert any(meta_of(m).get("offer") == "alternatives" for m in messages)


@pytest.mark.parametrize(
    ("question", "topic", "follow_up", "aspect"),
    [
        ("đăng ký lớp bình dân học vụ số ở đâu", "phuong-lich-lop-hoc", "học có mất tiền không", "lệ phí"),
        # the pension entry says where to change the place of payment, not how long it takes
        (
            "chuyển nhà thì đổi nơi nhận lương hưu sao",
            "bhxh-bhyt-doi-noi-nhan-luong-huu",
            "vậy chừng mấy ngày thì đổi được",
            "thời gian",
        ),
    ],
)
async def test_a_fee_or_time_the_topic_does_not_name_is_said_to_be_unknown_with_a_person(
    live_index, question, topic, follow_up, aspect
):
    [message] = await after_an_answer(question, topic, follow_up)
    assert meta_of(message) == {"source": "faq", "topic": topic, "offer": "not_said"}
    assert f"chưa nói đến {aspect}" in message["text"] and message["buttons"] == [PERSON_BUTTON]


async def test_a_time_written_in_words_is_a_time_the_answer_says(live_index):
    # "chưa đến một phút" is how long the welfare account takes: that line is the answer, not "not said"
    [part, *_] = await after_an_answer(
        "đăng ký tài khoản nhận trợ cấp trên vneid", "an-sinh-xa-hoi-tai-khoan-vneid-cac-buoc", "làm xong thì bao lâu mới có"
    )
    assert meta_of(part)["offer"] == "part" and "một phút" in part["text"]


async def test_money_named_in_passing_is_not_told_the_fee_is_unknown(live_index):
    # "rút tiền" names money, it does not ask what the card costs
    messages = await after_an_answer(
        "thẻ căn cước hết hạn thì ngân hàng có khóa tài khoản không",
        "can-cuoc-het-han-ngan-hang",
        "vậy thì ngân hàng vẫn cho rút tiền chứ",
    )
    assert messages and not any(meta_of(m).get("offer") == "not_said" for m in messages)


async def test_how_long_is_answered_from_the_lines_of_the_answer_that_say_it(live_index):
    [part] = await run(ActionAnswerQuestion(), PASSPORT + [user("bao lâu thì có", "ask_question")])
    assert meta_of(part)["faq_id"] in ("ho-chieu-lam-online-cac-buoc", "ho-chieu-thoi-gian-giai-quyet")
    assert PERSON_BUTTON in part["buttons"]  # a part, a sibling or the whole answer: a person is one tap away
    if meta_of(part).get("offer") == "part":
        assert part["text"].startswith("Dạ, về thời gian của «") and "8 ngày làm việc" in part["text"]


async def test_after_the_fee_of_a_topic_the_next_follow_up_is_still_about_the_topic(live_index):
    [fee, *_] = await run(ActionAnswerQuestion(), PASSPORT + [user("vậy lệ phí bao nhiêu", "ask_question")])
    assert meta_of(fee)["faq_id"] == "ho-chieu-le-phi" and meta_of(fee)["subject"] == "ho-chieu-lam-online-cac-buoc"
    # what the bot sent is in the tracker as a bot event carrying that meta
    said = {"event": "bot", "timestamp": time.time(), "text": fee["text"], "data": {"custom": fee["custom"]}}
    events = PASSPORT + [user("vậy lệ phí bao nhiêu", "ask_question"), said]
    [where, *_] = await run(ActionAnswerQuestion(), events + [user("làm xong nhận ở đâu", "ask_question")])
    # read within the passport (its answer says how the passport comes), not within its fee
    assert meta_of(where)["faq_id"] in ("ho-chieu-lam-online-cac-buoc", "ho-chieu-nhan-ket-qua")
    [photo, *_] = await run(ActionAnswerQuestion(), events + [user("chụp hình sao", "ask_question")])
    assert meta_of(photo)["faq_id"] == "ho-chieu-yeu-cau-anh"
    [simpler, *_] = await run(ActionAnswerQuestion(), events + [user("nói dễ hiểu hơn được không", "ask_question")])
    assert meta_of(simpler)["faq_id"] == "ho-chieu-le-phi"  # the answer just read, step by step


async def test_what_to_bring_names_nothing_of_its_own_and_is_read_within_the_topic(live_index):
    # the ward's own "what to bring to the one-stop desk" entry is sure of these words alone, but they ask the
    # topic's papers
    answer, *_ = await after_an_answer(
        "tài khoản định danh mức 2 đăng ký ở đâu", "vneid-dang-ky-muc-2", "đi thì cần mang theo những gì"
    )
    assert meta_of(answer)["faq_id"] == "vneid-dang-ky-muc-2" and "căn cước" in answer["text"]


async def test_a_thing_common_elsewhere_but_new_to_the_topic_is_a_question_of_its_own(live_index):
    # "căn cước" is in a hundred entries (not a rare topic word), but never in the passport fee's
    answer, *_ = await after_an_answer("hộ chiếu bị mất làm lại phí bao nhiêu", "ho-chieu-le-phi", "con mat the can cuoc thi sao")
    assert meta_of(answer)["faq_id"].startswith("can-cuoc-")


async def test_after_a_scam_answer_a_slip_gets_what_to_do_at_once(live_index):
    answer, *_ = await after_an_answer(
        "tin nhắn báo cắt điện đòi bấm link đóng tiền", "lua-dao-tin-nhan-cat-dien-thue", "ờ lỡ bấm vô link rồi thì sao"
    )
    assert meta_of(answer)["faq_id"] == "lua-dao-lo-dua-otp" and "khóa tài khoản" in answer["text"]


async def test_after_a_report_giving_no_name_is_answered_even_where_the_nlu_could_not_read_it(live_index):
    first = user("đèn đường hẻm nhà tui tắt cả tuần", "civic_report")
    answer, *_ = await read_as(ActionHandleFallback(), first, "phan-anh-den-duong-hu", "co can de ten khong", "nlu_fallback", 0.3)
    assert meta_of(answer)["faq_id"] == "phuong-ung-dung-cong-dan-so" and "ẩn danh" in answer["text"]


async def test_a_follow_up_the_nlu_could_not_read_is_still_answered_in_the_topic(live_index):
    answer, *_ = await run(ActionHandleFallback(), PASSPORT + [user("có mất tiền không", "nlu_fallback", confidence=0.3)])
    assert meta_of(answer)["faq_id"] == "ho-chieu-le-phi"


async def test_a_follow_up_read_as_out_of_scope_is_answered_in_the_topic(live_index):
    first = user("đăng ký tạm trú cho người thuê trọ", "ask_question")
    answer, *_ = await read_as(
        ActionOutOfScope(), first, "cu-tru-dang-ky-tam-tru-truc-tuyen", "có mất tiền không", "out_of_scope", 0.7
    )
    # the fee, from the topic's own steps (they say it) or its fee entry
    assert meta_of(answer)["faq_id"] in ("cu-tru-le-phi", "cu-tru-dang-ky-tam-tru-truc-tuyen") and "7.000" in answer["text"]


async def test_a_new_topic_replaces_the_old_one(live_index):
    answer, *_ = await run(ActionAnswerQuestion(), PASSPORT + [user("quên mật khẩu vneid thì làm sao", "ask_question")])
    assert meta_of(answer)["faq_id"] == "vneid-quen-mat-khau"


async def test_a_new_topic_by_analogy_keeps_the_aspect(live_index):
    events = [
        user("làm căn cước mất bao nhiêu tiền", "ask_question"),
        answered("can-cuoc-le-phi"),
        user("còn hộ chiếu thì sao", "ask_question"),
    ]
    answer, *_ = await run(ActionAnswerQuestion(), events)
    assert meta_of(answer)["faq_id"] == "ho-chieu-le-phi"


async def test_say_it_simpler_gives_the_steps_and_a_person(live_index):
    events = PASSPORT + [user("bác không hiểu, nói dễ hơn được không", "complain", confidence=0.7)]
    [steps] = await run(ActionRequestHuman(), events)
    assert meta_of(steps)["faq_id"] == "ho-chieu-lam-online-cac-buoc" and meta_of(steps)["offer"] == "steps"
    assert "1. " in steps["text"] and "\n\n2. " in steps["text"] and steps["buttons"] == [PERSON_BUTTON]


async def test_a_real_complaint_after_an_answer_still_goes_to_a_person(live_index):
    events = PASSPORT + [user("trả lời vớ vẩn, bực mình quá", "complain", confidence=0.9)]
    [message] = await run(ActionRequestHuman(), events)
    assert meta_of(message)["handoff_reason"] == "complaint"


@pytest.mark.parametrize("said", ["con nói lại gọn gọn cho tui dễ nhớ đi", "noi lai de hieu hon di ad"])
async def test_say_it_again_shorter_misread_as_asking_for_a_person_gets_the_steps(live_index, said):
    [steps, *_] = await run(ActionRequestHuman(), PASSPORT + [user(said, "request_human", confidence=0.8)])
    assert meta_of(steps)["faq_id"] == "ho-chieu-lam-online-cac-buoc" and not meta_of(steps).get("handoff")


@pytest.mark.parametrize("said", ["cho tôi gặp người giải thích rõ hơn", "có ai nói lại dễ hiểu hơn giùm không"])
async def test_asking_someone_to_explain_is_still_a_request_for_a_person(live_index, said):
    [message] = await run(ActionRequestHuman(), PASSPORT + [user(said, "request_human", confidence=0.8)])
    assert meta_of(message)["handoff_reason"] == "request_human"


async def test_a_half_read_complaint_that_says_the_resident_is_fed_up_goes_to_a_person(live_index):
    said = "hồ sơ nộp hai tuần rồi không ai duyệt, quá bực"
    [message] = await run(ActionRequestHuman(), [user(said, "complain", confidence=0.45)])
    assert meta_of(message)["handoff_reason"] == "complaint"


async def test_frustration_the_nlu_could_not_read_goes_to_a_person_at_once(live_index):
    [message] = await run(ActionHandleFallback(), [user("huhu cai nay hanh bac ca tuan nay roi, nan lam", "nlu_fallback", 0.3)])
    assert meta_of(message) == {"source": "dialogue", "handoff": True, "handoff_reason": "complaint"}


async def test_a_question_asked_crossly_that_the_knowledge_base_is_sure_of_is_answered(live_index):
    said = "chữ ký số là cái gì mà người ta cứ nói hoài"
    [answer, *_] = await run(ActionRequestHuman(), [user(said, "complain", confidence=0.55)])
    assert meta_of(answer)["faq_id"] == "ky-nang-so-chu-ky-so" and not meta_of(answer).get("handoff")


async def test_someone_asked_to_do_it_for_the_resident_goes_to_a_person_even_unread(live_index):
    events = PASSPORT + [user("ai đi làm hồ sơ giùm bà dc ko ad, bà đi k nổi", "nlu_fallback", confidence=0.3)]
    messages = await run(ActionHandleFallback(), events)
    assert any(meta_of(m).get("handoff") for m in messages)


async def test_i_cannot_do_it_can_someone_show_me_goes_to_a_person(live_index):
    events = PASSPORT + [user("bác làm không được, có ai chỉ giùm không", "ask_question")]
    messages = await run(ActionAnswerQuestion(), events)
    assert meta_of(messages[-1]) == {"source": "dialogue", "handoff": True, "handoff_reason": "request_human"}


async def test_asking_for_an_official_after_an_answer_is_not_answered_with_the_topic_again(live_index):
    events = [user("xin giấy phép xây nhà ở đâu", "ask_question"), answered("dat-dai-xay-dung-giay-phep-xay-nha")]
    said = "toi khong hieu may thu tuc nay, co can bo nao giup toi lam ho so khong"
    # the NLU could not read it: the fallback tries the topic first, then the search, which hands over
    messages = await run(ActionHandleFallback(), events + [user(said, "nlu_fallback", confidence=0.3)])
    assert not any(meta_of(m).get("faq_id") == "dat-dai-xay-dung-giay-phep-xay-nha" for m in messages)
    assert meta_of(messages[-1]).get("handoff") is True


async def test_a_follow_up_read_as_a_question_about_the_bot_is_answered_in_the_topic(live_index):
    events = [
        user("cháu 3 tuổi làm căn cước được không", "ask_question"),
        answered("can-cuoc-tre-duoi-6-tuoi"),
        user("làm ở đâu vậy", "bot_identity", confidence=0.5),
    ]
    [message] = await run(ActionBotIdentity(), events)
    assert meta_of(message)["faq_id"] == "can-cuoc-tre-duoi-6-tuoi"
    [plain] = await run(ActionBotIdentity(), [user("bạn là ai", "bot_identity", confidence=0.95)])
    assert plain["response"] == "utter_bot_identity"


async def test_a_civic_report_gets_its_entry_which_becomes_the_topic(live_index):
    [message] = await run(ActionCivicReport(), [user("đèn đường hẻm nhà tôi hư mấy bữa nay", "civic_report", confidence=0.9)])
    assert meta_of(message)["faq_id"] == "phan-anh-den-duong-hu"
    assert "1022" in message["text"] and not re.search(r"(?<!\d)11[345](?!\d)", message["text"])
    assert "Gặp người hỗ trợ" in [b["title"] for b in message["buttons"]]


async def test_a_civic_report_no_entry_is_about_gets_where_to_report_anything(live_index):
    [message] = await run(ActionCivicReport(), [user("chó hoang trong hẻm sủa cả đêm, bắt giùm", "civic_report", confidence=0.9)])
    assert message["response"] == "utter_civic_report"


def test_a_report_entry_that_gives_the_emergency_numbers_is_not_a_routine_answer(live_index):
    assert report_entry("dây điện đứt rơi xuống đường trước nhà") is None
    assert report_entry("đèn đường hẻm nhà tôi hư mấy bữa nay") is not None


async def test_a_civic_report_that_sounds_dangerous_gets_the_emergency_numbers(live_index):
    report = user("cây đổ chắn đường có người bị kẹt bên dưới", "civic_report", confidence=0.6)
    report["parse_data"]["intent_ranking"] = [
        {"name": "civic_report", "confidence": 0.6},
        {"name": "emergency", "confidence": 0.35},
    ]
    numbers, handing_over = await run(ActionCivicReport(), [report])
    assert numbers["response"] == "utter_emergency"
    assert meta_of(handing_over) == {"source": "dialogue", "handoff": True, "handoff_reason": "emergency"}


async def test_a_hazard_report_with_the_emergency_far_behind_is_a_report_not_an_alarm(live_index):
    # "đè lên" and "nguy hiểm" are danger words, but the NLU put the emergency well behind the report
    report = user("cây trước cổng trường gãy nhánh đè lên dây điện, nguy hiểm lắm, báo ở đâu", "civic_report", confidence=0.8)
    report["parse_data"]["intent_ranking"] = [
        {"name": "civic_report", "confidence": 0.8},
        {"name": "emergency", "confidence": 0.16},
    ]
    messages = await run(ActionCivicReport(), [report])
    assert not any(m.get("response") == "utter_emergency" or meta_of(m).get("handoff") for m in messages)


async def test_a_request_for_a_person_half_read_as_a_report_is_handed_over(live_index):
    events = [user("tui già rồi hổng biết xài máy, nối máy cho tui gặp cán bộ giùm", "civic_report", confidence=0.35)]
    messages = await run(ActionCivicReport(), events)
    assert meta_of(messages[-1])["handoff_reason"] == "request_human"
    assert not any(m.get("response") == "utter_civic_report" for m in messages)


async def test_a_question_half_read_as_a_report_gets_the_knowledge_base_not_the_reporting_reply(live_index):
    # the knowledge base is fairly, not fully, sure: an answer with its alternatives, not "where to report"
    events = [user("ve gia co tro cap gi khong", "civic_report", confidence=0.4)]
    messages = await run(ActionCivicReport(), events)
    assert meta_of(messages[0])["faq_id"].startswith("an-sinh-xa-hoi-tro-cap")
    assert not any(m.get("response") == "utter_civic_report" for m in messages)


async def test_a_question_the_nlu_hears_as_a_report_gets_the_entry_the_knowledge_base_is_sure_of(live_index):
    events = [user("không còn cấp quận nữa thì thủ tục trước làm ở quận giờ làm ở đâu", "civic_report", confidence=0.7)]
    [message] = await run(ActionCivicReport(), events)
    assert meta_of(message)["faq_id"] == "dich-vu-cong-thu-tuc-cap-quan-cu"


async def test_frustration_after_an_answer_goes_to_a_person_not_to_the_steps(live_index):
    events = PASSPORT + [user("ko hieu gi het, huong dan kieu gi vay troi", "complain", confidence=0.97)]
    [message] = await run(ActionRequestHuman(), events)
    assert meta_of(message)["handoff_reason"] == "complaint"


PENSION = [
    user("người già 80 tuổi không có lương hưu có trợ cấp gì không", "ask_question"),
    answered("an-sinh-xa-hoi-tro-cap-nguoi-cao-tuoi"),
]


async def test_a_follow_up_misread_as_an_emergency_is_answered_in_the_topic(live_index):
    events = PENSION + [user("Mẹ tôi 80 tuổi ở nhà thì sao?", "emergency", confidence=0.46)]
    messages = await run(ActionEmergency(), events)
    assert [meta_of(m).get("faq_id") for m in messages] == ["an-sinh-xa-hoi-tro-cap-nguoi-cao-tuoi"]
    assert not any("113" in (m.get("text") or "") for m in messages)


async def test_a_follow_up_the_nlu_half_reads_as_an_emergency_is_read_as_a_question_would_be(live_index):
    # elderly and Southern speech lends a follow-up some of the emergency's confidence; unsure of it, the follow-up
    # reader reads it in full, not only the kinds it trusts when the NLU read something else
    events = [
        user("làm căn cước cho bé 4 tuổi được không", "ask_question"),
        answered("can-cuoc-tre-duoi-6-tuoi"),
        unsure_emergency("còn bé lớn nhà e 8t thì có cần lm ko", 0.45),
    ]
    messages = await run(ActionEmergency(), events)
    assert meta_of(messages[0]).get("faq_id", "").startswith("can-cuoc-tre")
    assert not any(m.get("response") == "utter_emergency" for m in messages)


async def test_an_emergency_in_the_middle_of_a_topic_still_gets_the_numbers(live_index):
    events = PENSION + [user("mẹ tôi té ở nhà tắm không dậy được", "emergency", confidence=0.46)]
    numbers, handing_over = await run(ActionEmergency(), events)
    assert numbers["response"] == "utter_emergency"
    assert meta_of(handing_over) == {"source": "dialogue", "handoff": True, "handoff_reason": "emergency"}


async def test_an_emergency_without_a_topic_gets_the_numbers_whatever_its_words(live_index):
    numbers, handing_over = await run(ActionEmergency(), [user("mẹ tôi ở nhà thì sao", "emergency", confidence=0.9)])
    assert numbers["response"] == "utter_emergency"
    assert meta_of(handing_over)["handoff_reason"] == "emergency"


async def test_a_report_with_an_emergency_close_behind_but_no_danger_is_not_an_alarm(live_index):
    report = user("đèn đường đầu hẻm nhà tôi tắt cả tuần nay", "civic_report", confidence=0.7)
    report["parse_data"]["intent_ranking"] = [
        {"name": "civic_report", "confidence": 0.7},
        {"name": "emergency", "confidence": 0.25},
    ]
    [message] = await run(ActionCivicReport(), [report])
    assert message.get("response") != "utter_emergency" and meta_of(message)["faq_id"] == "phan-anh-den-duong-hu"


def unsure_emergency(text: str, confidence: float) -> dict:
    message = user(text, "emergency", confidence=confidence)
    message["parse_data"]["intent_ranking"] = [
        {"name": "emergency", "confidence": confidence},
        {"name": "ask_question", "confidence": 1 - confidence},
    ]
    return message


async def test_an_unsure_emergency_that_names_no_danger_is_answered_as_a_question(live_index):
    # «lừa đảo» folds to «lua dao» (fire, knife): typed with its accents it names no danger
    text = "Thằng cháu biểu tui cài VNeID mà nghe người ta bị lừa đảo quá trời, cài ở đâu cho an toàn con?"
    messages = await run(ActionEmergency(), [unsure_emergency(text, 0.36)])
    assert all(m.get("response") != "utter_emergency" for m in messages)
    assert not any(meta_of(m).get("handoff") for m in messages)
    assert any(meta_of(m).get("faq_id") or m.get("buttons") for m in messages)


async def test_an_unsure_emergency_that_names_a_danger_still_gets_the_numbers(live_index):
    numbers, handing_over = await run(ActionEmergency(), [unsure_emergency("nhà hàng xóm đang cháy, cài VNeID ở đâu", 0.36)])
    assert numbers["response"] == "utter_emergency"
    assert meta_of(handing_over)["handoff_reason"] == "emergency"


async def test_a_sure_emergency_gets_the_numbers_even_without_a_danger_word(live_index):
    numbers, _ = await run(ActionEmergency(), [unsure_emergency("cài VNeID ở đâu cho an toàn", 0.8)])
    assert numbers["response"] == "utter_emergency"


GRADE_10 = [user("đăng ký thi vào lớp 10 thế nào", "ask_question"), answered("giao-duc-tuyen-sinh-lop-10")]


async def test_a_follow_up_the_rules_miss_is_read_with_the_topic_when_the_search_alone_is_unsure(live_index):
    follow_up = "nếu ghi nhầm nguyện vọng thì sửa sao"
    alone = await run(ActionAnswerQuestion(), [user(follow_up, "ask_question")])
    in_context = await run(ActionAnswerQuestion(), GRADE_10 + [user(follow_up, "ask_question")])
    assert not any(meta_of(m).get("faq_id") for m in alone)  # alone: a choice at most
    assert meta_of(in_context[0])["faq_id"] == "giao-duc-tuyen-sinh-lop-10"


async def test_a_question_naming_another_service_is_not_pulled_into_the_topic(live_index):
    events = [user("sổ hộ khẩu giấy bỏ rồi thì dùng gì", "ask_question"), answered("cu-tru-so-ho-khau-va-mau-ct07")]
    messages = await run(ActionAnswerQuestion(), events + [user("Làm hộ chiếu có cần sổ hộ khẩu hông?", "ask_question")])
    assert not any(meta_of(m).get("faq_id") == "cu-tru-so-ho-khau-va-mau-ct07" for m in messages)


async def test_an_unsure_follow_up_answer_shows_the_next_readings_under_it(live_index):
    events = [user("tra cuu ma so thue ca nhan o dau", "ask_question"), answered("thue-etax-tra-cuu-ma-so-thue")]
    messages = await run(ActionAnswerQuestion(), events + [user("tren dien thoai co app nao ko", "ask_question")])
    assert meta_of(messages[0])["faq_id"].startswith("thue-etax-")  # read within the tax topic
    assert meta_of(messages[0])["faq_score"] < 0.6
    [offer] = [m for m in messages if meta_of(m).get("offer") == "alternatives"]
    assert 1 <= len(offer["buttons"]) <= 2 and all(b["payload"].startswith("/ask_question") for b in offer["buttons"])


async def test_a_sure_follow_up_answer_comes_alone(live_index):
    messages = await run(ActionAnswerQuestion(), PASSPORT + [user("vậy lệ phí bao nhiêu", "ask_question")])
    assert meta_of(messages[0])["faq_id"] == "ho-chieu-le-phi"
    assert not any(meta_of(m).get("offer") == "alternatives" for m in messages)


async def test_how_long_the_office_takes_is_not_answered_with_a_deadline(live_index):
    # «Thời hạn và người có trách nhiệm đăng ký khai tử» says when one must register, not how long it takes
    messages = await after_an_answer(
        "làm giấy khai tử cho ông nhà tôi thế nào", "ho-tich-lien-thong-khai-tu", "vậy mất bao nhiêu ngày thì có"
    )
    assert messages and all(meta_of(m).get("faq_id") != "ho-tich-khai-tu-thoi-han" for m in messages)


async def test_an_unsure_goodbye_that_asks_it_said_more_simply_gets_the_steps(live_index):
    events = [user("đăng ký tạm trú online thế nào", "ask_question"), answered("cu-tru-dang-ky-tam-tru-truc-tuyen")]
    said = user("Tui già rồi nói gọn gọn thôi nghen.", "goodbye", confidence=0.47)
    messages = await run(ActionGoodbye(), events + [said])
    assert meta_of(messages[0])["faq_id"] == "cu-tru-dang-ky-tam-tru-truc-tuyen" and "1." in messages[0]["text"]
    [bye] = await run(ActionGoodbye(), events + [user("thôi con chào bác nhé", "goodbye", confidence=0.95)])
    assert bye["response"] == "utter_goodbye"


async def test_a_sure_thanks_is_a_thanks_though_it_praises_an_easy_answer(live_index):
    events = [user("đăng ký tạm trú online thế nào", "ask_question"), answered("cu-tru-dang-ky-tam-tru-truc-tuyen")]
    [thanks] = await run(ActionThanks(), events + [user("Bác cảm ơn, cháu chỉ dễ hiểu lắm", "thanks", confidence=0.96)])
    assert thanks["response"] == "utter_thanks"
    # unsure of the thanks, and asking outright for it said more simply: the steps
    messages = await run(ActionThanks(), events + [user("cảm ơn, mà nói từng bước giúp bác", "thanks", confidence=0.55)])
    assert meta_of(messages[0])["faq_id"] == "cu-tru-dang-ky-tam-tru-truc-tuyen"


async def test_another_app_asked_by_analogy_is_a_question_of_its_own(live_index):
    messages = await after_an_answer(
        "quên mật khẩu VssID", "bhxh-bhyt-quen-mat-khau-vssid", "Còn cái VNeID quên mật khẩu thì sao con?"
    )
    assert meta_of(messages[0])["faq_id"] == "vneid-quen-mat-khau"


async def test_an_age_asked_by_analogy_stays_with_the_topic(live_index):
    messages = await after_an_answer("lệ phí làm hộ chiếu", "ho-chieu-le-phi", "Còn làm cho con gái tôi 10 tuổi thì thế nào?")
    assert meta_of(messages[0])["faq_id"] == "ho-chieu-cho-tre-em"


async def test_the_number_to_call_after_a_report_is_the_line_that_gives_it(live_index):
    # read by the NLU as out of scope, as the tuning conversations' "goi so nao" was
    events = [user("o ga lon truoc hem toi phan anh o dau", "civic_report"), answered("phan-anh-o-ga-mat-duong")]
    events.append(user("goi so nao", "out_of_scope", confidence=0.5))
    [answer, *_] = await run(ActionOutOfScope(), events)
    assert answer["text"].startswith("Dạ, về số điện thoại cần gọi của «Báo ổ gà")
    assert "1022" in answer["text"] and meta_of(answer)["faq_id"] == "phan-anh-o-ga-mat-duong"


async def test_a_danger_the_nlu_took_for_a_question_gets_the_numbers_not_a_follow_up(live_index):
    # sure it was a question, in the middle of the passport: no entry answers it, so it is an emergency
    events = PASSPORT + [user("thằng nhỏ đụng ổ điện, giờ nằm co quắp không mở mắt", "ask_question", confidence=0.9)]
    numbers, handing_over = await run(ActionAnswerQuestion(), events)
    assert numbers["response"] == "utter_emergency"
    assert meta_of(handing_over)["handoff_reason"] == "emergency"


async def test_a_question_asked_beside_a_present_danger_gets_the_numbers_first_then_its_answer(live_index):
    # the knowledge base answers the question, but the theft has just happened: the police can still act (until
    # session 26 the answer came alone)
    said = "vừa bị giật điện thoại, trong đó có ứng dụng ngân hàng, giờ phải khóa gì trước"
    numbers, answer, *_, handing_over = await run(ActionAnswerQuestion(), [user(said, "ask_question", confidence=0.9)])
    assert numbers["response"] == "utter_emergency"
    assert meta_of(answer)["source"] == "faq" and meta_of(answer)["faq_id"] == "ngan-hang-vi-dien-tu-mat-dien-thoai"
    assert meta_of(handing_over)["handoff_reason"] == "emergency"


async def test_a_report_the_knowledge_base_is_sure_of_keeps_its_answer_alone(live_index):
    # a reporting entry: a report never gets 113–115 in its first reply
    said = "cột đèn đầu hẻm bị chập, dây điện đứt tóe lửa, báo ai sửa vậy con"
    [answer, *rest] = await run(ActionAnswerQuestion(), [user(said, "ask_question", confidence=0.9)])
    assert answer.get("response") != "utter_emergency" and meta_of(answer)["faq_id"].startswith("phan-anh-")
    assert not any(m.get("response") == "utter_emergency" for m in rest)


@pytest.mark.parametrize(
    ("action", "question", "topic", "said", "intent", "confidence"),
    [
        # "mỡ máu cao kiêng ăn gì" after the electronic health book: a question we do not cover, not the book again
        (
            ActionAnswerQuestion,
            "sổ sức khỏe điện tử trên vneid xem ở đâu",
            "vneid-so-suc-khoe-dien-tu",
            "ừm mà mỡ máu của tôi cao thì kiêng ăn những gì",
            "ask_question",
            0.8,
        ),
        # football after the camera fines, which the NLU could not read
        (
            ActionHandleFallback,
            "tra phạt nguội ở đâu",
            "giao-thong-phat-nguoi-nop-phat",
            "Mà con ơi tối nay coi đá banh kênh nào dzậy?",
            "nlu_fallback",
            0.3,
        ),
    ],
)
async def test_something_else_asked_after_an_answer_is_not_answered_with_the_topic(
    live_index, action, question, topic, said, intent, confidence
):
    messages = await read_as(action(), user(question, "ask_question"), topic, said, intent, confidence)
    assert not any(meta_of(m).get("faq_id") == topic for m in messages)
    assert any(PERSON_BUTTON["title"] in [b["title"] for b in m.get("buttons") or ()] for m in messages)
    # the topic's reading is at most offered, in a choice that ends with the way out
    for message in messages:
        titles = [b["title"] for b in message.get("buttons") or ()]
        if live_index.current().by_id[topic].title in titles:
            assert meta_of(message)["offer"] == "choice" and titles[-1] == NONE_OF_THESE_TITLE
