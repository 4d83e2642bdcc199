"""The masker: each kind of personal number hidden, each look-alike kept."""

from __future__ import annotations

import pytest

from bot.personal_numbers.masking import Kind, mask
from bot.personal_numbers.shapes import luhn


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        ("CCCD của tôi là 079160001234", "079160001234", Kind.CCCD),
        ("cccd 079 185 004 321 nha", "079 185 004 321", Kind.CCCD),
        ("so can cuoc 001.090.012.345", "001.090.012.345", Kind.CCCD),
        ("căn cước không bảy chín một sáu không không không một hai ba bốn", "không bảy chín", Kind.CCCD),
        ("cmnd 025123456 còn dùng được không", "025123456", Kind.CMND),
        ("so cmnd 023 456 789", "023 456 789", Kind.CMND),
        ("sdt 0901234567", "0901234567", Kind.PHONE),
        ("số điện thoại 0912 345 678", "0912 345 678", Kind.PHONE),
        ("+84 903 456 789 gọi giúp", "903 456 789", Kind.PHONE),
        ("gọi 0388.765.432 nhé", "0388.765.432", Kind.PHONE),
        ("dt 070-123-4567", "070-123-4567", Kind.PHONE),
        ("điện thoại nhà (028) 3829 1234", "3829 1234", Kind.PHONE),
        ("sdt mk 0 9 0 1 2 3 4 5 6 7", "0 9 0 1 2 3 4 5 6 7", Kind.PHONE),
        ("số điện thoại không chín tám bảy sáu năm bốn ba hai một", "không chín tám", Kind.PHONE),
        ("thẻ 4111 1111 1111 1111 bị trừ tiền", "4111 1111 1111 1111", Kind.CARD),
        ("the 5555555555554444", "5555555555554444", Kind.CARD),
        ("stk vietcombank 1012345678", "1012345678", Kind.ACCOUNT),
        ("số tài khoản của tôi là 19031234567890", "19031234567890", Kind.ACCOUNT),
        ("so tai khoan 0071001234567", "0071001234567", Kind.ACCOUNT),
        ("mã otp là 482913", "482913", Kind.OTP),
        ("ma xac thuc 5829", "5829", Kind.OTP),
        ("OTP: 1234 5678", "1234 5678", Kind.OTP),
        ("mã otp là bốn tám hai chín một ba", "bốn tám hai", Kind.OTP),
        ("mật khẩu là Abc@1234", "Abc@1234", Kind.PASSWORD),
        ("mat khau vneid cua toi la hoanganh1960", "hoanganh1960", Kind.PASSWORD),
        ("pass: matkhaumoi", "matkhaumoi", Kind.PASSWORD),
        ("mk 123456", "123456", Kind.PASSWORD),
        ("email toi la nguyenvana@gmail.com", "nguyenvana@gmail.com", Kind.EMAIL),
        # named after the number, by its bank or by what it is
        ("ck vào 1029384756 Techcombank giùm con", "1029384756", Kind.ACCOUNT),
        ("<#> 582013 la ma xac thuc OTP cua ban", "582013", Kind.OTP),
        ("GG-73920418 là mã xác nhận Google của bạn", "73920418", Kind.OTP),
        # passwords a few words after their keyword, or named by «đặt», «thành», «pin»
        ("mk wifi nha e: 98765432xyz", "98765432xyz", Kind.PASSWORD),
        ("mk ứng dụng ngân hàng tui đặt Lan#1958 mà quên", "Lan#1958", Kind.PASSWORD),
        ("mk zalo doi thanh Minh@2468 roi", "Minh@2468", Kind.PASSWORD),
        ("mk icloud cua e Thanh9x3a", "Thanh9x3a", Kind.PASSWORD),
        ("pin 4455 nha con", "4455", Kind.PASSWORD),
        ("mật khẩu là tên đứa cháu với năm sinh nè: 240718", "240718", Kind.PASSWORD),
    ],
)
def test_a_personal_number_is_replaced_by_its_label(text, secret, kind):
    masked = mask(text)
    assert secret not in masked.text
    assert kind.label in masked.text
    assert masked.kinds == (kind,)


