"""The blind resident set and how `make eval-residents` scores a reply."""

from __future__ import annotations

from collections import Counter

from devtools.eval_residents import Played, faq_outcome, load_set, other_outcome, score
from knowledge.entries import load_content

ANSWER = {"text": "Dạ, về «Lệ phí»: …", "meta": {"source": "faq", "faq_id": "ho-chieu-le-phi"}}
ALTERNATIVES = {
    "text": "Nếu con hiểu chưa đúng…",
    "buttons": [{"title": "x", "payload": '/ask_question{"faq_id":"ho-chieu-nhan-ket-qua"}'}],
    "meta": {"source": "faq", "offer": "alternatives"},
}
CHOICE = {
    "text": "Dạ, Bác muốn hỏi việc nào…",
    "meta": {"source": "faq"},
    "buttons": [
        {"title": "a", "payload": '/ask_question{"faq_id":"ho-chieu-le-phi"}'},
        {"title": "b", "payload": '/ask_question{"faq_id":"none"}'},
    ],
}
UNKNOWN = {
    "text": "Dạ, câu này con chưa có…",
    "meta": {"source": "fallback"},
    "buttons": [{"title": "Gặp người hỗ trợ", "payload": "/request_human"}],
}


def test_faq_outcomes():
    assert faq_outcome([ANSWER], ("ho-chieu-le-phi",)) == "right"
    assert faq_outcome([ANSWER, ALTERNATIVES], ("ho-chieu-nhan-ket-qua",)) == "wrong+alt"
    assert faq_outcome([ANSWER], ("ho-chieu-nhan-ket-qua",)) == "wrong"
    assert faq_outcome([CHOICE], ("ho-chieu-le-phi",)) == "choice+"
    assert faq_outcome([CHOICE], ("cu-tru-le-phi",)) == "choice-"
    assert faq_outcome([UNKNOWN], ("cu-tru-le-phi",)) == "none"


def test_other_kinds():
    emergency = {"text": "Dạ, nếu đang có nguy hiểm, Bác hãy GỌI NGAY:\n☎ 113 …", "meta": {}}
    assert other_outcome("emergency", [emergency])
    assert not other_outcome("emergency", [UNKNOWN, emergency])  # the numbers must come first
    civic = {"text": "☎ Gọi tổng đài 1022 …", "meta": {}}
    assert other_outcome("civic_report", [civic]) and not other_outcome("civic_report", [civic, emergency])
    assert other_outcome("request_human", [{"text": "…", "meta": {"handoff": True}}])
    assert other_outcome("out_of_scope", [UNKNOWN]) and not other_outcome("out_of_scope", [ANSWER])


def test_a_switch_answered_with_the_old_topic_is_counted():
    case = load_set()[0]
    case.id, case.single, case.turns[0].kind, case.turns[0].faq = "c999", False, "faq", ("ho-chieu-le-phi",)
    switch = type(case.turns[0])("quên mật khẩu vneid", "switch", ("vneid-quen-mat-khau",))
    case.turns = [case.turns[0], switch]
    figures = score([Played(case, [[ANSWER], [ANSWER]])])
    assert figures.stale_topic == 1 and figures.context["switch"]["wrong"] == 1


def test_turns_of_other_kinds_given_the_emergency_numbers_are_counted_as_false_alarms():
    case = load_set()[0]
    case.id, case.single = "c998", False
    turn = type(case.turns[0])
    alarm = {"text": "Dạ, nếu đang có nguy hiểm, Bác hãy GỌI NGAY:\n☎ 113 …\n☎ 114 …\n☎ 115 …", "meta": {}}
    numbers_entry = {"text": "Dạ, về «Số khẩn cấp»: 113, 114, 115 …", "meta": {"source": "faq", "faq_id": "phuong-so-khan-cap"}}
    not_113 = {"text": "Dạ, việc này Bác phản ánh qua 1022, không gọi 113 ạ.", "meta": {}}
    case.turns = [
        turn("ổng mới mất, khai tử sao con", "faq", ("ho-tich-khai-tu-thoi-han",)),
        turn("ba tôi ngã đập đầu", "emergency", ()),
        turn("vậy lệ phí bao nhiêu", "followup", ("ho-chieu-le-phi",)),
        turn("số khẩn cấp là số nào", "faq", ("phuong-so-khan-cap",)),
        turn("đèn đường hư", "civic_report", ()),
    ]
    figures = score([Played(case, [[alarm], [alarm], [ANSWER], [numbers_entry], [not_113]])])
    # the emergency's own numbers are no false alarm, nor the entry that lists them, nor a report's "not 113"
    assert figures.false_alarms == Counter({"alarmed": 1, "calm": 3})


def test_the_set_is_big_enough_split_once_and_labelled_with_real_entries():
    cases = load_set()
    known = {entry.id for entry in load_content()}
    singles = [c for c in cases if c.single]
    conversations = [c for c in cases if not c.single]
    assert len(singles) >= 400 and len(conversations) >= 80
    assert {c.half for c in cases} == {"tune", "test"}
    assert all(faq in known for c in cases for t in c.turns for faq in t.faq)
    kinds = Counter(c.turns[0].kind for c in singles)
    assert min(kinds[k] for k in ("emergency", "civic_report", "request_human", "out_of_scope")) >= 20
    styles = Counter(c.style for c in singles)
    assert set(styles) >= {"accented", "unaccented", "teencode", "misspelt", "southern", "long", "speech"}
    follow_ups = [c for c in conversations if any(t.kind in ("followup", "analogy", "simplify", "need_person") for t in c.turns)]
    assert len(follow_ups) >= 80
