"""The words before a number that make it something other than a person's: an order, a parcel, a file, a
transaction, a carrier's code, a bank's own code."""

from __future__ import annotations

import re

from bot.personal_numbers.vocabulary import IN_SENTENCE, LETTER, NAMED_BANKS, alternation

# Numbers that name an order, a parcel, a file, a bill, a draw or a product, not a person: «mã vận đơn J&T
# 852741963012», «đơn Tiki số 781234567», «số biên nhận hồ sơ …», «Vietlott … ra 05 12 23 34 38 41», «mã vạch
# trên hộp thuốc 8934563138165», serials of things («số serial thẻ cào 10003482715619», «số seri đồng hồ nước»)
NOT_PERSONAL = re.compile(
    rf"(?<!{LETTER})(?:{alternation('vận đơn', 'van don', 'đơn hàng', 'don hang', 'mã đơn', 'ma don', 'mã vận', 'ma van', 'biên nhận', 'bien nhan', 'mã hồ sơ', 'ma ho so', 'số hồ sơ', 'so ho so', 'mã bưu', 'ma buu', 'bưu gửi', 'buu gui', 'tracking', 'vietlott', 'xổ số', 'xo so', 'vé số', 've so', 'kỳ quay', 'ky quay', 'hóa đơn số', 'hoa don so', 'số hóa đơn', 'so hoa don', 'mã khách hàng', 'ma khach hang', 'mã giao hàng', 'ma giao hang', 'đơn tiki', 'don tiki', 'đơn shopee', 'don shopee', 'đơn lazada', 'don lazada', 'đơn sendo', 'đơn tiktok', 'mã vé', 'ma ve', 'kiện hàng', 'kien hang', 'postal code', 'zip code', 'zipcode', 'bưu chính', 'buu chinh', 'mã vạch', 'ma vach', 'barcode', 'mã sản phẩm', 'ma san pham', 'mã sp', 'ma sp', 'mã hàng hóa', 'ma hang hoa', 'serial', 'seri', 'sê-ri', 'sê ri', 'thẻ cào', 'the cao')})"
    rf"(?!{LETTER})(?:(?!otp|xác|xac|stk|cccd|căn cước|can cuoc|tài khoản|tai khoan|sđt|sdt){IN_SENTENCE}){{0,40}}$",
    re.IGNORECASE,
)

# A file's, a contract's, a receipt's or a business's code («nộp hồ sơ mã 24.21.06.0039», «mã tiếp nhận
# 79-2025-000318», «hợp đồng số …», «mã số thuế 0312345678»): written in dotted or dashed groups, or named
# by the document right before it, and kept unless it has a person's number's shape or a personal keyword is near
_DOCUMENT_WORDS = alternation(
    "hồ sơ", "ho so", "tiếp nhận", "tiep nhan", "hợp đồng", "hop dong", "biên lai", "bien lai", "giấy hẹn", "giay hen",
    "phiếu hẹn", "phieu hen", "công văn", "cong van", "mã số thuế", "ma so thue", "mst", "mã số doanh nghiệp",
    "ma so doanh nghiep",
)  # fmt: skip
DOCUMENT = re.compile(rf"(?<!{LETTER})(?:{_DOCUMENT_WORDS})(?!{LETTER}){IN_SENTENCE}{{0,40}}$")
DOCUMENT_NAMED = re.compile(rf"(?<!{LETTER})(?:{_DOCUMENT_WORDS})(?:\s+(?:mã|ma|số|so|là|la))*[\s:#]*$")
PERSONAL_WORD = re.compile(
    rf"(?<!{LETTER})(?:otp|xác|xac|stk|tk|cccd|cmnd|cmt|căn cước|can cuoc|chứng minh|chung minh|định danh|dinh danh|tài khoản"
    rf"|tai khoan|sđt|sdt|đt|dt|điện thoại|dien thoai|zalo|mật khẩu|mat khau|mk|pass|pin|code|gọi|goi|thẻ|the)(?!{LETTER})"
)


# A transaction's reference («mã GD: 123456789 giao dịch thành công», «số tham chiếu 240512345678»): longer
# than a code residents read out (a «mã giao dịch» of 4–8 digits is one), with no personal keyword after the name
TRANSACTION = re.compile(
    rf"(?<!{LETTER})(?:{alternation('mã gd', 'ma gd', 'mã giao dịch', 'ma giao dich', 'số giao dịch', 'so giao dich', 'mã tham chiếu', 'ma tham chieu', 'số tham chiếu', 'so tham chieu', 'số bút toán', 'so but toan', 'mã yêu cầu', 'ma yeu cau', 'ref', 'trace')})"
    rf"(?!{LETTER})(?:(?!{PERSONAL_WORD.pattern}){IN_SENTENCE}){{0,40}}$"
)

# A carrier's code («shipper J&T mã 852716394058»); its driver's phone number still is one
CARRIER = re.compile(
    rf"(?<!{LETTER})(?:shipper|ship|giao hàng|giao hang|j&t|ghtk|ghn|bưu tá|buu ta|viettel post|vnpost)(?!{LETTER}){IN_SENTENCE}{{0,40}}$",
    re.IGNORECASE,
)

# A bank's own code, not one it sent: «mã ngân hàng 970436 là Vietcombank», «mã NH: 970422 (MB)» — a BIN
# (every Vietnamese bank's is 970 and three digits) or a number a bank's name follows
BANK_CODE = re.compile(
    rf"(?<!{LETTER})(?:mã|ma)(?:\s+(?:số|so))?\s+(?:ngân hàng|ngan hang|nh|napas|bin)(?!{LETTER})(?:\s+(?:là|la))?[\s:]*$"
)
BANK_CODE_CHARS = 32  # the longest naming: «mã số ngân hàng là : »
BANK_NAMED_AFTER = re.compile(
    rf"^[\s(:\-]*(?:(?:là|la|của|cua)\s+)?(?:(?:ngân hàng|ngan hang|nh)\s+)?(?:{alternation(*NAMED_BANKS)})(?!{LETTER})",
    re.IGNORECASE,
)
