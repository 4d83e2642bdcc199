"""The NLU's ask_question examples drawn from the knowledge entries (devtools/nlu_from_content.py)."""

from __future__ import annotations

from devtools import nlu_from_content
from knowledge.entries import Faq


def _entry(entry_id: str, category: str, *questions: str) -> Faq:
    return Faq(id=entry_id, category=category, category_title=category, title=entry_id, questions=questions, answer="x")


def test_the_committed_examples_are_what_the_content_gives():
    assert nlu_from_content.main(["--check"]) == 0


def test_a_few_phrasings_per_entry_none_a_report_nor_an_example_already_written():
    entries = [
        _entry("a", "can-cuoc", "q1", "q2", "q3", "q4", "q5", "q6"),
        _entry("b", "phan-anh", "đèn đường hư"),
        _entry("c", "cu-tru", "Tạm trú   làm sao?", "tam tru lam sao", "đã có"),
    ]
    kept = nlu_from_content.examples(entries, known={"da co"})
    assert kept == ["q1", "q3", "q5", "Tạm trú làm sao?"]  # spread through the list; folded twins and known ones once
    assert "đèn đường hư" not in kept
