"""The cue for a service question that also asks someone to come, call or help the speaker."""

from __future__ import annotations

import pytest

from actions.person_request import asks_for_a_person


@pytest.mark.parametrize(
    "text",
    [
        "Bác ở một mình, có bạn trẻ nào qua nhà chỉ bác làm căn cước online không",
        "Cháu ơi, ở phường có cô chú nào rảnh hướng dẫn bác đóng bảo hiểm y tế trên điện thoại không",
        "co ban nao ranh ghe nha chi ba cai vneid ko",
        "có ai hướng dẫn tôi đăng ký tạm trú không",
        "có cháu nào gọi điện hướng dẫn bà với",
        "co ai goi lai cho toi dc ko",
        "co nguoi nao lam ho toi ho so khai sinh ko",
        "CÓ AI XUỐNG NHÀ GIÚP BÁC KHÔNG",
        "bot trả lời ko hiểu j hết, nối máy e vs nhân viên dc ko",
        "máy hổng hiểu, kêu người thiệt ra nói chuyện giùm",
        "cho tôi nói chuyện với người thật",
        "ai đi nộp hồ sơ giùm ông dc ko, ông đi hổng nổi",  # opening on "ai"
        "Thôi có đứa nào ở phường mần giùm tui hông?",  # "đứa": how Southern elders name the young
        "ra phường thì có ai ngồi làm cùng tôi được không",  # beside the speaker
    ],
)
def test_asking_someone_to_help_the_speaker_is_spotted(text):
    assert asks_for_a_person(text)


@pytest.mark.parametrize(
    "text",
    [
        "có ai chỉ cách đổi mật khẩu vneid không",  # "anyone know how": a question for the bot
        "Lớp bình dân học vụ số có tình nguyện viên dạy không",  # about the class, nobody to help
        "có cán bộ đến nhà làm căn cước cho người già không",  # does the service exist
        "co ai goi cho toi tu xung cong an",  # a scam call reported
        "có ai làm cùng lúc hai thủ tục được không",  # at the same time, not together with the speaker
        "có người gọi điện cho tôi bảo nợ tiền điện",
        "có ai bị lừa qua điện thoại chưa",
        "bac nho nguoi nha nop ho so ho duoc ko",
        "phường có tuyên dương người thật việc thật không",
        "Ảnh trên căn cước có phải chụp người thật tại chỗ không",  # a photo of the person, not a request
        "ai làm hộ chiếu cho trẻ em",  # who does it: "hộ chiếu" is no "hộ" (for me)
        "ai được đi đăng ký khai sinh cho cháu",
        "",
    ],
)
def test_other_questions_are_left_to_the_bot(text):
    assert not asks_for_a_person(text)
