"""Cleaning quality on the article-extraction benchmark: shingle F1 of our body vs the gold body.

The 181 pages of scrapinghub/article-extraction-benchmark (MIT) with their gold `articleBody`.
Our body is Article.text without the title paragraph (the gold body has no headline). Scored
like the benchmark itself: precision/recall/F1 over word 4-gram shingles, per page, then the
mean over the English pages (clean() rejects the others with E104 by design, so they are
counted, not scored); bare trafilatura (default settings) on the same pages is the baseline.

    /work/venv/bin/python benchmarks/cleaning.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path

import trafilatura

from eventwire.clean import clean
from eventwire.errors import EventwireError
from eventwire.read import load_page

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "article_extraction"
SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1)))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    p, g = shingles(predicted), shingles(gold)
    overlap = sum((p & g).values())
    precision = overlap / max(sum(p.values()), 1)
    recall = overlap / max(sum(g.values()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ours(path: Path) -> str | EventwireError:
    """Our body text, or the error clean() raised (non-English pages are E104 by design)."""
    try:
        article = clean(load_page(str(path)))
    except EventwireError as exc:
        return exc
    paragraphs = article.text.split("\n\n")
    if article.title and paragraphs[0] == article.title:
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def bare(path: Path) -> str:
    return trafilatura.extract(gzip.decompress(path.read_bytes())) or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    args = parser.parse_args()
    gold = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[: args.limit]
    start = time.perf_counter()
    extracted = {page_id: ours(DATA / "html" / f"{page_id}.html.gz") for page_id in ids}
    ours_seconds = time.perf_counter() - start
    english = [page_id for page_id in ids if not isinstance(extracted[page_id], EventwireError) or extracted[page_id].code != "E104"]
    errors = Counter(result.code for result in extracted.values() if isinstance(result, EventwireError))
    print(f"pages={len(ids)} english={len(english)} (scored) errors={dict(errors)}")
    start = time.perf_counter()
    baseline = {page_id: bare(DATA / "html" / f"{page_id}.html.gz") for page_id in english}
    bare_seconds = time.perf_counter() - start
    for name, texts, seconds in (("eventwire clean()", extracted, ours_seconds), ("bare trafilatura", baseline, bare_seconds)):
        scores = [prf(text if isinstance(text := texts[page_id], str) else "", gold[page_id]["articleBody"]) for page_id in english]
        precision, recall, f1 = (statistics.mean(column) for column in zip(*scores))
        print(f"{name:18s} P={precision:.3f} R={recall:.3f} F1={f1:.3f} ({len(texts) / seconds:.1f} pages/s)")


if __name__ == "__main__":
    main()
