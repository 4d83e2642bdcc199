"""The phrases that say someone is in danger now (nlu.danger), read as residents type them."""

from __future__ import annotations

import pytest
import yaml

from nlu.danger import any_danger, present_danger
from tests.support.database import ROOT


@pytest.mark.parametrize(
    "text",
    [
        "Ông chồng nhà bên say rượu, giờ đang cầm dao đuổi vợ con chạy ra đường, tôi phải báo ai?",
        "cuu voi nha ben chay roi",  # "cuu" is not read as the teencode "cu" here
        "chay nha o hem 45 roi",  # nor "hem" as "không"
        "Bà tôi nằm bất tỉnh trong nhà tắm",
        "nghe mùi gas nồng nặc cả dãy trọ",
        "thằng nhỏ rơi xuống ao không thấy ngoi lên",
        "ông già rớt xuống rạch sau nhà rồi",  # Southern "rớt" for "rơi", a canal
        "thang be te xuong kenh roi goi giup voi",
        "em vừa bị tụi nó chạy xe giật đt ngoài đầu hẻm",  # a snatch theft just now: "đt" is the phone
        "ba toi moi bi giat day chuyen o cho",
        "tui vừa bị thằng nào giựt cái bóp ngoài chợ",  # Southern "giựt"
        "Có thằng đang danh nhau ngoài hẻm",
        "có ông cụ vừa ngã gục trước sạp, thở rất yếu",  # someone collapsing in front of the resident
        "ba toi guc xuong ban, tho yeu lam",  # "đánh" typed bare: the harmless "đang danh" hides no "danh nhau"
        # signs rather than names (session 22)
        "bà nhà tôi tự nhiên nói ngọng, miệng méo xệch",  # a stroke
        "ông cụ nằm trong phòng gọi không dậy",
        "thang nho nuot dong xu roi mat tim tai",
        "con ơi má tui bị nghẹn cục xôi",  # choking; «bị nghẽn», a congested line, is not
        "nó nhắn là không muốn sống nữa",
        "thằng nhỏ bị chìm ngoài sông rồi",
        "hai thằng say rút dao ra đâm nhau",
        "bức tường sập đè lên người thợ, ổng bị đè bên dưới",
        "ổ cắm xẹt lửa, có mùi khét",
        "chuong bao chay keu inh oi duoi tang ham",
        "nó bị điện giựt nằm đơ ra",
        "có thằng đang giật xe ông hàng xóm, hai người đang giằng co",
        # session 26: poison swallowed by mistake, raving, a pregnancy bleeding
        "ông nhà tui uống lộn ly thuốc tẩy bồn cầu, giờ rát cổ quá",
        "thằng nhỏ nghịch uống phải thuốc diệt cỏ ngoài vườn",
        "ba tôi sốt cao rồi nói sảng, không nhận ra ai",
        "vo toi co bau 6 thang tu nhien ra mau nhieu qua",
        # session 27: a baby not breathing, a rope taken out
        "thằng nhỏ môi tái xanh, ngực không phập phồng gì hết",
        "em be mem oat khong khoc nua",
        "ổng cầm sợi dây thừng ra sau nhà rồi",
        "có cô gái trèo qua lan can cầu đứng ngoài",
        "ba tui nói líu lưỡi, tay chân lạnh ngắt",
        "bả nói chán sống rồi uống cả vỉ thuốc",
    ],
)
def test_a_present_danger_is_found_accented_or_not(text):
    assert present_danger(text)


@pytest.mark.parametrize(
    "text",
    [
        "tôi cần người hỗ trợ trực tiếp",  # "cần người", not "cán người"
        "Nằm mơ thấy người chết đánh con gì?",
        "Đèn giao thông ở ngã tư bị hư, xe cộ chạy lộn xộn",
        "điện thoại bị cướp giật rồi, khóa ứng dụng ngân hàng thế nào",
        "thẻ bảo hiểm y tế đi cấp cứu trái tuyến có được không",
        "điện thoại rớt xuống nước rồi, sim còn dùng được không",
        "xe tôi chết máy, gọi cứu hộ xe ở đâu",
        "tra cứu giúp tôi hồ sơ hộ chiếu",  # «tra cứu» (look up), not «cứu giúp» (help, rescue)
        "tra cuu giup toi ho so ho chieu",
        "ung dung vneid ngung dap ung roi",  # an app that stopped responding, not a heart
        "con nói sang chuyện tạm trú giùm tui",  # «nói sang» (over to), not «nói sảng» (raving)
        "phường ra mẫu nhiều quá, tôi không biết điền mẫu nào",  # forms, not blood
    ],
)
def test_service_questions_and_reports_name_no_present_danger(text):
    assert present_danger(text) is None