@pytest.mark.parametrize(
    "text",
    [
        "ngày 12/05/2026 đi làm căn cước",  # dates
        "So du TK thay doi -200,000VND luc 03-11-2026 09:41:07",  # a date and a clock time, not a phone
        "mã vận đơn GHN 736492018345 chưa giao",  # order, parcel, file and draw numbers
        "đơn Shopee số 602938475 giao chưa tới",
        "biên nhận hồ sơ 000.00.12.K31-261103-0042 tra ở đâu",
        "Vietlott Power kỳ 00871 ra 07 14 22 31 40 52",
        "vay ngân hàng 350000000 trả trong 5 năm",
        "pin 5000mAh xài được mấy ngày",  # a battery, not a PIN
        "mk đang dùng iphone13 cũ",  # «mk» is «mình»: a device, not a password
        "hẹn 1-1-2025 nhận thẻ",
        "hẹn ngày 30.04.2026",
        "lệ phí 200.000 đồng",  # amounts and fees
        "nộp 1.500.000đ tiền phạt",
        "vay 2tr",
        "chuyển 200000000 đồng mua đất",
        "số tiền 200.000.000 có phải khai thuế không",
        "năm 2025 có đổi thẻ không",  # years, times
        "lúc 7:30 sáng",
        "gọi 113 hoặc 114 115",  # public numbers
        "tổng đài 1022",
        "hotline 1900 9095",
        "gọi 18001091",
        "bhxh 19009095",
        "sdt 19009095",
        "nhắn 5656",
        "Nghị định 91/2025/NĐ-CP",  # article numbers
        "số 12 hẻm 34 đường Lê Văn Sỹ",  # addresses
        "123/45/6 Nguyễn Trãi",
        "bác 75 tuổi",  # ages, percentages, quantities
        "giảm 50%",
        "mua 3 cái",
        "mã bưu chính 700000",
        "quên mật khẩu vneid thì làm sao",  # password words without a password
        "mat khau la gi vay",
        "mật khẩu 6 số hay 8 số",
        "mk muốn hỏi cách cài vneid",  # «mk» = «mình»
        "mk sinh 1960",
        "mk la nguoi o quan 3",
        "gọi một một ba",  # spoken public number, spoken year
        "năm hai không hai sáu",
    ],
)
def test_a_look_alike_is_kept(text):
    masked = mask(text)
    assert masked.text == text and not masked.changed


def test_sixteen_digits_failing_luhn_are_an_account_not_a_card():
    assert luhn("4111111111111111") and not luhn("4111111111111112")
    assert mask("so 4111 1111 1111 1112").kinds == (Kind.ACCOUNT,)


def test_two_numbers_in_one_message_each_get_their_label_and_the_rest_is_kept():
    masked = mask("Bác 65 tuổi, cccd 079160001234, sđt 0901234567, hẹn 12/05/2026 lệ phí 50.000đ")
    assert masked.text == "Bác 65 tuổi, cccd [số CCCD đã che], sđt [số điện thoại đã che], hẹn 12/05/2026 lệ phí 50.000đ"
    assert masked.kinds == (Kind.CCCD, Kind.PHONE)


def test_a_number_next_to_a_slash_is_masked_when_long_enough():
    assert mask("0901234567/0912345678").text == "[số điện thoại đã che]/[số điện thoại đã che]"


def test_only_clean_texts_are_remembered():
    from bot.personal_numbers import masking

    mask("sdt 0901234567 của bác")
    mask("làm căn cước ở đâu")
    assert "sdt 0901234567 của bác" not in masking._clean and "làm căn cước ở đâu" in masking._clean


@pytest.mark.parametrize(
    "text, secret",
    [
        ("Tui quên mật khẩu VNeID hoài, con tui đặt cho là Lan@2468 mà vô không được", "Lan@2468"),
        ("mật khẩu đăng nhập cổng dịch vụ công là Quan5q7", "Quan5q7"),
        ("mật khẩu ví điện tử: 246813", "246813"),
        ("mk tk ngân hàng: Minh1999!", "Minh1999!"),
        ("mã PIN thẻ ATM của bà là 9731", "9731"),
        ("Mã kích hoạt VssID của ông là 583920 mà nhập không được", "583920"),
        ("thằng đó đòi mã OTP 6 số, tui đọc 402917 cho nó rồi", "402917"),
        ("nop tien vao STK 0371000456123 ngan hang ACB", "0371000456123"),
        (
            "căn cước khong bay chin mot lam khong khong ba tam tam mot hai",
            "khong bay chin mot lam khong khong ba tam tam mot hai",
        ),
    ],
)
def test_secrets_named_a_few_words_after_their_name(text, secret):
    assert secret not in mask(text).text


