"""`make eval-kb`'s model of the deployed actions: which NLU readings reach the knowledge search."""

from __future__ import annotations

import pytest

from devtools.eval_kb import quality, routing
from knowledge.entries import load_content
from knowledge.index import SearchIndex


@pytest.mark.parametrize(
    ("intent", "confidence", "text", "route"),
    [
        ("ask_question", 0.9, "làm căn cước ở đâu", "full"),
        ("nlu_fallback", 0.3, "abc", "full"),
        # actions/civic.py: an unsure report is answered from the search when no reporting entry fits
        ("civic_report", 0.45, "hồ sơ bị trễ hẹn cả tuần rồi", "full"),
        ("civic_report", 0.9, "đèn đường hẻm nhà tôi hư", "report"),
        # actions/emergency.py: an unsure emergency naming no danger is answered from the search
        ("emergency", 0.39, "bằng lái giấy cấp năm 1998 còn chạy được không", "full"),
        ("emergency", 0.39, "mẹ tôi bất tỉnh rồi", "none"),
        ("emergency", 0.9, "bằng lái giấy cấp năm 1998 còn chạy được không", "none"),
        ("out_of_scope", 0.95, "dự báo thời tiết", "sure"),
        ("greet", 0.95, "chào con", "none"),
    ],
)
def test_each_reading_goes_where_the_actions_send_it(intent, confidence, text, route):
    assert routing(intent, confidence, text) == route


def test_a_shop_asked_for_is_refused_behind_the_nlu_as_the_actions_do():
    question = {
        "text": "tiền hưu để dành gửi tiết kiệm ngân hàng nào lãi cao nhất vậy con",
        "expected": None,
        "style": "accented",
    }
    index = SearchIndex(load_content())
    # the search alone finds an entry with the same words (a bank, the pension); the deployed actions refuse
    assert quality(index, [question])["decisions_out_of_scope"].get("unknown", 0) == 0
    behind = quality(index, [question], [["ask_question", 0.9]])
    assert behind["decisions_out_of_scope"] == {"unknown": 1}
