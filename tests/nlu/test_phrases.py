"""One pattern for a list of folded phrases (nlu.phrases)."""

from __future__ import annotations

from nlu.phrases import phrase_pattern


def test_the_longest_phrase_is_found_and_only_whole_words():
    pattern = phrase_pattern(("cam dao", "cam dao chem", "dao"))
    assert pattern.search("no dang cam dao chem nguoi").group(0) == "cam dao chem"
    assert pattern.search("lua dao qua mang").group(0) == "dao"
    assert pattern.search("daoo") is None  # not inside a longer word


def test_phrases_are_matched_as_written_not_as_regular_expressions():
    assert phrase_pattern(("113",)).search("goi 1a13") is None
    assert phrase_pattern(("a.b",)).search("axb") is None
