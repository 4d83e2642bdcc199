"""`make eval-nlu`: 5-fold cross-validation of intent classification, ours against stock Rasa.

Prints intent macro-F1 overall and on the unaccented/teencode examples for each pipeline,
on the same folds of the same data, and writes the figures to var/eval-nlu.json.
Runs in Rasa's virtualenv.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import yaml  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from devtools.train import cache_directory  # noqa: E402
from nlu.normalize import has_diacritics, uses_teencode  # noqa: E402
from nlu.training_data import read_folder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CLASSIFIER = {"name": "LogisticRegressionClassifier", "max_iter": 200, "solver": "lbfgs", "random_state": 42}
DIET = {"name": "DIETClassifier", "epochs": 100, "entity_recognition": False, "random_seed": 42}
# what the variants replace (not the danger phrases)
OUR_CLASSIFIER = "rasa_addons.nlu.classifier.TfidfLogisticRegressionClassifier"
DEFAULT_RUN = ["ours", "ours, no folding", "ours, rasa LR", "stock whitespace"]

PIPELINES = {
    # what config.yml ships (read from it, so the figures are for the real thing)
    "ours": None,
    # the same, but featurizers read the text as typed instead of the folded lemma
    "ours, no folding": "no-folding",
    # the same features with Rasa's own logistic regression (raw counts, C=1)
    "ours, rasa LR": "rasa-lr",
    # our features with Rasa's DIET (its default transformer, 100 epochs): slow, so only on request
    "ours, DIET": "diet",
    # Rasa's stock tokenizer and featurizers with the same classifier
    "stock whitespace": [
        {"name": "WhitespaceTokenizer"},
        {"name": "CountVectorsFeaturizer"},
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
        CLASSIFIER,
        {"name": "FallbackClassifier", "threshold": 0.3},
    ],
}


def informal(text: str) -> bool:
    """Typed without diacritics, or in chat shorthand."""
    return not has_diacritics(text) or uses_teencode(text)


def pipeline_config(name: str) -> dict:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    variant = PIPELINES[name]
    if isinstance(variant, list):
        config["pipeline"] = variant
    elif variant == "no-folding":
        config["pipeline"][0] = {**config["pipeline"][0], "lemma": "lower"}
    elif variant in ("diet", "rasa-lr"):
        other = DIET if variant == "diet" else CLASSIFIER
        config["pipeline"] = [dict(other) if c["name"] == OUR_CLASSIFIER else c for c in config["pipeline"]]
    config["policies"] = []
    return config


def write_nlu(path: Path, examples: list[tuple[str, str]]) -> None:
    by_intent: dict[str, list[str]] = {}
    for text, intent in examples:
        by_intent.setdefault(intent, []).append(text)
    blocks = [{"intent": i, "examples": "".join(f"- {t}\n" for t in ts)} for i, ts in by_intent.items()]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True), encoding="utf-8")


async def predict(model_path: str, texts: list[str]) -> tuple[list[str], list[str], float]:
    """Top intent before and after the fallback, and mean parse time in ms."""
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    raw, final = [], []
    started = time.perf_counter()
    for text in texts:
        parsed = await agent.parse_message(text)
        final.append(parsed["intent"]["name"])
        ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
        raw.append(ranking[0]["name"] if ranking else parsed["intent"]["name"])
    return raw, final, (time.perf_counter() - started) * 1000 / max(1, len(texts))


def evaluate(
    name: str, examples: list[tuple[str, str]], folds: int, workdir: Path, extra: list[tuple[str, str]] | None = None
) -> dict:
    """Cross-validation on `examples`; `extra` examples join every training fold and are never scored."""
    from rasa.model_training import train_nlu

    texts = [t for t, _ in examples]
    labels = [i for _, i in examples]
    truth, raw_pred, final_pred, is_informal = [], [], [], []
    train_s, parse_ms = [], []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=7)
    config_path = workdir / f"{name.replace(' ', '_').replace(',', '')}.yml"
    config_path.write_text(yaml.safe_dump(pipeline_config(name), allow_unicode=True), encoding="utf-8")
    for fold, (train_idx, test_idx) in enumerate(splitter.split(texts, labels)):
        data_path = workdir / f"train_{fold}.yml"
        write_nlu(data_path, [examples[i] for i in train_idx] + list(extra or []))
        started = time.perf_counter()
        model = train_nlu(str(config_path), str(data_path), str(workdir / "models"), fixed_model_name=f"{fold}")
        train_s.append(time.perf_counter() - started)
        raw, final, ms = asyncio.run(predict(model, [texts[i] for i in test_idx]))
        parse_ms.append(ms)
        truth += [labels[i] for i in test_idx]
        raw_pred += raw
        final_pred += final
        is_informal += [informal(texts[i]) for i in test_idx]
        print(f"  {name}: fold {fold + 1}/{folds} trained in {train_s[-1]:.0f}s", flush=True)

    def f1(pred: list[str], mask: list[bool] | None = None) -> float:
        pairs = [(t, p) for k, (t, p) in enumerate(zip(truth, pred)) if mask is None or mask[k]]
        return f1_score(
            [t for t, _ in pairs], [p for _, p in pairs], average="macro", labels=sorted(set(labels)), zero_division=0
        )

    return {
        "macro_f1": round(f1(raw_pred), 4),
        "macro_f1_informal": round(f1(raw_pred, is_informal), 4),
        "macro_f1_with_fallback": round(f1(final_pred), 4),
        "macro_f1_informal_with_fallback": round(f1(final_pred, is_informal), 4),
        "fallback_rate": round(sum(p == "nlu_fallback" for p in final_pred) / len(final_pred), 4),
        # each intent's share of its examples read as that intent (before the fallback)
        "recall": {
            intent: round(sum(t == p == intent for t, p in zip(truth, raw_pred)) / truth.count(intent), 3)
            for intent in sorted(set(labels))
        },
        "train_seconds_per_fold": round(sum(train_s) / len(train_s), 1),
        "parse_ms": round(sum(parse_ms) / len(parse_ms), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT / "nlu" / "data",
        help="NLU data folder (another commit's, to tell a pipeline change from a data change)",
    )
    parser.add_argument(
        "--scored-data",
        type=Path,
        help="score only on this (earlier) data folder's examples, on its own folds, the examples --data adds "
        "joining every training fold: whether new examples help or hurt the old ones, on the same test folds",
    )
    parser.add_argument("--only", nargs="*", choices=list(PIPELINES), help="pipelines to evaluate (default: all but DIET)")
    args = parser.parse_args()
    # Rasa's training cache of the current NLU code (devtools/train.py), never another version's outputs
    os.environ["RASA_CACHE_DIRECTORY"] = str(cache_directory())
    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    examples = read_folder(args.data)
    extra: list[tuple[str, str]] = []
    if args.scored_data is not None:
        scored = read_folder(args.scored_data)
        known = set(scored)
        extra = [e for e in examples if e not in known]
        examples = scored
        print(f"scored on {args.scored_data}; {len(extra)} examples of {args.data} only in training folds")
    n_informal = sum(informal(t) for t, _ in examples)
    print(
        f"{len(examples)} examples, {len(set(i for _, i in examples))} intents, {n_informal} unaccented/teencode; {args.folds}-fold CV"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or DEFAULT_RUN:
            results[name] = evaluate(name, examples, args.folds, Path(tmp), extra)
    header = f"{'pipeline':<20} {'F1':>6} {'F1 unacc/teen':>14} {'F1+fb':>6} {'F1+fb unacc':>12} {'fallback':>8} {'train s':>8} {'parse ms':>8}"
    print("\nIntent macro-F1, 5-fold cross-validation (F1+fb: nlu_fallback counted as an error)")
    print(header)
    for name, r in results.items():
        print(
            f"{name:<20} {r['macro_f1']:>6.3f} {r['macro_f1_informal']:>14.3f} {r['macro_f1_with_fallback']:>6.3f} "
            f"{r['macro_f1_informal_with_fallback']:>12.3f} {r['fallback_rate']:>8.3f} {r['train_seconds_per_fold']:>8.1f} {r['parse_ms']:>8.2f}"
        )
    for name, r in results.items():
        print(f"recall per intent, {name}: " + ", ".join(f"{i} {v:.3f}" for i, v in r["recall"].items()))
    out = ROOT / "var" / "eval-nlu.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"examples": len(examples), "informal": n_informal, "results": results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