@pytest.mark.parametrize(
    "text",
    [
        "Mã vận đơn GHN0456789123 tới đâu rồi",
        "đơn hàng mã 241205XKQ9 chưa giao",
        "mã OTP có 6 số hay 4 số vậy con",
        "nhập sai mật khẩu 3 lần là bị khóa hả",
        "mã OTP gửi năm 2024 còn dùng được không",
        "pin điện thoại còn 15 phần trăm",
    ],
)
def test_codes_counts_and_years_near_those_names_are_kept(text):
    assert not mask(text).changed


@pytest.mark.parametrize(
    "text",
    [
        "đổi mật khẩu Wi-Fi ở nhà sao con",
        "dùng mật khẩu riêng cho ngân hàng, e-mail, Zalo",
        "gọi 113 114 115 khi khẩn cấp",
        "phạt 2.000.000–4.000.000 đồng phải không",
        "nhập mật mã (passcode) của VNeID",
    ],
)
def test_words_that_only_look_like_secrets_are_kept(text):
    assert not mask(text).changed


@pytest.mark.parametrize(
    "text, secret",
    [
        # a landline named by calling it
        ("muốn hỏi thì gọi máy bàn 3912 8876 nha", "3912 8876"),
        # an account named by its bank after it, whatever money words come before
        ("người ta cho vay đưa stk bên họ: 190033445566 Sacombank", "190033445566"),
        ("tk nhận lương của tui 0451 0009 8812 vietcombank", "0451 0009 8812"),
        # the code a scam asks for, by its length or by being read out, and a code in a text message
        ("nó kêu đọc mã 6 số vừa gửi, tui lỡ đọc 551203", "551203"),
        ("kêu tui đọc cái mã ngân hàng gửi về, tui đọc bốn chín một hai không tám", "bốn chín một hai không tám"),
        ("sáng nay có tin nhắn gửi 730 118 mà tui đâu có làm gì", "730 118"),
        ("ma bao mat cua ban la 8813", "8813"),
        # passwords told, counted or spoken
        ("mã pin 6 số 774120 tui ghi sau thẻ", "774120"),
        ("nó hỏi mật khẩu, tui nói thienly, có sao không", "thienly"),
        ("mật khẩu tui đọc nè: chín tám bảy sáu năm bốn", "chín tám bảy sáu năm bốn"),
        ("mk la hoamaitrang nha", "hoamaitrang"),
        ("passcode máy của ba: 280451", "280451"),
    ],
)
def test_secrets_named_by_how_residents_tell_them(text, secret):
    assert secret not in mask(text).text


@pytest.mark.parametrize(
    "text",
    [
        "mã bưu chính phường mình 700000 hay 70000",
        "zip code ghi 72406 được không",
        "shipper GHN mã 871234560021 giao trễ quá",
        "mk la facebook hay zalo vậy",  # «mình là …»: a long word that is still a word
        "mã pin 4 số hay 6 số",
        "tin nhắn báo trừ 150000 đồng là sao",
        "tiền mà tôi gửi là 300000 phải không",
    ],
)
def test_look_alikes_of_those_phrasings_are_kept(text):
    assert not mask(text).changed


def test_a_drivers_phone_number_is_masked_though_a_carrier_is_named():
    assert "0898 765 432" not in mask("shipper giao hàng gọi từ số 0898 765 432 hoài").text


@pytest.mark.parametrize(
    "text, code",
    [
        ("shipper gọi kêu đọc mã OTP 482913", "482913"),
        ("có người xưng shipper J&T hỏi mã xác thực 771234 tui đưa rồi", "771234"),
        ("bên giao hàng xin mã 482913", "482913"),
        ("giao hàng tiết kiệm gọi hỏi mã 7712", "7712"),
        ("thằng shipper nó kêu đọc mã 6 số gửi về máy, tui đọc 307514", "307514"),
    ],
)
def test_the_fake_shippers_code_is_masked_though_a_carrier_is_named(text, code):
    assert code not in mask(text).text


