"""Ingest benchmark: storage overhead, Ray scaling and memory flatness, measured in one run.

Corpus: synthesised from the shared texts (the article-extraction pages and the seed article,
cleaned once): document i takes the title and four paragraphs of one article, rotated by its
copy number, plus a paragraph of another, so every document is distinct; it gets a publish date
and an outlet and is written as one JSON Lines record. Three comparisons, each against a
baseline measured in this run:

1. storage overhead: `ingest` (local engine into DuckDB) against coding alone (the
   `eventwire code` path: read, clean, code, nothing stored) over the same --docs documents.
   Target: ingest at most 20% slower.
2. Ray scaling: the Ray engine with 1 and 2 workers (Parquet output) over --ray-docs documents,
   against the local engine's rate. Target: efficiency t1 / (2 * t2) >= 0.8. Wall-clock times
   include starting the actors and loading one model each; the model load time is printed too.
3. memory: peak resident memory of this process (psutil, sampled every 50 ms) while ingesting
   --memory-docs documents, against the --docs run. Target: flat (at most 10% higher).

    /work/venv/bin/python benchmarks/ingest.py [--docs 1000] [--ray-docs 1000] [--memory-docs 5000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

from eventwire.clean import clean
from eventwire.engine_ray import ingest_ray
from eventwire.errors import EventwireError
from eventwire.ingest import SourceItem, ingest, iter_inputs
from eventwire.pipeline import Coder
from eventwire.read import load_page
from eventwire.records import CodedArticle
from eventwire.store import EventStore

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TARGET_OVERHEAD = 0.20
TARGET_EFFICIENCY = 0.8
TARGET_MEMORY_GROWTH = 0.10
BODY_PARAGRAPHS = 4
"""Paragraphs kept per synthesised document: news-report length, so 5,000 documents stay feasible."""


class MemorySampler:
    """Samples this process's RSS every `interval` seconds in a thread; keeps the peak."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        process = psutil.Process()
        while not self._stop.is_set():
            self.samples.append(process.memory_info().rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return max(self.samples) / 2**20

    def quarter_peaks_mb(self) -> list[float]:
        """Peak RSS in each quarter of the run: a leak shows as a rising sequence."""
        n = len(self.samples)
        return [max(self.samples[n * q // 4: max(n * (q + 1) // 4, n * q // 4 + 1)]) / 2**20 for q in range(4)]


def source_paragraphs() -> list[list[str]]:
    """The shared texts, cleaned once, as paragraph lists (title first)."""
    paths = sorted((DATA / "article_extraction" / "html").glob("*.html.gz"))
    paths += sorted((DATA / "seed").glob("*.html.gz")) + sorted((DATA / "seed").glob("*.txt"))
    out = []
    for path in paths:
        try:
            text = clean(load_page(str(path)), published=dt.date(2024, 1, 1)).text
        except EventwireError:
            continue
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        if len(paragraphs) >= 3:
            out.append(paragraphs)
    return out


def write_corpus(path: Path, n: int, sources: list[list[str]]) -> Path:
    """n distinct documents as JSON Lines, built by repeating and varying the shared texts."""
    with path.open("w") as handle:
        for i in range(n):
            copy, base = divmod(i, len(sources))
            title, *body = sources[base]
            shift = copy % len(body)
            other = sources[(base * 7 + copy + 1) % len(sources)]
            paragraphs = [title, *(body[shift:] + body[:shift])[:BODY_PARAGRAPHS], other[1 + copy % (len(other) - 1)]]
            record = {"text": "\n\n".join(paragraphs), "published": str(dt.date(2024, 1, 1) + dt.timedelta(days=i % 366)),
                      "publisher": f"Outlet {i % 17}", "url": f"https://news{i % 17}.example/{i}"}
            handle.write(json.dumps(record) + "\n")
    return path


def timed(run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def code_only(corpus: Path, coder: Coder) -> int:
    """What `eventwire code` does per document (read, clean, code), with nothing stored."""
    pages = ((item.read(), item.meta.published) for item in iter_inputs([corpus]) if isinstance(item, SourceItem))
    return sum(1 for out in coder.process_pages(pages) if isinstance(out, CodedArticle))


def local_ingest(corpus: Path, db: Path, coder: Coder) -> tuple[float, int, MemorySampler]:
    with MemorySampler() as memory, EventStore(db) as store:
        seconds, summary = timed(lambda: ingest([corpus], store, coder))
    return seconds, summary.result.documents, memory


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSES TARGET"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents for coding vs ingest (and the memory baseline)")
    parser.add_argument("--ray-docs", type=int, default=None, help="documents for the Ray runs (default: --docs)")
    parser.add_argument("--memory-docs", type=int, default=5000, help="documents for the memory run")
    args = parser.parse_args()
    ray_docs = args.ray_docs or args.docs

    sources = source_paragraphs()
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        tmp_path = Path(tmp)
        corpus = write_corpus(tmp_path / "corpus.jsonl", args.docs, sources)
        print(f"corpus: {args.docs} documents synthesised from {len(sources)} shared texts")
        load_seconds, coder = timed(Coder)
        print(f"model load: {load_seconds:.1f} s")
        code_only(write_corpus(tmp_path / "warm.jsonl", 8, sources), coder)

        code_seconds, coded = timed(lambda: code_only(corpus, coder))
        ingest_seconds, stored, small_memory = local_ingest(corpus, tmp_path / "small.duckdb", coder)
        overhead = ingest_seconds / code_seconds - 1
        print(f"coding alone:       {coded / code_seconds:7.2f} docs/s ({code_seconds:.1f} s)")
        print(f"local ingest:       {stored / ingest_seconds:7.2f} docs/s ({ingest_seconds:.1f} s)")
        print(f"storage overhead: {overhead:+.1%} (target <= {TARGET_OVERHEAD:.0%}) {verdict(overhead <= TARGET_OVERHEAD)}")

        big = write_corpus(tmp_path / "big.jsonl", args.memory_docs, sources)
        big_seconds, big_stored, big_memory = local_ingest(big, tmp_path / "big.duckdb", coder)
        growth = big_memory.peak_mb / small_memory.peak_mb - 1
        print(f"peak RSS, {args.docs} docs: {small_memory.peak_mb:.0f} MB; {args.memory_docs} docs: "
              f"{big_memory.peak_mb:.0f} MB ({big_stored / big_seconds:.2f} docs/s)")
        print(f"peak RSS per quarter of the {args.memory_docs}-doc run: "
              + ", ".join(f"{mb:.0f}" for mb in big_memory.quarter_peaks_mb()) + " MB")
        print(f"memory growth: {growth:+.1%} (target <= {TARGET_MEMORY_GROWTH:.0%}) {verdict(growth <= TARGET_MEMORY_GROWTH)}")

        import ray

        ray.init(num_cpus=2, include_dashboard=False, object_store_memory=200_000_000, log_to_driver=False)
        try:
            ray_corpus = write_corpus(tmp_path / "ray.jsonl", ray_docs, sources)
            local_rate = stored / ingest_seconds
            times = {}
            for workers in (1, 2):
                run = ingest_ray([ray_corpus], tmp_path / f"ray{workers}", workers=workers)
                times[workers] = run.seconds
                rate = run.result.documents / run.seconds
                print(f"ray, {workers} worker(s):   {rate:7.2f} docs/s ({run.seconds:.1f} s for {ray_docs}), "
                      f"{rate / local_rate:.2f}x the local engine")
        finally:
            ray.shutdown()
        efficiency = times[1] / (2 * times[2])
        steady = (times[1] - load_seconds) / (2 * (times[2] - load_seconds))
        print(f"scaling efficiency 1 -> 2 workers: {efficiency:.2f} (target >= {TARGET_EFFICIENCY}) "
              f"{verdict(efficiency >= TARGET_EFFICIENCY)}; {steady:.2f} without one model load")


if __name__ == "__main__":
    main()
