"""The form of address: «Bác» by default, following the resident who says who they are."""

from __future__ import annotations

import pytest

from bot.conversations.address import Address, detect, speak


@pytest.mark.parametrize(
    "text, form",
    [
        ("cho cháu hỏi làm căn cước ở đâu", Address.BAN),
        ("em muốn làm hộ chiếu online", Address.BAN),
        ("Dạ con đang ở trọ, đăng ký tạm trú sao ạ", Address.BAN),
        ("giúp con với, quên mật khẩu vneid", Address.BAN),
        ("mình muốn đăng ký tạm trú", Address.BAN),
        ("chị muốn hỏi về lệ phí hộ chiếu", Address.CHI),
        ("anh đang cần đổi bằng lái", Address.ANH),
        ("bác muốn hỏi lương hưu", Address.BAC),
        ("tui quên mật khẩu rồi", Address.BAC),
        ("em muốn hỏi... à mà thôi, bác hỏi giùm ông nhà: bác không biết cài VNeID", Address.BAC),  # the last one wins
    ],
)
def test_who_the_resident_says_they_are(text, form):
    assert detect(text) is form


@pytest.mark.parametrize(
    "text",
    [
        "tôi muốn hỏi thủ tục",
        "con tôi 5 tuổi làm căn cước được không",
        "anh ơi cho hỏi",
        "con em bị sốt",
        "hộ chiếu bao nhiêu tiền",
    ],
)
def test_messages_that_do_not_say_who_the_resident_is(text):
    assert detect(text) is None


def test_the_bots_own_words_follow_the_form():
    said = "Dạ, con chào Bác ạ! Con giúp bà con dùng dịch vụ công. Bác cứ hỏi con nhé."
    assert speak(said, Address.BAN) == "Dạ, mình chào bạn ạ! Mình giúp bà con dùng dịch vụ công. Bạn cứ hỏi mình nhé."
    assert speak(said, Address.CHI) == "Dạ, em chào chị ạ! Em giúp bà con dùng dịch vụ công. Chị cứ hỏi em nhé."
    assert speak(said, Address.BAC) == said and speak(said, None) == said


def test_in_answers_a_child_stays_a_child_and_a_doctor_a_doctor():
    answer = "Bác vào VNeID; con chưa chắc về phí. Nếu con của Bác dưới 6 tuổi thì làm qua VNeID. Bác sĩ ký giấy."
    assert speak(answer, Address.ANH, own_text=False) == (
        "Anh vào VNeID; em chưa chắc về phí. Nếu con của anh dưới 6 tuổi thì làm qua VNeID. Bác sĩ ký giấy."
    )


def test_every_answer_reads_without_a_stray_bac_in_another_form():
    from knowledge.entries import load_content

    for entry in load_content():
        for text in (entry.answer, *entry.steps):
            spoken = speak(text, Address.BAN, own_text=False)
            assert "Bác " not in spoken.replace("Bác sĩ", ""), (entry.id, spoken)


def test_the_gateway_follows_the_resident_and_remembers_it(client, rasa):
    reply = {
        "messages": [{"recipient_id": "x", "text": "Dạ, con chào Bác ạ. Bác cần con giúp gì?"}],
        "intent": "greet",
        "confidence": 1,
    }
    for text in ("cho cháu hỏi chút", "còn gì nữa không", "bác hỏi thêm việc khác"):
        rasa.script[text] = reply
    said = [
        client.post("/api/chat", json={"sender": "dia-chi-1", "message": text}).json()[0]["text"]
        for text in ("cho cháu hỏi chút", "còn gì nữa không", "bác hỏi thêm việc khác")
    ]
    assert said == [
        "Dạ, mình chào bạn ạ. Bạn cần mình giúp gì?",
        "Dạ, mình chào bạn ạ. Bạn cần mình giúp gì?",  # kept with the conversation
        "Dạ, con chào Bác ạ. Bác cần con giúp gì?",  # the resident said otherwise
    ]


def test_only_the_pronouns_change_case_never_a_link_or_another_word():
    text = "Bác xem tại đây: https://dichvucong.gov.vn\n🔗 Cổng: https://vneid.gov.vn. Con chúc Bác khỏe."
    assert (
        speak(text, Address.BAN)
        == "Bạn xem tại đây: https://dichvucong.gov.vn\n🔗 Cổng: https://vneid.gov.vn. Mình chúc bạn khỏe."
    )