@pytest.mark.parametrize(
    "text, code",
    [
        # a code named in the sentence before, then read out or handed over
        ("nó đòi mã OTP. Tui đưa 551902 cho nó luôn", "551902"),
        ("có người bảo đọc mã kích hoạt vneid. tui đọc rồi: 772019", "772019"),
        # a code named by its number of digits rather than by «mã»
        ("nó xin 6 số gửi về máy, tui gửi 664203", "664203"),
        ("tui lỡ đọc 4 số cho nó rồi: 8830", "8830"),
        ("hắn kêu đọc dãy số gửi về máy, tui đọc 739201", "739201"),
        # the service that sent it, between «mã» and the code
        ("Mã Zalo của bạn là 7724", "7724"),
        ("ma vietcombank gui ve 662019", "662019"),
        # a dot inside an amount does not end the code's sentence
        ("mã OTP chuyển khoản 1.500.000 đ: 731095", "731095"),
        # spaced or spoken digit by digit
        ("otp la 4 8 2 9 1 0", "4 8 2 9 1 0"),
        ("ma xac nhan: sau sau hai mot ba bon", "sau sau hai mot ba bon"),
    ],
)
def test_a_code_named_by_its_sender_its_length_or_a_sentence_before_is_masked(text, code):
    masked = mask(text)
    assert code not in masked.text and masked.kinds == (Kind.OTP,)


@pytest.mark.parametrize(
    "text",
    [
        "mã 6 số là sao con",
        "đọc 4 số cuối cccd là được hả",  # a part of a number, not a code
        "nó đòi mã OTP. Tui chuyển 500000 rồi",  # a round amount, handed over after a code was named
        "có người đòi otp, tui gửi 2 lần rồi không được",
        "đọc mã xác thực rồi. Tôi đã gửi 2 tấm hình cho họ",
        "mã OTP gửi về lúc 10.30 sáng",  # a clock time written with a dot
        "otp gửi từ 2024 tới giờ",
    ],
)
def test_look_alikes_near_a_code_named_before_are_kept(text):
    assert not mask(text).changed


@pytest.mark.parametrize(
    "text, pin",
    [
        ("mã pin sim 1234 nha", "1234"),
        ("mã PIN thẻ ghi nợ của bà 902211", "902211"),
        ("mã pin mở khóa máy 190387", "190387"),  # after «mã pin», whatever it unlocks
        ("pin thẻ tín dụng 4455", "4455"),
        ("pin sim 0000", "0000"),
        ("pin thẻ visa của tui 5820", "5820"),
    ],
)
def test_a_pin_named_with_what_it_unlocks_is_masked(text, pin):
    masked = mask(text)
    assert pin not in masked.text and masked.kinds == (Kind.PASSWORD,)


@pytest.mark.parametrize(
    "text",
    [
        "pin điện thoại 4000 mAh",  # a battery: its capacity, with or without its unit
        "pin điện thoại 3000",
        "pin 3000 mah xài được bao lâu",
        "pin sạc dự phòng 20000",
        "pin máy còn 20%",
        "mã pin sai 3 lần bị khóa",
        "mã pin thẻ hết hạn năm 2026",
        "mã pin gồm 6 chữ số",
    ],
)
def test_batteries_and_counts_after_pin_are_kept(text):
    assert not mask(text).changed


@pytest.mark.parametrize(
    "text, account",
    [
        ("ACB 12345678 - Nguyen Van Binh", "12345678"),
        ("Vietcombank: 1012345678 Tran Thi C", "1012345678"),
        ("vietinbank 108872641593", "108872641593"),
        ("MB bank 0901234567 chủ tk Lê Văn D", "0901234567"),  # a phone number used as an account
        ("agribank không không bảy một không không một hai ba bốn", "không không bảy một"),
        ("LPBank stk 030471829503", "030471829503"),
    ],
)
def test_an_account_named_by_its_bank_before_it_is_masked(text, account):
    masked = mask(text)
    assert account not in masked.text and masked.kinds == (Kind.ACCOUNT,)


