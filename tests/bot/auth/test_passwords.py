"""argon2id hashing: format, verification, and upgrading old hashes."""

from __future__ import annotations

from argon2 import PasswordHasher

from bot.auth.passwords import dummy_hash, hash_password, needs_rehash, verify_password


def test_hashes_are_argon2id_and_salted():
    first, second = hash_password("mot-mat-khau-dai"), hash_password("mot-mat-khau-dai")
    assert first.startswith("$argon2id$")
    assert first != second  # a fresh salt each time
    assert "mot-mat-khau-dai" not in first


def test_verify_accepts_the_password_and_nothing_else():
    stored = hash_password("Mật khẩu có dấu 123")
    assert verify_password(stored, "Mật khẩu có dấu 123") is True
    assert verify_password(stored, "Mat khau co dau 123") is False
    assert verify_password(stored, "") is False


def test_verify_never_raises_on_a_broken_hash():
    assert verify_password("not-a-hash", "whatever") is False
    assert verify_password("$argon2id$v=19$m=1,t=1,p=1$xx$yy", "whatever") is False


def test_weaker_parameters_need_a_rehash():
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("mot-mat-khau-dai")
    assert verify_password(weak, "mot-mat-khau-dai")
    assert needs_rehash(weak) is True
    assert needs_rehash(hash_password("mot-mat-khau-dai")) is False


def test_dummy_hash_is_a_real_hash_of_an_unknown_password():
    assert dummy_hash().startswith("$argon2id$")
    assert dummy_hash() == dummy_hash()
    assert verify_password(dummy_hash(), "") is False
