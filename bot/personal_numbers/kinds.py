"""The kinds of personal numbers the masker hides, with the label a volunteer reads in their place."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """A kind of personal number (or secret) found in a resident's text."""

    CCCD = "cccd"  # 12-digit citizen identity card
    CMND = "cmnd"  # 9-digit old identity card
    PHONE = "phone"
    CARD = "card"  # bank card, 13–19 digits, Luhn-valid
    ACCOUNT = "account"  # bank account (next to "STK"…), or any other run of 13+ digits
    OTP = "otp"
    PASSWORD = "password"
    EMAIL = "email"

    @property
    def label(self) -> str:
        """What replaces the number in the stored text: readable by a volunteer, never the number."""
        return f"[{NAMES[self]} đã che]"

    @property
    def spoken(self) -> str:
        """The kind as the notice to the resident names it."""
        return NAMES[self]


NAMES = {
    Kind.CCCD: "số CCCD",
    Kind.CMND: "số CMND",
    Kind.PHONE: "số điện thoại",
    Kind.CARD: "số thẻ ngân hàng",
    Kind.ACCOUNT: "số tài khoản",
    Kind.OTP: "mã OTP",
    Kind.PASSWORD: "mật khẩu",
    Kind.EMAIL: "địa chỉ email",
}