@pytest.mark.parametrize(
    "text",
    [
        "Vietcombank 2025 lãi suất bao nhiêu",  # years, counts, amounts, hotlines, addresses after a bank
        "ACB có 350 chi nhánh",
        "MB tặng 50000 cho khách mới",
        "vay BIDV 200000000 được không",
        "gửi tiết kiệm agribank 100000000",
        "techcombank phí 11.000đ/tháng",
        "vietcombank hotline 1900545413",
        "sacombank 266-268 Nam Kỳ Khởi Nghĩa",
        "MB 2 triệu lãi 1%",
    ],
)
def test_look_alikes_after_a_banks_name_are_kept(text):
    assert not mask(text).changed


@pytest.mark.parametrize(
    "text",
    [
        # a file's, a receipt's, a contract's or a business's code: dotted, dashed or named by the document
        "mình nộp hồ sơ mã 25.11.03.0021 hôm qua",
        "giấy hẹn số 25-0312-0045 lấy kết quả",
        "mã tiếp nhận 79-2025-004512",
        "hồ sơ tạm trú mã 2412-0451-0009 chưa xong",
        "hồ sơ mã 2503120015",
        "mã số thuế 0312345678 của công ty",
        # letters dashed to a number are a code
        "mã hợp đồng FPT SGH-2025-0077",
        "đơn mã SPX-123456789",
    ],
)
def test_document_codes_are_kept(text):
    assert not mask(text).changed


@pytest.mark.parametrize(
    "text, secret",
    [
        # near a document, what has a person's number's shape or keyword, or a code asked for, is still masked
        ("hồ sơ xong nó gửi mã 482913", "482913"),
        ("nộp hồ sơ rồi, số cũ của tui 023456789", "023456789"),
        ("hợp đồng thuê nhà ghi CMND 025.194.627", "025.194.627"),
        ("hồ sơ của má 079156002417", "079156002417"),
        ("mst cá nhân 079203014587", "079203014587"),
        # a name dashed to a phone or CCCD number, a keyword dashed to its number, a code named after it
        ("chị Lan-0901234567", "0901234567"),
        ("stk-0071001234567", "0071001234567"),
        ("G-482913 là mã xác minh Google", "482913"),
        # a card's number after «tiền»: no amount has sixteen digits
        ("hoàn tiền: 4111-1111-1111-1111", "4111-1111-1111-1111"),
    ],
)
def test_personal_numbers_near_document_or_code_words_are_still_masked(text, secret):
    assert secret not in mask(text).text


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        # digits read one by one, as speech-to-text writes them: numerals and words mixed
        ("số điện thoại của tui là không 9 không một hai 3 bốn năm 6 bảy", "không 9 không một hai 3 bốn năm 6 bảy", Kind.PHONE),
        ("sdt 0 chín 0 3 một hai ba 4 năm sáu", "0 chín 0 3 một hai ba 4 năm sáu", Kind.PHONE),
        ("cccd không 7 9 một sáu không không không 1 hai ba 4", "không 7 9 một sáu không không không 1 hai ba 4", Kind.CCCD),
        (
            "nó biểu đọc số trên thẻ, tui đọc bốn 1 một 1 một một 1 1 một 1 1 một 1 một 1 1",
            "bốn 1 một 1 một một 1 1 một 1 1 một 1 một 1 1",
            Kind.CARD,
        ),
        ("mã otp là 4 tám hai chín 1 ba", "4 tám hai chín 1 ba", Kind.OTP),
        ("mật khẩu là 1 hai 3 bốn năm 6", "1 hai 3 bốn năm 6", Kind.PASSWORD),
    ],
)
def test_digits_read_one_by_one_in_numerals_and_words_are_masked(text, secret, kind):
    masked = mask(text)
    assert masked.text == text.replace(secret, kind.label)  # every digit under the label, nothing else
    assert masked.kinds == (kind,)