@pytest.mark.parametrize(
    "text", ["Mẹ tôi 80 tuổi ở nhà thì sao?", "Ông nhà tui 72 mà nhà nghèo thì sao nghen?", "lệ phí bao nhiêu"]
)
def test_follow_ups_on_a_service_name_no_danger_at_all(text):
    assert not any_danger(text)


@pytest.mark.parametrize(
    "text",
    [
        "công ty giải thể, tôi cũng không tính đi làm lại nữa",  # «không tính», not «không tỉnh»
        "điện thoại còn bảo hành không con",  # «bảo hành», not «bạo hành»
        "app ngân hàng đang chạy thì đứng màn hình",  # «đang chạy», not «đang cháy»
        "giặt túi xách bằng máy giặt được không",
        "chép bài thơ yêu cho vợ",  # «thơ yêu», not «thở yếu»  # «giặt» (wash), not «giật» (snatch)
        "mạng bị nghẽn nên không nộp được hồ sơ",  # «nghẽn», not «nghẹn»
        "máy giặt đang giặt thì mất điện",  # «đang giặt», not «đang giật»
        "đổi từ tự đi lấy sang gửi về nhà",  # «từ tự», not «tự tử»
        "tôi muốn lựa lên đời điện thoại",  # «lựa lên», not «lửa lên»
        "tối nào cũng có đám nhậu hát hò tới khuya",  # «đám nhậu», not «đâm nhau»
        "nhà tôi bị chặn sóng điện thoại hay sao mà không nhận được OTP",  # «chặn sóng», not «chán sống»
        "con tôi đi chơi với bạn tới tối",  # «chơi với», not «chới với»
        "mẫu đơn màu mè quá, ký tên để bên dưới hả",  # «màu mè», «để bên dưới»
        "đội nhảy dân vũ của phường tập ở đâu",  # «đội nhảy», not «đòi nhảy»
    ],
)
def test_everyday_words_typed_with_accents_are_no_present_danger(text):
    assert present_danger(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "tui nghe người ta bị lừa đảo quá trời",  # «lừa đảo» folds to «lua dao»: fire, knife
        "biểu mẫu CT01 lấy ở đâu",  # «mẫu», not «máu»
        "thẻ sắp hết hạn rồi",  # «sắp», not «sập»
        "ghi ở phía dưới tờ khai",  # «dưới», not «đuối»
        "tra cứu phạt nguội xe máy ở trang nào",  # «tra cứu», «nghiên cứu», «cứu xét»: no rescue
        "con tôi là nghiên cứu sinh, đăng ký tạm trú ở đâu",
        # typed with accents, a bare "danh" is "danh" ("định danh"), not "đánh"
        "Thằng cháu biểu tui cài cái app định danh, mà nghe người ta bị lừa quá trời",
        "xin phường cứu xét hồ sơ hộ nghèo",
    ],
)
def test_everyday_words_typed_with_accents_name_no_danger_at_all(text):
    assert not any_danger(text)


@pytest.mark.parametrize(
    "text",
    [
        "ong nha toi khong tinh",  # without accents the folded phrase still counts: safety first
        "nha ben dang chay",
        "chồng say rượu bạo hành vợ con",  # with its own accents, of course
        "nhà bên đang cháy",
    ],
)
def test_dangers_typed_without_accents_or_with_their_own_accents_still_count(text):
    assert present_danger(text)
    assert any_danger(text)


@pytest.mark.parametrize(
    "text",
    [
        "Cây đổ đè lên xe máy có người",
        "Có người ngã từ giàn giáo xuống",
        "be bi khoa trong phong ko ra dc",
        "cứu với",
        "Con tôi 6 tuổi ra đầu hẻm chơi từ chiều đến giờ không thấy đâu",
    ],
)
def test_the_broad_list_keeps_every_way_an_emergency_is_told(text):
    assert any_danger(text)


def test_every_emergency_the_nlu_learns_names_some_danger():
    # the broad list must not let an emergency of the training data be read as a follow-up
    data = yaml.safe_load((ROOT / "nlu" / "data" / "emergency.yml").read_text(encoding="utf-8"))
    examples = [line[2:] for block in data["nlu"] for line in block["examples"].splitlines() if line.startswith("- ")]
    assert len(examples) > 100
    assert [e for e in examples if not any_danger(e)] == []


def test_slowly_is_not_suicide():
    # "từ từ" (slowly) folds to "tu tu", as "tự tử" does: a resident asking to be told slowly is in no danger
    assert not any_danger("Con nói từ từ dễ hiểu chút, tui già rồi đọc hổng kịp.")
    assert any_danger("ba tôi đòi tự tử") and any_danger("ba toi doi tu tu")
    assert any_danger("nó dọa tự tữ")  # misspelt, it is still suicide


def test_a_bare_word_of_the_broad_list_still_counts_in_a_message_typed_without_accents():
    assert any_danger("ong ay say ruou roi danh con")
    assert any_danger("thang cha danh vo")
