"""Ingest benchmark: storage overhead, Ray scaling and memory flatness, measured in one run.

Corpus: synthesised from the shared texts (the article-extraction pages and the seed article,
cleaned once): document i takes the title and four paragraphs of one article, rotated by its
copy number, plus a paragraph of another, so every document is distinct; it gets a publish date
and an outlet and is written as one JSON Lines record. Three comparisons, each against a
baseline measured in this run:

1. storage overhead: `ingest` (local engine into DuckDB) against coding alone (the
   `eventwire code` path: read, clean, code, nothing stored) over the same --docs documents.
   Target: ingest at most 20% slower.
2. memory: peak resident memory of this process (psutil, sampled every 50 ms) while ingesting
   --memory-docs documents, against the --docs run. Target: flat (at most 10% higher).
3. Ray scaling: the local engine, then the Ray engine (Parquet output) with 1 and 2 workers, on
   the same --ray-docs documents. Target: efficiency t1 / (2 * t2) >= 0.8 on wall-clock times,
   which include starting the actors and loading one model each; the rate once the actors
   are up (first result to last) is printed too.

    /work/venv/bin/python benchmarks/ingest.py [--docs 1000] [--ray-docs 500] [--memory-docs 5000]
        [--sections local ray]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
from threadpoolctl import threadpool_limits

from eventwire.clean import clean
from eventwire.engine_ray import ingest_ray
from eventwire.errors import EventwireError
from eventwire.ingest import SourceItem, ingest, iter_inputs
from eventwire.ingest.progress import IngestProgress
from eventwire.pipeline import Coder
from eventwire.read import load_page
from eventwire.records import CodedArticle
from eventwire.store import EventStore, WriteResult

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


class Timeline(IngestProgress):
    """A silent progress display that remembers when each batch of results arrived."""

    def __init__(self) -> None:
        super().__init__(quiet=True)
        self.began = time.monotonic()
        self.marks: list[tuple[float, int]] = []

    def start(self, total: int | None) -> None:
        super().start(total)
        self.began = time.monotonic()

    def advance(self, inputs: int, result: WriteResult) -> None:
        super().advance(inputs, result)
        self.marks.append((time.monotonic(), inputs))

    def steady_rate(self) -> float:
        """Documents per second from the first result to the last: the rate once actors are up."""
        (first, n_first), (last, _) = self.marks[0], self.marks[-1]
        done = sum(n for _, n in self.marks) - n_first
        return done / (last - first) if last > first else float("nan")


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSES TARGET"


def load() -> str:
    """The machine's 1-minute load average: the other processes sharing the cores show here."""
    return f"[load {os.getloadavg()[0]:.1f}]"


def local_section(tmp_path: Path, sources: list[list[str]], coder: Coder, docs: int, memory_docs: int) -> None:
    """Storage overhead on --docs documents, then the memory of a --memory-docs run against it."""
    corpus = write_corpus(tmp_path / "corpus.jsonl", docs, sources)
    code_seconds, coded = timed(lambda: code_only(corpus, coder))
    ingest_seconds, stored, small_memory = local_ingest(corpus, tmp_path / "small.duckdb", coder)
    overhead = ingest_seconds / code_seconds - 1
    print(f"coding alone:       {coded / code_seconds:7.2f} docs/s ({code_seconds:.1f} s for {docs}) {load()}")
    print(f"local ingest:       {stored / ingest_seconds:7.2f} docs/s ({ingest_seconds:.1f} s for {docs}) {load()}")
    print(f"storage overhead: {overhead:+.1%} (target <= {TARGET_OVERHEAD:.0%}) {verdict(overhead <= TARGET_OVERHEAD)}")

    big = write_corpus(tmp_path / "big.jsonl", memory_docs, sources)
    big_seconds, big_stored, big_memory = local_ingest(big, tmp_path / "big.duckdb", coder)
    growth = big_memory.peak_mb / small_memory.peak_mb - 1
    print(f"peak RSS, {docs} docs: {small_memory.peak_mb:.0f} MB; {memory_docs} docs: "
          f"{big_memory.peak_mb:.0f} MB ({big_stored / big_seconds:.2f} docs/s) {load()}")
    print(f"peak RSS per quarter of the {memory_docs}-doc run: "
          + ", ".join(f"{mb:.0f}" for mb in big_memory.quarter_peaks_mb()) + " MB")
    print(f"memory growth: {growth:+.1%} (target <= {TARGET_MEMORY_GROWTH:.0%}) {verdict(growth <= TARGET_MEMORY_GROWTH)}")


def ray_section(tmp_path: Path, sources: list[list[str]], coder: Coder, docs: int) -> None:
    """The local engine, then Ray with 1 and 2 workers, on the same --ray-docs documents."""
    import ray

    corpus = write_corpus(tmp_path / "ray.jsonl", docs, sources)
    local_seconds, stored, _ = local_ingest(corpus, tmp_path / "ray-local.duckdb", coder)
    local_rate = stored / local_seconds
    print(f"local engine:       {local_rate:7.2f} docs/s ({local_seconds:.1f} s for {docs}) {load()}")
    # Ray starts workers at niceness 15; on a shared machine that, not Ray, would decide the
    # comparison with the local engine (niceness 0), so the workers get the same priority here
    os.environ.setdefault("RAY_worker_niceness", "0")
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=200_000_000, log_to_driver=False)
    times, steady = {}, {}
    try:
        for workers in (1, 2):
            timeline = Timeline()
            run = ingest_ray([corpus], tmp_path / f"ray{workers}", workers=workers, progress=timeline)
            times[workers], steady[workers] = run.seconds, timeline.steady_rate()
            rate = run.result.documents / run.seconds
            print(f"ray, {workers} worker(s):   {rate:7.2f} docs/s ({run.seconds:.1f} s), {rate / local_rate:.2f}x "
                  f"the local engine; first results after {timeline.marks[0][0] - timeline.began:.1f} s, "
                  f"then {steady[workers]:.2f} docs/s {load()}")
    finally:
        ray.shutdown()
    efficiency = times[1] / (2 * times[2])
    print(f"scaling efficiency 1 -> 2 workers: {efficiency:.2f} (target >= {TARGET_EFFICIENCY}) "
          f"{verdict(efficiency >= TARGET_EFFICIENCY)}; once actors are up: {steady[2] / (2 * steady[1]):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents for coding vs ingest (and the memory baseline)")
    parser.add_argument("--ray-docs", type=int, default=500, help="documents for the Ray runs")
    parser.add_argument("--memory-docs", type=int, default=5000, help="documents for the memory run")
    parser.add_argument("--sections", nargs="+", choices=("local", "ray"), default=["local", "ray"],
                        help="local: storage overhead and memory; ray: Ray scaling")
    args = parser.parse_args()

    # Ray gives each worker one BLAS thread (num_cpus=1); the local engine gets the same, since
    # spinning BLAS threads on busy shared cores made it 3x slower in this benchmark
    threadpool_limits(limits=1)
    sources = source_paragraphs()
    print(f"corpus: documents synthesised from {len(sources)} shared texts")
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        tmp_path = Path(tmp)
        load_seconds, coder = timed(Coder)
        print(f"model load: {load_seconds:.1f} s")
        code_only(write_corpus(tmp_path / "warm.jsonl", 8, sources), coder)
        if "local" in args.sections:
            local_section(tmp_path, sources, coder, args.docs, args.memory_docs)
        if "ray" in args.sections:
            ray_section(tmp_path, sources, coder, args.ray_docs)

if __name__ == "__main__":
    main()
