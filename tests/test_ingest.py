"""The local ingest engine on real files, a real WARC, a real HTTP server and the real Coder."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import io
import json
import threading
import tracemalloc
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from spacy.language import Language
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingest import count_documents, ingest, iter_inputs
from eventwire.ingest.sources import SourceItem
from eventwire.annotate import load_spacy
from eventwire.pipeline import Coder, default_coder
from eventwire.records import Discard
from eventwire.store import EventStore

PLACES = [("South Korea", "Seoul", "the United States"), ("Japan", "Tokyo", "China"), ("France", "Paris", "Germany"),
          ("India", "New Delhi", "Pakistan"), ("Turkey", "Ankara", "Greece"), ("Egypt", "Cairo", "Israel"),
          ("Brazil", "Brasilia", "Argentina"), ("Kenya", "Nairobi", "Ethiopia"), ("Russia", "Moscow", "Ukraine"),
          ("Iran", "Tehran", "Iraq")]


def news(i: int) -> str:
    """A short, distinct English news report (headline, dateline, two paragraphs)."""
    a, cap, b = PLACES[i % len(PLACES)]
    day = dt.date(2024, 3, 4) + dt.timedelta(days=i % 5 + 7 * (i // 10))
    stamp = day.strftime("%B %d, %Y")
    kind = (i // len(PLACES)) % 3
    if kind == 0:
        return (f"{a} and {b} hold talks in {cap}\n\n{cap}, {stamp} -- The foreign ministers of {a} and {b} met in "
                f"{cap} on {day:%A} to discuss trade, security and regional stability, officials said. The talks lasted "
                f"three hours, according to a statement from the foreign ministry.\n\nThe two sides agreed to meet "
                f"again next month, the statement said. (Report {i})")
    if kind == 1:
        return (f"{a} accuses {b} of violating agreement\n\n{cap}, {stamp} -- The government of {a} accused {b} of "
                f"violating a border agreement, a spokesman said in {cap}. He said troops from {b} had crossed the "
                f"line twice this week.\n\nOfficials in {b} denied the accusation and called for calm. (Report {i})")
    return (f"Protesters rally in {cap}\n\n{cap}, {stamp} -- Thousands of protesters marched through {cap} on {day:%A} "
            f"to protest against the government of {a}, demanding lower fuel prices, police said. Police arrested "
            f"dozens of demonstrators near parliament.\n\nThe interior ministry said order had been restored by "
            f"evening. (Report {i})")


def as_html(text: str) -> str:
    head, *paras = text.split("\n\n")
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<html><head><title>{head}</title></head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{head}</h1>{body}</article><footer>Copyright 2024 Example News</footer></body></html>")


def write_corpus(folder: Path, n: int, start: int = 0) -> list[Path]:
    """n good documents, cycling through .txt, .html and .html.gz files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        if i % 3 == 0:
            path = folder / f"doc{i:03d}.txt"
            path.write_text(news(i))
        elif i % 3 == 1:
            path = folder / f"doc{i:03d}.html"
            path.write_text(as_html(news(i)))
        else:
            path = folder / f"doc{i:03d}.html.gz"
            path.write_bytes(gzip.compress(as_html(news(i)).encode()))
        paths.append(path)
    return paths


GERMAN = ("Die Regierung in Berlin hat am Montag neue Gespräche mit Frankreich angekündigt. Der Außenminister sagte, "
          "man wolle die Zusammenarbeit in der Sicherheitspolitik vertiefen und gemeinsame Projekte voranbringen. "
          "Die Opposition kritisierte die Pläne scharf und forderte eine Debatte im Bundestag über die Kosten.")


