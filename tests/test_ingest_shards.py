"""Shards: planned without holding documents, read back by workers exactly as `iter_inputs` reads."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from eventwire.errors import EventwireError
from eventwire.ingest.sources import Shard, iter_inputs, iter_shard, plan_shards
from eventwire.records import Discard
from test_ingest import as_html, news, write_bad_inputs, write_corpus, write_warc


def described(items) -> list[tuple[str, str]]:
    """What an item stream holds: each input name with its page text or discard code."""
    out = []
    for item in items:
        if isinstance(item, Discard):
            out.append((item.source, item.code))
            continue
        try:
            out.append((item.source, item.read().content.decode("utf-8", "replace")[:80]))
        except EventwireError as error:  # read when the worker reads: empty, binary, unreachable
            out.append((item.source, error.code))
    return sorted(out)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> list[Path]:
    """Every input kind, good and broken: files, JSON Lines (plain, CRLF, gzip, truncated gzip),
    WARC (whole, truncated), a URL list with a bad line, and a missing path."""
    root = tmp_path_factory.mktemp("mixed")
    write_corpus(root / "folder", 7)
    write_bad_inputs(root / "folder")
    lines = [json.dumps({"text": news(i), "publisher": "P"}) for i in range(11)]
    lines[4] = "{not json"
    lines.insert(6, "")
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n")
    (root / "crlf.jsonl").write_bytes(("\r\n".join(lines[:5]) + "\r\n").encode())
    (root / "feed.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    whole = gzip.compress("\n".join(lines).encode())
    (root / "cut.jsonl.gz").write_bytes(whole[: int(len(whole) * 0.6)])
    write_warc(root / "crawl.warc.gz", [(f"https://news.example.com/{i}", as_html(news(i))) for i in range(9)])
    warc = (root / "crawl.warc.gz").read_bytes()
    (root / "cut.warc.gz").write_bytes(warc[: int(len(warc) * 0.55)])
    write_warc(root / "plain.warc", [(f"https://news.example.org/{i}", as_html(news(i))) for i in range(4)])
    (root / "list.urls").write_text("# feeds\nhttp://127.0.0.1:9/a\n\nnot a url\nhttp://127.0.0.1:9/b\r\n")
    return [root / "folder", root / "feed.jsonl", root / "crlf.jsonl", root / "feed.jsonl.gz", root / "cut.jsonl.gz",
            root / "crawl.warc.gz", root / "cut.warc.gz", root / "plain.warc", root / "list.urls", root / "missing.txt"]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 64])
def test_shards_read_exactly_what_iter_inputs_reads(mixed, size):
    shards = list(plan_shards(mixed, size))
    whole = described(iter_inputs(mixed))
    assert described(item for shard in shards for item in iter_shard(shard)) == whole
    assert all(len(list(iter_shard(shard))) <= size for shard in shards if shard.count is not None)
    assert len({shard.key for shard in shards}) == len(shards)
    assert [s.key for s in plan_shards(mixed, size)] == [s.key for s in shards]  # same plan every time
    codes = {code for _, code in whole if code.startswith("E")}
    assert {"E101", "E102", "E103", "E110"} <= codes


def test_a_shard_of_a_big_file_starts_at_its_offset_not_line_one(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps({"text": news(i)}) for i in range(10)) + "\n")
    shards = list(plan_shards([path], 4))
    assert [(s.start.line, s.count) for s in shards] == [(1, 4), (5, 4), (9, None)]
    assert shards[1].start.offset == sum(len(line) for line in path.read_bytes().splitlines(keepends=True)[:4])
    assert [item.source for item in iter_shard(shards[2])] == [f"{path}:9", f"{path}:10"]
    assert isinstance(shards[0], Shard) and shards[0].entries == ((str(path), "jsonl"),)
