"""What the search's calibration is fitted on besides the content's own phrasings: the blind resident sets'
fitting parts (never a test half) and out-of-scope questions (the NLU data's, and NEAR_MISSES close to the
knowledge base's topics). Read by knowledge.calibrate, knowledge.fit_decision and the devtools.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from nlu.training_data import read_examples

ROOT = Path(__file__).resolve().parent.parent
RESIDENTS = ROOT / "knowledge" / "eval" / "residents.yml"
# Every blind set's part that may be fitted on (its test half is never read): session 7's tuning half, session
# 9's development set, sessions 11, 12, 14, 16, 18, 19, 20, 23, 24 and 25's sets' tuning halves. More writers, less fitting to one hand.
RESIDENT_SETS = (
    (RESIDENTS, "tune"),
    (ROOT / "knowledge" / "eval" / "residents-dev.yml", "dev"),
    (ROOT / "knowledge" / "eval" / "residents-2.yml", "tune"),
    (ROOT / "knowledge" / "eval" / "residents-3.yml", "tune"),
    (ROOT / "knowledge" / "eval" / "residents-4.yml", "tune"),  # session 14's: conversations only
    (ROOT / "knowledge" / "eval" / "residents-5.yml", "tune"),  # session 16's
    (ROOT / "knowledge" / "eval" / "residents-6.yml", "tune"),  # session 16's second
    (ROOT / "knowledge" / "eval" / "residents-7.yml", "tune"),  # session 18's
    (ROOT / "knowledge" / "eval" / "residents-8.yml", "tune"),  # session 19's
    (ROOT / "knowledge" / "eval" / "residents-9.yml", "tune"),  # session 20's
    (ROOT / "knowledge" / "eval" / "residents-11.yml", "tune"),  # session 23's: mostly conversations
    (ROOT / "knowledge" / "eval" / "residents-12.yml", "tune"),  # session 24's
    (ROOT / "knowledge" / "eval" / "residents-13.yml", "tune"),  # session 25's
    (ROOT / "knowledge" / "eval" / "residents-14.yml", "tune"),  # session 25's second: conversations ending off the topic
)


# Questions close to the knowledge base's topics that no entry answers (the NLU's out-of-scope
# examples are mostly far from them: weather, football, recipes). Written for calibration only.
# Session 8 took out the twelve that the new entries answer (building permits, land certificates, vehicle
# registration and transfer, camera fines, school admission, SIM ownership, certification fees, planning).
NEAR_MISSES = (
    "lich tiem vac xin cho be o tram y te",
    "Thủ tục ly hôn thuận tình nộp ở đâu vậy cháu?",
    "xin visa du lich han quoc can giay to gi",
    "vay vốn ngân hàng chính sách xã hội lm sao ad",
    "Mở thẻ tín dụng có mất phí thường niên không?",
    "rut tien atm bi nuot the phai lam sao",
    "gửi tiết kiệm online lãi suất bn 1 năm",
    "Thành lập công ty cần bao nhiêu vốn?",
    "Chế độ thai sản khi sinh con được nhận bao nhiêu tiền?",
    "mua bảo hiểm xe máy bắt buộc ở đâu",
    "đổi tiền mới lì xì tết ở đâu",
    "cách tăng follow tiktok",
    "Đăng ký gói cước 4G nào rẻ nhất?",
    "Hiến máu nhân đạo đăng ký ở đâu?",
    "mua ve tau thong nhat online",
    "Đặt lịch khám bệnh viện Chợ Rẫy qua mạng thế nào?",
    "Nuôi chó có phải khai báo với phường không?",
    "lắp camera trước nhà có cần xin phép ko",
    "Học lái xe ô tô hạng B ở đâu rẻ?",
    "thi bang lai xe may bao nhieu cau ly thuyet",
    "Chụp ảnh thẻ 3x4 ở đâu gần đây?",
    "thay pin điện thoại ở đâu uy tín",
    "Cách cài máy in cho máy tính",
    "wifi nha bi cham goi tong dai nao",
    "quen mat khau facebook lay lai sao",
    "tk shopee bị khóa lm sao mở lại",
    "Gửi hàng qua bưu điện ra Hà Nội giá bao nhiêu?",
    "Mua bảo hiểm nhân thọ loại nào tốt?",
    "đi nước ngoài dùng sim roaming thế nào cho rẻ",
    "Xin giấy phép kinh doanh rượu bia ở đâu?",
    "dang ky nhan hieu cho san pham lam o dau",
    "xin xác nhận độc thân để mua nhà ở xã hội ko",
    "Nhà ở xã hội điều kiện mua thế nào?",
    "tranh chap dat dai voi hang xom thi kien o dau",
    "Hàng xóm xây lấn sang đất nhà tôi thì làm sao?",
    "Con tôi muốn đi nghĩa vụ quân sự thì đăng ký ở đâu?",
    "khám nghĩa vụ quân sự năm nay khi nào",
    "Thi tốt nghiệp THPT đăng ký nguyện vọng online thế nào?",
    "tra diem thi dai hoc o dau",
    "Học bổng cho sinh viên nghèo xin ở đâu?",
    "Đăng ký khám thai ở bệnh viện nào tốt?",
    "thẻ bhyt đi khám trái tuyến đc hưởng bn phần trăm",
    "Mua thuốc theo đơn online được không?",
    "Sổ tiêm chủng điện tử của con xem ở đâu?",
    "bị chó cắn tiêm phòng dại ở đâu",
    "Nước máy có mùi lạ uống được không?",
    "Đăng ký lắp internet cáp quang nhà mới thế nào?",
    "Đổi bình gas ở đâu gần nhà?",
    "Xe bị cảnh sát giao thông giữ thì lấy lại thế nào?",
    "dang kiem xe o to het han phat bao nhieu",
    "Mua vé máy bay giá rẻ đi Đà Nẵng",
    "Đặt xe Grab cho người già thế nào?",
    "cach chuyen tien quoc te tu my ve vn",
    "Mở tài khoản chứng khoán online cần gì?",
    "Vay tiền qua app có an toàn không, lãi bao nhiêu?",
    "Bảo hiểm sức khỏe tư nhân mua loại nào?",
    "Tiền thưởng Tết năm nay công ty phải trả bao nhiêu?",
    "Công ty nợ lương không trả thì kiện ở đâu?",
    "hop dong lao dong thu viec may thang",
    "Nghỉ phép năm được bao nhiêu ngày?",
    "Đòi tiền thuê nhà người thuê không trả thì làm sao?",
    "Viết hợp đồng cho thuê nhà trọ mẫu nào?",
    "Cách làm di chúc để lại nhà cho con",
    "Công chứng hợp đồng mua bán nhà ở đâu?",
    "Xin trích lục bản đồ địa chính thửa đất",
    "Nộp thuế trước bạ khi mua xe máy mới bao nhiêu phần trăm?",
    "Cách dùng Zoom học online cho người già",
    "Facebook bị hack mất tài khoản lấy lại sao?",
    "Cách chặn cuộc gọi quảng cáo bất động sản",
    "Điện thoại bị nóng và hao pin nhanh là bị gì?",
    "Cách chuyển danh bạ sang điện thoại mới",
    "Youtube có cách nào tắt quảng cáo không?",
    "mua tivi thông minh loại nào dễ dùng cho người già",
    "Cách xem truyền hình trực tiếp trên điện thoại",
    "Làm thẻ thư viện thành phố ở đâu?",
    "Tổ chức đám cưới ở nhà có phải báo phường không?",
    "Đám tang ở nhà được để mấy ngày?",
    "Xin cấp phép treo băng rôn quảng cáo ở đâu?",
    # near the categories added in session 8 (land, building, vehicles, schools, phones, shops, the street)
    "Giá đất khu Thủ Đức bây giờ bao nhiêu một mét vuông?",
    "mua dat nen du an co nen khong",
    "Thuê thợ xây nhà trọn gói giá bao nhiêu một mét?",
    "nhà bị thấm dột trần thì sửa sao cho hết",
    "Xe máy điện loại nào đi bền, sạc nhanh?",
    "xe may cu ban duoc bao nhieu tien, dinh gia o dau",
    "Con tôi học thêm toán ở trung tâm nào tốt?",
    "truong mam non tu thuc nao gan nha tot",
    "Điện thoại cũ bán lại ở đâu được giá?",
    "Mở quán cà phê nhỏ cần chuẩn bị bao nhiêu vốn?",
    "Nhập hàng quần áo ở chợ nào rẻ để bán?",
    "Đèn LED trong nhà loại nào tiết kiệm điện?",
    "cây cảnh trong nhà loại nào dễ trồng ít tưới",
    "Mua bảo hiểm ô tô ở hãng nào bồi thường nhanh?",
)


def out_of_scope_questions() -> list[str]:
    return [text for text, _ in read_examples(ROOT / "nlu" / "data" / "out_of_scope.yml")] + list(NEAR_MISSES)


def resident_questions(sets: Sequence[tuple[Path, str]] = RESIDENT_SETS) -> list[tuple[str, tuple[str, ...]]]:
    """(text, acceptable entries) of the blind resident sets' fitting parts (RESIDENT_SETS): single messages and
    the first question of each conversation, written by people who never saw the content; none acceptable: no
    entry covers it, or out of scope. The test halves are never read, and a text that two writers happened to
    write alike is left out when one of them put it in a test half."""
    kept, tested = [], set()
    for path, _ in RESIDENT_SETS:  # every test half is kept out, whichever sets are read
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        firsts = [{**c["turns"][0], "half": c["half"]} for c in data.get("conversations") or ()]
        tested |= {str(m["text"]) for m in [*(data.get("messages") or ()), *firsts] if m["half"] == "test"}
    for path, half in sets:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        firsts = [{**c["turns"][0], "half": c["half"]} for c in data.get("conversations") or ()]
        for m in [*(data.get("messages") or ()), *firsts]:
            if m["half"] == half and m["kind"] in ("faq", "out_of_scope"):
                kept.append((str(m["text"]), tuple(m["faq"]) if isinstance(m.get("faq"), list) else ()))
    return [(text, acceptable) for text, acceptable in kept if text not in tested]


# the turns of a conversation that are read within its topic
FOLLOW_UP_KINDS = ("followup", "analogy", "switch", "simplify")


def later_turns(sets: Sequence[tuple[Path, str]] = RESIDENT_SETS) -> Iterator[tuple[str, dict[str, Any], str, str]]:
    """(the set's file name, the turn, the conversation's topic — the first acceptable entry of the latest question
    an entry answers, "" if none yet —, the resident's previous message) of every turn after the first in the
    given parts' conversations."""
    for path, half in sets:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for conversation in data.get("conversations") or ():
            if conversation["half"] != half:
                continue
            topic, previous = "", ""
            for number, turn in enumerate(conversation["turns"]):
                if number:
                    yield path.name, turn, topic, previous
                topic, previous = (acceptable(turn)[:1] or [topic])[0], str(turn["text"])


def acceptable(turn: dict[str, Any]) -> list[str]:
    """The entries a turn's label accepts (none: no entry answers it, or it is no question)."""
    return list(turn["faq"]) if isinstance(turn.get("faq"), list) else []


def follow_up_turns(sets: Sequence[tuple[Path, str]] = RESIDENT_SETS) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(text, the resident's previous message, the topic: the previous question's first acceptable entry,
    acceptable entries) of every follow-up, analogy, switch and "say it simpler" of the blind sets' fitting
    parts' conversations that an entry answers and that follows an answered question."""
    return [
        (str(turn["text"]), previous, topic, tuple(acceptable(turn)))
        for _, turn, topic, previous in later_turns(sets)
        if turn["kind"] in FOLLOW_UP_KINDS and acceptable(turn) and topic
    ]