def write_bad_inputs(folder: Path) -> dict[str, str]:
    """One file per kind of bad input; returns file name -> the error code it must be discarded with."""
    folder.mkdir(parents=True, exist_ok=True)
    whole = gzip.compress(as_html(news(1)).encode())
    (folder / "truncated.html.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "german.txt").write_text(GERMAN * 2)
    (folder / "app.html").write_text("<html><head><title>Example News</title><script>var x = 1;</script></head>"
                                     "<body><div id='app'></div><script>render()</script></body></html>")
    return {"truncated.html.gz": "E103", "empty.txt": "E101", "image.png": "E102", "german.txt": "E104",
            "app.html": "E105"}


def stored_discards(store: EventStore) -> list[SimpleNamespace]:
    """The run's discards as the store keeps them (the run summary only counts them)."""
    rows = store.query("SELECT input, stage, code, reason FROM discards ORDER BY input, code").to_pylist()
    return [SimpleNamespace(**row) for row in rows]


@pytest.fixture(scope="module")
def coder():
    return default_coder()


def test_folder_with_bad_inputs_keeps_going_and_reruns_add_nothing(tmp_path, coder):
    folder = tmp_path / "corpus"
    good = write_corpus(folder, 9)
    expected = write_bad_inputs(folder)
    assert count_documents([folder]) == len(good) + len(expected)
    with EventStore(tmp_path / "s.duckdb") as store:
        summary = ingest([folder], store, coder, batch_size=4)
        assert summary.result.documents == len(good) and summary.result.new_events > 0
        discards = {Path(d.input).name: d.code for d in stored_discards(store)}
        assert discards == expected
        assert dict(summary.result.discard_codes) == Counter(expected.values())  # counted, not kept
        reasons = {Path(r["input"]).name: r["reason"] for r in store.query("SELECT input, reason FROM discards").to_pylist()}
        assert "truncated" in reasons["truncated.html.gz"] and "language 'de'" in reasons["german.txt"]
        before = store.counts()
        again = ingest([folder], store, coder, batch_size=4)
        assert again.skipped == len(good) + len(expected) and again.result.documents == 0
        assert store.counts() | {"runs": 0} == before | {"runs": 0}
        assert store.query("SELECT count(*) FROM runs WHERE finished IS NOT NULL").column(0).to_pylist() == [2]
        # the HTML, gzip and text paths all produce articles whose evidence points into their text
        bad = store.query("""SELECT count(*) FROM mentions m JOIN documents d USING (doc_id)
                             WHERE substr(d.text, m.char_start + 1, m.char_end - m.char_start) <> m.text""")
        assert bad.column(0).to_pylist() == [0]


def test_same_content_under_two_names_is_stored_once(tmp_path, coder):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(news(3))
    (folder / "copy-of-a.txt").write_text(news(3))
    with EventStore(tmp_path / "s.duckdb") as store:
        summary = ingest([folder], store, coder)
        assert (summary.result.documents, summary.result.exact_duplicates) == (1, 1)
        assert store.done_inputs([str(folder / "a.txt"), str(folder / "copy-of-a.txt")]) == {
            str(folder / "a.txt"), str(folder / "copy-of-a.txt")}


def test_jsonl_fields_and_bad_lines(tmp_path, coder):
    path = tmp_path / "feed.jsonl"
    records = [
        {"text": news(0).split("\n\n", 1)[1], "title": "Talks in Seoul", "url": "https://example.com/a",
         "published": "2024-03-04T09:00:00Z", "publisher": "Example Wire"},
        {"html": as_html(news(11)), "url": "https://example.org/b", "publisher": "Other Daily"},
    ]
    lines = [json.dumps(r) for r in records] + ["{not json", json.dumps({"url": "https://example.com/c"}), "", json.dumps([1])]
    path.write_text("\n".join(lines) + "\n")
    with EventStore(tmp_path / "s.duckdb") as store:
        summary = ingest([path], store, coder)
        assert summary.result.documents == 2
        assert {d.input.rsplit(":", 1)[1]: d.code for d in stored_discards(store)} == {"3": "E103", "4": "E101", "6": "E103"}
        docs = store.query("SELECT source, url, publisher, title, published, text FROM documents ORDER BY source").to_pylist()
        assert [d["source"] for d in docs] == [f"{path}:1", f"{path}:2"]
        assert docs[0]["publisher"] == "Example Wire" and docs[0]["published"] == dt.date(2024, 3, 4)
        assert docs[0]["title"] == "Talks in Seoul" and docs[0]["text"].startswith("Talks in Seoul")
        assert docs[1]["url"] == "https://example.org/b" and docs[1]["publisher"] == "Other Daily"


def test_truncated_gzip_jsonl_keeps_the_lines_before_the_break(tmp_path, coder):
    payload = "\n".join(json.dumps({"text": news(i), "publisher": "P"}) for i in range(6)).encode()
    data = gzip.compress(payload)
    (tmp_path / "feed.jsonl.gz").write_bytes(data[: int(len(data) * 0.6)])
    with EventStore(tmp_path / "s.duckdb") as store:
        summary = ingest([tmp_path / "feed.jsonl.gz"], store, coder)
        assert 1 <= summary.result.documents < 6
        assert [d.code for d in stored_discards(store)] == ["E103"]


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.com/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG..."), http_headers=image))


def test_warc_responses_and_broken_warc(tmp_path, coder):
    pages = [(f"https://news.example.com/{i}", as_html(news(i))) for i in (4, 5, 6)]
    write_warc(tmp_path / "crawl.warc.gz", pages)
    data = (tmp_path / "crawl.warc.gz").read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "crawl.warc.gz").write_bytes(data[: int(len(data) * 0.5)])
    (broken / "garbage.warc").write_bytes(b"WARC/1.0\r\nthis is not a header\r\n\r\n" * 3)
    with EventStore(tmp_path / "s.duckdb") as store:
        summary = ingest([tmp_path / "crawl.warc.gz"], store, coder)
        assert summary.result.documents == 3 and not summary.result.discard_count and not stored_discards(store)
        urls = store.query("SELECT url FROM documents ORDER BY url").column(0).to_pylist()
        assert urls == [u for u, _ in pages]
    with EventStore(tmp_path / "b.duckdb") as store:
        summary = ingest([broken], store, coder)
        assert 1 <= summary.result.documents < 3
        assert sorted((Path(d.input).name.split("@")[0], d.code) for d in stored_discards(store)) == [
            ("crawl.warc.gz", "E103"), ("garbage.warc", "E103")]


