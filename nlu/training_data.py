"""The NLU's training examples as (text, intent) pairs, read from Rasa's YAML training-data files (nlu/data/):
one reader for the evaluation, the calibration's out-of-scope questions and the examples drawn from the content."""

from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


def read_examples(path: Path) -> list[tuple[str, str]]:
    """Every example of one training-data file, with its intent, in the file's order."""
    examples = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or ():
        for line in str(block.get("examples") or "").splitlines():
            text = line.strip().removeprefix("- ").strip()
            if text:
                examples.append((text, str(block["intent"])))
    return examples


def read_folder(directory: Path = DATA, leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Every example of a folder's files (in name order), but those of the files named in `leave_out`."""
    return [e for path in sorted(directory.glob("*.yml")) if path.name not in leave_out for e in read_examples(path)]
