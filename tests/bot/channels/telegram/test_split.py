"""split_text: parts within Telegram's limit, cut where a reader would, nothing lost or reordered."""

from __future__ import annotations

from bot.channels.telegram.split import split_text, units


def test_short_text_is_one_part():
    assert split_text("Dạ, chào Bác ạ.") == ["Dạ, chào Bác ạ."]
    assert split_text("a" * 4096) == ["a" * 4096]
    assert split_text("") == []


def test_paragraph_break_is_preferred():
    first, second = "a" * 3000, "b" * 3000
    assert split_text(f"{first}\n\n{second}") == [first, second]


def test_line_then_word_breaks_are_used_when_there_is_no_paragraph():
    lines = "\n".join(["dòng " * 100] * 20)
    parts = split_text(lines)
    assert all(units(p) <= 4096 for p in parts) and len(parts) == 3
    assert all(p.endswith("dòng") for p in parts[:-1])  # cut at line ends, not inside words
    words = " ".join(["từ"] * 3000)
    parts = split_text(words)
    assert all(units(p) <= 4096 for p in parts)
    assert " ".join(parts) == words


def test_text_without_any_break_is_cut_hard():
    text = "x" * 10000
    assert split_text(text) == ["x" * 4096, "x" * 4096, "x" * 1808]


def test_emoji_count_double_as_telegram_counts_them():
    text = "😀" * 3000  # 6000 UTF-16 units
    parts = split_text(text)
    assert [units(p) for p in parts] == [4096, 1904]
    assert "".join(parts) == text


def test_a_late_small_break_does_not_make_a_tiny_part():
    text = "a" * 100 + "\n\n" + "b" * 4500
    parts = split_text(text)
    assert parts[0] == "a" * 100  # the only natural break is taken rather than cutting words
    assert "".join(parts[1:]) == "b" * 4500