@pytest.fixture
def http_root(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_list_is_fetched(tmp_path, coder, http_root):
    root, base = http_root
    for i in (7, 8):
        (root / f"story{i}.html").write_text(as_html(news(i)))
    urls = tmp_path / "list.txt"
    urls.write_text(f"# my list\n{base}/story7.html\n\n{base}/story8.html\n{base}/missing.html\n")
    with EventStore(tmp_path / "s.duckdb") as store:
        summary = ingest([urls], store, coder)
        assert summary.result.documents == 2
        assert [(d.input, d.code) for d in stored_discards(store)] == [(f"{base}/missing.html", "E110")]
        assert sorted(store.query("SELECT url FROM documents").column(0).to_pylist()) == [f"{base}/story7.html", f"{base}/story8.html"]


def test_missing_input_is_a_discard(tmp_path, coder):
    with EventStore(tmp_path / "s.duckdb") as store:
        summary = ingest([tmp_path / "nope"], store, coder)
        assert [d.code for d in stored_discards(store)] == ["E107"]


def test_sources_stream_without_reading_ahead(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w") as out:
        for i in range(20000):
            out.write(json.dumps({"text": news(i % 30), "publisher": "P"}) + "\n")
    assert count_documents([path]) is None
    tracemalloc.start()
    n = 0
    for item in iter_inputs([path]):
        assert isinstance(item, SourceItem)
        n += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n == 20000 and peak < 2_000_000, peak
    folder = tmp_path / "docs"
    write_corpus(folder, 3)
    items = iter_inputs([folder])
    first = next(items)
    (folder / "doc001.html").unlink()  # not yet read: reading is deferred until the runner needs it
    assert isinstance(first, SourceItem) and first.read().content
    assert all(isinstance(i, (SourceItem, Discard)) for i in items)


@Language.component("fail_on_marker_for_test")
def fail_on_marker(doc):
    if "XYZZY" in doc.text:
        raise RuntimeError("parser bug on this page")
    return doc


def test_a_page_that_crashes_the_parser_becomes_a_discard(tmp_path):
    nlp = load_spacy.__wrapped__()  # a private copy of the real pipeline, not the shared cached one
    nlp.add_pipe("fail_on_marker_for_test", last=True)
    folder = tmp_path / "corpus"
    write_corpus(folder, 4)
    (folder / "doc001.html").write_text(as_html(news(1).replace("(Report 1)", "(Report XYZZY)")))
    with EventStore(tmp_path / "s.duckdb") as store:
        summary = ingest([folder], store, Coder(nlp=nlp), batch_size=4)
        assert summary.result.documents == 3
        assert [(Path(d.input).name, d.code) for d in stored_discards(store)] == [("doc001.html", "E900")]
        assert "parser bug" in stored_discards(store)[0].reason


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_warc_cut_anywhere_becomes_a_discard_not_a_crash(tmp_path, name):
    """Record sizes vary (ids and dates), so a fixed cut lands anywhere: try every 7th byte."""
    write_warc(tmp_path / name, [(f"https://news.example.com/{i}", as_html(news(i))) for i in range(4)])
    data = (tmp_path / name).read_bytes()
    cut_file = tmp_path / f"cut-{name}"
    for cut in range(1, len(data), 7):
        cut_file.write_bytes(data[:cut])
        items = list(iter_inputs([cut_file]))
        discards = [item for item in items if isinstance(item, Discard)]
        assert len(discards) <= 1 and all(d.code == "E103" for d in discards), cut
        assert all(isinstance(item, SourceItem) for item in items[:len(items) - len(discards)]), cut