@pytest.mark.parametrize(
    "text",
    [
        # counts, floors, lanes and dates: numerals and number words side by side, not one number
        "nhà tui có 3 đứa con, 2 trai một gái",
        "hẻm 5 ba 4 quận 8",
        "tầng 3 phòng 5 bốn năm",
        "năm 2 ba tháng 4 tui đi làm",
        "bà có 2 ba con gà",
        "mua 5 kg gạo, 2 chai dầu, một hộp sữa",
        "thu 2 sau 3 bay gio",
        "một 2 ba bốn tui đếm được",
        "hai 3 năm nữa mới đổi thẻ",
    ],
)
def test_numerals_beside_number_words_are_kept(text):
    assert not mask(text).changed


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        # a unit word that is also another word: «k» is «không», «ngan hang» a bank: no amount is that long
        ("cccd 079160001234 k tra duoc", "079160001234", Kind.CCCD),
        ("sdt 0901234567 k goi duoc", "0901234567", Kind.PHONE),
        ("the 4111111111111111 k rut duoc tien", "4111111111111111", Kind.CARD),
        ("so the 5555555555554444 ngan hang VCB bi khoa", "5555555555554444", Kind.CARD),
        # an identity number dotted like an amount after its keyword
        ("bà ghi theo số CMND 187.098.134 mà không rút được", "187.098.134", Kind.CMND),
        ("căn cước của tui 179.160.001.234", "179.160.001.234", Kind.CCCD),
        # too short for the keyword before it, so read as what else names it: a code
        ("mã xác nhận cấp lại căn cước: 583920", "583920", Kind.OTP),
        ("mã kích hoạt tài khoản định danh là 204716", "204716", Kind.OTP),
        # a code sent or received, then read out
        ("nó gửi mã tui đọc tiếp 731904", "731904", Kind.OTP),
        ("vừa nhận mã là 482913 có đưa không", "482913", Kind.OTP),
        ("gui ma roi doc tiep 604217", "604217", Kind.OTP),
        # an account named earlier in its sentence, then its number named by «là» or «:»
        ("số tài khoản nhận lương hưu của ông bà là 1012345678", "1012345678", Kind.ACCOUNT),
        ("stk mà con gái tui hay chuyển tiền vô: 19035551234567", "19035551234567", Kind.ACCOUNT),
        ("tài khoản tui hồi trước là 12345678 giờ đổi rồi", "12345678", Kind.ACCOUNT),
        ("số tài khoản nhận tiền là 1012345678, số tiền là 2.000.000", "1012345678", Kind.ACCOUNT),
    ],
)
def test_numbers_named_in_more_ways_are_masked(text, secret, kind):
    masked = mask(text)
    assert secret not in masked.text
    assert masked.kinds == (kind,)


@pytest.mark.parametrize(
    "text",
    [
        # amounts with their units, however long when round, and ranges of amounts
        "gửi tiết kiệm 150000000000 đồng",
        "100000000000000 đồng là bao nhiêu tỷ",
        "mua xe 1500000000 đ",
        "500 k một tháng",
        "tiền phạt 800.000 - 1.000.000 đồng hả",
        "lương 5.000.000-7.000.000 một tháng",
        # fees and prices near an identity or a phone's name
        "căn cước là 100.000.000 hả",
        "cmnd cũ là 150.000 đồng hả",
        "điện thoại là 5.990.000",
        # short numbers near an identity's name, discounts after a code's
        "định danh mức 2 là 2 năm",
        "cccd hết hạn năm 2025",
        "nhận mã giảm 50000",
        "nhận mã ưu đãi 5000",
        "tui đọc tiếp 3 trang",
        "nhận mã vận đơn 852741963012",
        # balances, not accounts
        "số dư tài khoản là 12500000",
        "số dư tài khoản của tui là 12.500.000",
        "tiền trong tài khoản là 25000000 mà",
        "tài khoản còn 2350000",
        "tài khoản bị trừ 11000 phí duy trì, số dư là 1234567",
        "tài khoản của tui bị khóa từ ngày 12/05/2026 là sao",
        "số tài khoản phường để nộp phạt là bao nhiêu, tổng đài là 19001234",
        "tài khoản vay tiền là 150000000",
        "tài khoản bị trừ tiền là 12.345.678",
        # years in a row
        "mấy năm 2017 2018 2019 tui có đóng bảo hiểm",
        "năm học 2019-2020 2020-2021 con tui học ở đây",
        "năm 2019 - 2020 - 2021 - 2022 tăng lương",
        "từ 1975 1986 2000 tới giờ",
        # barcodes and products, transactions' references
        "mã vạch trên chai dầu ăn 8934563138165 quét ra gì",
        "barcode 8936036020526 hàng thật không",
        "mã sản phẩm 8935049510017",
        "mã GD: 987654321 giao dịch thành công",
        "số tham chiếu 240512345678",
        "ref 123456789012 chuyển tiền lúc sáng",
    ],
)
def test_look_alikes_of_those_namings_are_kept(text):
    assert not mask(text).changed


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # near a barcode's or a transaction's name, a personal number is still masked
        ("mã vạch 8934563138165 còn stk tui là 1012345678", "1012345678"),
        ("mã giao dịch 845210 mà tui lỡ nhắn cho người ta", "845210"),  # a code of a code's length
        ("mã giao dịch 123456789 cmnd tui 023456789", "023456789"),
        ("mã GD 0901234567", "0901234567"),
        ("mã giao dịch 079160001234", "079160001234"),
        # a number starting with a group that is no year joins the years after it
        ("căn cước 0792 2019 2020", "0792 2019 2020"),
    ],
)
def test_personal_numbers_near_those_look_alikes_are_still_masked(text, secret):
    assert secret not in mask(text).text


