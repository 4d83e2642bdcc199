"""Requests to recommend a shop, a brand, a product or a tradesman (nlu.recommendation), and the questions that
look like them but ask what the knowledge base answers."""

from __future__ import annotations

import pytest

from nlu.recommendation import asks_for_a_recommendation


@pytest.mark.parametrize(
    "text",
    [
        "Ngân hàng nào cho vay mua nhà lãi suất thấp nhất vậy con?",
        "gui tiet kiem o ngan hang nao lai cao",
        "tiệm sửa tivi nào gần chợ Tân Định làm uy tín",
        "ad ơi mua máy lọc nước loại nào tốt z",
        "Con biết chỗ nào bán thuốc bắc giá rẻ hông?",
        "mua sữa cho người già ở đâu giá tốt",
        "giá rẻ mà chất lượng thì mua nồi chiên ở đâu",
        "Tui tính mua điện thoại cho bả, nên mua hãng nào con?",
        "nên chọn trường mầm non tư nào cho cháu",
        "kêu thợ sửa máy lạnh ở đâu bây giờ",
        "có thợ điện nào gần đây không ad",
        "xe tay ga con nào bền hơn",
        "gói internet nhà mạng nào rẻ nhất",
    ],
)
def test_asking_which_business_or_product_to_pick_is_spotted(text):
    assert asks_for_a_recommendation(text)


@pytest.mark.parametrize(
    "text",
    [
        "ví điện tử nào uy tín vậy, sợ bị lừa",  # a wallet the State Bank licenses: the knowledge base says
        "tra cứu phạt nguội ở trang nào uy tín, sợ vào trang giả",  # the real site, for fear of a fake
        "giấy xác nhận cư trú xin ở đâu",
        "Tôi muốn làm sang tên xe càng sớm càng tốt, thủ tục thế nào?",  # "tốt" before a "how"
        "Còn thằng con rể tui tháng nào cũng ghé ở vài bữa thì sao?",  # "rể" folds to "rẻ"
        "Con tôi tới tuổi tiêm, tiêm vắc xin cho bé ở đâu?",  # "tiêm" folds to "tiệm"
        "Chủ trọ thu tiền điện theo giá cao nhất, có cách nào được tính đúng giá không?",
        "mời đầu tư cam kết lãi cao có phải lừa không",
        "đăng ký hộ kinh doanh cho tiệm tạp hóa ở đâu",
        "",
    ],
)
def test_questions_the_knowledge_base_answers_are_not_taken_for_one(text):
    assert not asks_for_a_recommendation(text)


@pytest.mark.parametrize(
    "text",
    ["có chỗ nào cho thuê xe lăn cho người già không con", "chỉ tui chỗ sửa máy giặt uy tín gần nhà với"],
)
def test_a_place_that_sells_repairs_or_rents_out_is_a_business(text):
    assert asks_for_a_recommendation(text)


@pytest.mark.parametrize("text", ["chỗ nào nhận hồ sơ đăng ký khai sinh", "ở phường chỗ nào dạy người già dùng điện thoại"])
def test_a_place_of_the_ward_is_not(text):
    assert not asks_for_a_recommendation(text)
