"""Writes nlu/domain_pairs.json: the syllable pairs of the assistant's own texts, for nlu/slips.py.

    python -m devtools.domain_pairs [--check]

The texts are the knowledge entries (titles, phrasings, answers, steps) and the NLU examples (but those written in
residents' styles, misspellings included), those typed with accents (an unaccented phrasing says nothing of which
syllable was meant): the words the assistant is about, as its authors spelt them. The pairs are counted on the
normaliser's words without the slip mending itself, so rerunning this gives the same file. Rerun it after changing
the content or the NLU data (a test checks `--check`), then `make model`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from devtools.generated_file import write_or_check
from knowledge.entries import load_content
from nlu import slips
from nlu.normalize import words
from nlu.training_data import read_folder

# Written in seven styles, a seventh of them misspelt on purpose ("mấc căng cước"): their pairs would make slips
# look like the authors' own words, so slips.py would stop mending them.
IN_RESIDENTS_STYLES = (
    "ask_question_alarming_words.yml",
    "civic_report_second_author.yml",
    "emergency_second_author.yml",
)


def _texts() -> tuple[list[str], list[str]]:
    """(every text, the titles)."""
    texts = [text for text, _ in read_folder(leave_out=IN_RESIDENTS_STYLES)]
    names: list[str] = []
    for entry in load_content():
        texts += [entry.title, *entry.questions, entry.answer, *entry.steps]
        names.append(entry.title)
    return texts, names


def _said(text: str) -> list[str]:
    """The text's words as the normaliser reads them before mending slips; none if typed without accents."""
    said = words(text, mend_slips=False)
    return said if slips.typed_with_accents(said) else []


def _pairs(said: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(said, said[1:]) if a.isalpha() and b.isalpha()]


def render() -> str:
    """The file's content (sorted, one pair per line, so that a change reads well in a diff)."""
    texts, names = _texts()
    pairs: Counter[str] = Counter()
    syllables: Counter[str] = Counter()
    for text in texts:
        said = _said(text)
        pairs.update(_pairs(said))
        syllables.update(w for w in said if w.isalpha())
    terms = sorted({pair for name in names for pair in _pairs(words(name, mend_slips=False))})
    body = {"pairs": dict(sorted(pairs.items())), "syllables": dict(sorted(syllables.items())), "terms": terms}
    return json.dumps(body, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.domain_pairs", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is not what the texts give")
    args = parser.parse_args(argv)
    wanted = render()
    written = f"{len(json.loads(wanted)['pairs'])} pairs"
    return write_or_check(slips.PAIRS_FILE, wanted, "devtools.domain_pairs", args.check, written)


if __name__ == "__main__":
    sys.exit(main())