@pytest.mark.parametrize(
    ("text", "secrets"),
    [
        # a password or PIN read in groups of digits after its keyword, however many groups
        ("mã pin 2 5 8 0", ["2 5 8 0"]),
        ("pass zalo của tui là 12 34 56", ["12 34 56"]),
        ("mật khẩu ngân hàng: 0 4 1 1 9 8", ["0 4 1 1 9 8"]),
        ("mk vssid 6 số 15 09 56", ["15 09 56"]),  # a date's shape, named a password by «6 số» after «mk»
        ("mã PIN 4 số của thẻ là 73 91", ["73 91"]),
        ("tui nhập mã pin 1 0 0 4 rồi", ["1 0 0 4"]),
        # the other password a resident is unsure of, after «hay / hoặc»
        ("mật khẩu là 2 4 6 8 1 0 hay 2 4 6 8 0 1", ["2 4 6 8 1 0", "2 4 6 8 0 1"]),
        ("mã pin 1234 hoặc 4321", ["1234", "4321"]),
        ("mật khẩu Lan@1958 hay Lan@1959", ["Lan@1958", "Lan@1959"]),
    ],
)
def test_passwords_in_digit_groups_and_their_alternatives_are_masked(text, secrets):
    masked = mask(text)
    assert all(secret not in masked.text for secret in secrets)
    assert masked.text.count(Kind.PASSWORD.label) == len(secrets)
    assert masked.kinds == (Kind.PASSWORD,)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # counts, measures and spans of time in groups after a password's keyword
        ("mật khẩu 6 8 12 ký tự", "6 8 12"),
        ("mã pin 4 hay 6 số", "4 hay 6"),
        ("pin 3000 5000 mAh", "3000 5000"),
        ("pin 20 30 phút là đầy", "20 30"),
        ("mật khẩu nhập sai 3 5 lần", "3 5"),
        # a date after «mk» that is «mình», or with other words between: a date, not a password
        ("mk sinh ngày 19 05 62", "19 05 62"),
        ("mật khẩu đổi ngày 19 05 62", "19 05 62"),
        ("ngày sinh 19 05 62", "19 05 62"),
        ("mk 1960 1961 gì đó", "1960 1961"),
        # after a password, «hay» and what is no password
        ("mật khẩu 123456 hay 6 số gì đó", "hay 6 số"),
        ("mật khẩu là Lan@1958 hay là gì", "hay là gì"),
    ],
)
def test_look_alikes_of_passwords_in_digit_groups_are_kept(text, kept):
    assert kept in mask(text).text


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        # numbers read out in groups: tens («hai mươi mốt», «mười hai»), hundreds, «lẻ» for a zero
        (
            "sdt không chín tám bảy, hai mươi mốt, ba mươi hai, bốn lăm",
            "không chín tám bảy, hai mươi mốt, ba mươi hai, bốn lăm",
            Kind.PHONE,
        ),
        (
            "số đt không chín lẻ ba, một trăm hai mươi ba, bốn năm sáu",
            "không chín lẻ ba, một trăm hai mươi ba, bốn năm sáu",
            Kind.PHONE,
        ),
        (
            "số điện thoại không chín không ba mười hai năm mươi tư bảy tám",
            "không chín không ba mười hai năm mươi tư bảy tám",
            Kind.PHONE,
        ),
        ("sdt khong chin le tam bay sau hai bon mot chin", "khong chin le tam bay sau hai bon mot chin", Kind.PHONE),
        # groups of numerals and digits in words in one number
        ("sđt tui 0903 một hai ba, bốn năm sáu", "0903 một hai ba, bốn năm sáu", Kind.PHONE),
        ("thẻ 4111 một một một một 1111 1111", "4111 một một một một 1111 1111", Kind.CARD),
        ("căn cước 079 một sáu không, không không một hai ba bốn", "079 một sáu không, không không một hai ba bốn", Kind.CCCD),
    ],
)
def test_numbers_read_out_in_groups_are_masked(text, secret, kind):
    masked = mask(text)
    assert masked.text == text.replace(secret, kind.label)
    assert masked.kinds == (kind,)


