"""Accuracy benchmark: how well eventwire codes events, against a baseline measured in the same run.

    /work/venv/bin/python benchmarks/accuracy.py [--data-dir ../shared/data] [--cv] [--gsr-limit N] [--json FILE]

Prints
1. PLV_train, actors given, stratified 5-fold CV (seed 0): a TF-IDF + linear SVM baseline
   (seconds), and with --cv the shipped classifier's own cross-validation
   (eventwire.classifier.train.cross_validate; fine-tunes five models, slow on CPU).
2. The PLOVER gold records end to end (actors not given): type and (type, source, target) accuracy.
3. The seed article: micro P/R/F1 over all events and main events, date/location/modality accuracy.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from eventwire.errors import EventwireError
from eventwire.evaluate.gold import load_plv
from eventwire.evaluate.runs import evaluate_file
from eventwire.evaluate.scoring import LabelScores, score_labels

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
console = Console()


def baseline_cv(plv_path: Path, seed: int = 0) -> LabelScores:
    """TF-IDF (word 1-2 grams over the marked sentence) + linear SVM, 5 stratified folds: the kind
    of model behind data/README.md's 'TF-IDF linear model reaches macro-F1 0.65' reference."""
    items = load_plv(plv_path)
    texts = np.array([item.marked for item in items], dtype=object)
    labels = np.array([item.label for item in items], dtype=object)
    predicted = np.empty(len(items), dtype=object)
    for train_idx, test_idx in StratifiedKFold(5, shuffle=True, random_state=seed).split(texts, labels):
        model = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
            LinearSVC(class_weight="balanced"),
        )
        model.fit(texts[train_idx], labels[train_idx])
        predicted[test_idx] = model.predict(texts[test_idx])
    return score_labels(list(labels), list(predicted), [item.quad for item in items])


def classifier_cv(data_dir: Path, seed: int = 0) -> LabelScores | str:
    """The shipped classifier's 5-fold CV on PLV_train, or why it cannot run here."""
    try:
        from eventwire.classifier.train import cross_validate
    except ImportError as exc:
        return f"unavailable ({exc})"
    result = cross_validate(data_dir, seed=seed)
    gold, predicted = result.pooled()
    return score_labels(gold, predicted)


def classifier_training_sources() -> tuple[str, ...]:
    """Extra training sources of the shipped classifier, to flag numbers that are not held out."""
    try:
        from eventwire.classifier.train import TrainConfig
    except ImportError:
        return ()
    return TrainConfig().extra_sources


def per_type_table(title: str, columns: dict[str, LabelScores]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("type")
    for name in columns:
        table.add_column(f"{name} F1", justify="right")
    labels = list(dict.fromkeys(row.label for scores in columns.values() for row in scores.per_type))
    for label in labels:
        cells = []
        for scores in columns.values():
            row = next((r for r in scores.per_type if r.label == label), None)
            cells.append(f"{row.f1:.3f}" if row else "-")
        table.add_row(label, *cells)
    table.add_section()
    for metric in ("accuracy", "macro F1", "weighted F1", "quad accuracy"):
        cells = []
        for scores in columns.values():
            value = {
                "accuracy": scores.accuracy.value, "macro F1": scores.macro.f1,
                "weighted F1": scores.weighted.f1, "quad accuracy": scores.quad_accuracy.value,
            }[metric]
            cells.append(f"{value:.3f}")
        table.add_row(f"[bold]{metric}[/]", *cells)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cv", action="store_true", help="also cross-validate the shipped classifier (slow)")
    parser.add_argument("--gsr-limit", type=int, default=None, help="code only the first N PLOVER gold records")
    parser.add_argument("--json", type=Path, default=None, help="write the numbers as JSON to this file")
    args = parser.parse_args()
    numbers: dict[str, object] = {}

    started = time.perf_counter()
    baseline = baseline_cv(args.data_dir / "plv" / "PLV_train.tsv")
    columns = {"TF-IDF baseline": baseline}
    numbers["plv_cv_baseline"] = dataclasses.asdict(baseline)
    if args.cv:
        cv = classifier_cv(args.data_dir)
        if isinstance(cv, str):
            console.print(f"classifier 5-fold CV: {cv}")
        else:
            columns["eventwire classifier"] = cv
            numbers["plv_cv_classifier"] = dataclasses.asdict(cv)
    console.print(per_type_table("1. PLV_train, actors given, 5-fold CV (seed 0)", columns))
    if "eventwire classifier" in columns:
        ratio = columns["eventwire classifier"].macro.f1 / baseline.macro.f1 if baseline.macro.f1 else float("nan")
        console.print(f"classifier / baseline macro-F1: {ratio:.2f}x")
    elif not args.cv:
        console.print("classifier 5-fold CV: not run (pass --cv; it fine-tunes five models)")
    console.print(f"[dim]{time.perf_counter() - started:.1f}s[/]\n")

    started = time.perf_counter()
    try:
        gsr = evaluate_file(args.data_dir / "plover_gsr" / "PLOVER_GSR_CAMEO.txt", "gsr", limit=args.gsr_limit)
    except EventwireError as error:
        console.print(f"2. PLOVER gold end to end: unavailable ({error})")
    else:
        score = gsr.score
        table = Table(title="2. PLOVER gold records, end to end (actors not given)", title_justify="left")
        for column in ("type", "records", "type acc", "type+source+target acc"):
            table.add_column(column, justify="left" if column == "type" else "right")
        for row in score.per_type:
            table.add_row(row.type, str(row.records), f"{row.type_correct / row.records:.3f}", f"{row.full_correct / row.records:.3f}")
        table.add_section()
        table.add_row("[bold]all[/]", str(score.records), f"{score.type_accuracy.value:.3f}", f"{score.full_accuracy.value:.3f}")
        console.print(table)
        events = score.events.labels.micro
        console.print(f"pooled events: precision {events.precision:.3f} recall {events.recall:.3f} F1 {events.f1:.3f}")
        numbers["gsr"] = dataclasses.asdict(score)
        if "gsr" in classifier_training_sources():
            console.print("[yellow]note: the type classifier trains on these records, so where the pipeline uses it "
                          "these numbers are not held out[/]")
    console.print(f"[dim]{time.perf_counter() - started:.1f}s[/]\n")

    started = time.perf_counter()
    try:
        seed = evaluate_file(args.data_dir / "seed" / "gold.jsonl", "doc")
    except EventwireError as error:
        console.print(f"3. seed article: unavailable ({error})")
    else:
        console.print("3. seed article (document level)")
        for score in (seed.all_events, seed.main_events):
            micro = score.labels.micro
            console.print(
                f"  {score.variant:4s} events: P {micro.precision:.3f} R {micro.recall:.3f} F1 {micro.f1:.3f} "
                f"({score.matched} matched / {score.gold} gold / {score.predicted} predicted); "
                f"date {score.date_accuracy.correct}/{score.date_accuracy.total}, "
                f"location {score.location_accuracy.correct}/{score.location_accuracy.total}, "
                f"modality {score.modality_accuracy.correct}/{score.modality_accuracy.total}"
            )
        numbers["seed"] = {"all": dataclasses.asdict(seed.all_events), "main": dataclasses.asdict(seed.main_events)}
    console.print(f"[dim]{time.perf_counter() - started:.1f}s[/]")

    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2))


if __name__ == "__main__":
    main()
