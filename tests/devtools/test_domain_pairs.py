"""The pair counts nlu/slips.py mends by, drawn from the entries and the NLU examples (devtools/domain_pairs.py)."""

import json

from devtools import domain_pairs


def test_the_committed_counts_are_what_the_texts_give():
    assert domain_pairs.main(["--check"]) == 0


def test_the_counts_come_from_texts_typed_with_accents_and_the_titles_give_the_terms():
    body = json.loads(domain_pairs.render())
    assert body["pairs"]["tạm trú"] > 10 and "tạm trú" in body["terms"]
    # phrasings typed without accents are not counted (a stray unaccented pair in an accented text is)
    assert body["pairs"].get("tam tru", 0) * 10 < body["pairs"]["tạm trú"] and "can cuoc" not in body["pairs"]
    assert body["syllables"]["căn"] >= body["pairs"]["căn cước"]