@pytest.mark.parametrize(
    "text",
    [
        # ages, addresses, amounts, dates, times and hotlines said in words
        "bà năm nay tám mươi hai tuổi, ông tám mươi lăm",
        "một trăm hai mươi ba trên bốn lăm Nguyễn Trãi",
        "số nhà hai trăm lẻ năm, hẻm mười hai",
        "một trăm lẻ năm tuổi",
        "hai mươi, ba mươi, bốn mươi, năm mươi ngàn một bó rau",
        "sáu mươi, bảy mươi, tám mươi tuổi đều được miễn",
        "hồi đó sáu mươi mấy năm rồi",
        "tiền lương hưu năm triệu ba trăm bốn mươi hai ngàn",
        "ngày mười hai tháng mười năm hai không hai lăm",
        "lúc chín giờ mười lăm phút",
        "gọi một chín không không, chín không sáu tám",
        "tổng đài một một ba",
        # numerals beside number words that do not read as one number
        "1975 một chín bảy lăm",
        "năm 2019 hai ba bốn 2020",
        "ba bốn năm 2019 2020 2021",
        "giá 1.200.000.000 một căn",
    ],
)
def test_look_alikes_of_numbers_read_out_in_groups_are_kept(text):
    assert not mask(text).changed


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        # a code named by «mã otp», then forwarded («chuyển») and named by «là»: no amount
        ("mã otp con vừa chuyển là 663 018", "663 018", Kind.OTP),
        ("mã otp vừa chuyển: 402913", "402913", Kind.OTP),
        ("mã xác thực ngân hàng vừa chuyển về là 4829 13", "4829 13", Kind.OTP),
        # a code a bank sent, and personal numbers near a scratch card's serial
        ("mã ngân hàng gửi 970436", "970436", Kind.OTP),
        ("mã ngân hàng 482913 tui đọc cho nó rồi", "482913", Kind.OTP),
        ("đọc seri thẻ cào xong nó hỏi mã otp 482913", "482913", Kind.OTP),
        ("số serial thẻ cào 1000348271561 còn stk tui là 1012345678", "1012345678", Kind.ACCOUNT),
    ],
)
def test_codes_forwarded_or_sent_by_a_bank_are_masked(text, secret, kind):
    masked = mask(text)
    assert secret not in masked.text
    assert masked.kinds == (kind,)


@pytest.mark.parametrize(
    "text",
    [
        # amounts after «mã otp … chuyển»
        "mã otp vừa chuyển 500000",
        "mã otp chuyển 125000 đồng",
        "mã otp chuyển 1.250.000",
        "mã otp để chuyển tiền 2500000",
        "mã giao dịch chuyển 1250000",  # not named by «là»: an amount
        # serials of things, and a bank's own code (a BIN, or named by the bank after it)
        "số serial thẻ cào 10003482715619 in mờ quá",
        "seri thẻ cào 1234 5678 9012",
        "số sê-ri máy lọc nước 2938475610293",
        "mã ngân hàng 970436 là Vietcombank phải không",
        "mã NH: 970422",
        "mã ngân hàng: 79310001 (Sacombank)",
    ],
)
def test_serials_bank_codes_and_forwarded_amounts_are_kept(text):
    assert not mask(text).changed
