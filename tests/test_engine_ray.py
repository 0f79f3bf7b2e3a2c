"""The Ray engine on a real local Ray cluster, checked against the local engine on the same inputs."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

ray = pytest.importorskip("ray")

from eventwire.engine_ray import PARTITIONS, ingest_ray, ingest_ray_into_store  # noqa: E402
from eventwire.errors import StoreError  # noqa: E402
from eventwire.ingest import ingest  # noqa: E402
from eventwire.pipeline import default_coder  # noqa: E402
from eventwire.store import EventStore, ParquetDataset, RunTotals  # noqa: E402
from eventwire.store.rows import ARROW_SCHEMAS, TABLES  # noqa: E402
from test_ingest import news  # noqa: E402

pytestmark = pytest.mark.ray

REPORTS = {
    "talks.txt": ("Japan and China hold talks in Tokyo\n\nTOKYO, March 4, 2024 -- The foreign ministers of Japan and "
                  "China met in Tokyo on Monday to discuss trade and regional security, officials said.\n\nThe two "
                  "sides agreed to meet again next month, a statement from the foreign ministry said."),
    "accuse.txt": ("India accuses Pakistan of violating ceasefire\n\nNEW DELHI, March 6, 2024 -- The government of India "
                   "accused Pakistan of violating a ceasefire agreement, a spokesman said in New Delhi. He said troops "
                   "from Pakistan had crossed the line twice this week.\n\nOfficials in Pakistan denied the accusation."),
    "protest.html": ("<html><head><title>Protesters rally in Nairobi</title></head><body><article>"
                     "<h1>Protesters rally in Nairobi</h1><p>NAIROBI, March 11, 2024 -- Thousands of protesters marched "
                     "through Nairobi on Monday to protest against the government of Kenya, demanding lower fuel prices, "
                     "police said. Police arrested dozens of demonstrators near parliament.</p><p>The interior ministry "
                     "said order had been restored by evening.</p></article></body></html>"),
    "sanction.txt": ("EU imposes sanctions on Russia\n\nBRUSSELS, March 12, 2024 -- The European Union imposed new "
                     "sanctions on Russia on Tuesday over the war in Ukraine, EU officials said.\n\nRussia condemned "
                     "the decision and threatened to retaliate, the foreign ministry in Moscow said."),
}
FEED = [
    {"text": "Turkey and Greece agree to resume talks\n\nANKARA, March 13, 2024 -- Turkey and Greece agreed on "
             "Wednesday to resume talks on maritime borders, the foreign ministry in Ankara said.",
     "published": "2024-03-13", "publisher": "Example Wire"},
]


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=200_000_000, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Four reports, a JSON Lines feed with one good and one broken line, a truncated gzip, an empty file."""
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in REPORTS.items():
        (folder / name).write_text(text)
    lines = [json.dumps(record) for record in FEED] + ["{not json"]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n")
    whole = gzip.compress(REPORTS["protest.html"].encode())
    (folder / "broken.html.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory) -> Iterator[EventStore]:
    store = EventStore(tmp_path_factory.mktemp("local") / "local.duckdb")
    ingest([corpus], store, default_coder(), batch_size=2)
    yield store
    store.close()


@pytest.fixture(scope="module")
def run(cluster, corpus, tmp_path_factory):
    return ingest_ray([corpus], tmp_path_factory.mktemp("ray") / "dataset", workers=2, batch_size=2)


def parquet(root: str, table: str) -> duckdb.DuckDBPyRelation:
    return duckdb.sql(f"SELECT * FROM read_parquet('{root}/{table}/**/*.parquet', hive_partitioning = true)")


def pairs(relation: duckdb.DuckDBPyRelation, *columns: str) -> set[tuple]:
    return set(relation.select(", ".join(columns)).fetchall())


def test_dataset_is_partitioned_by_date_and_read_by_duckdb(run, local):
    root = Path(run.output)
    published = {r["published"] for r in local.query("SELECT DISTINCT published FROM documents").to_pylist()}
    assert None not in published
    assert {p.name for p in (root / "documents").iterdir()} == {f"published={d.isoformat()}" for d in published}
    days = {p.name for p in (root / "events").iterdir()}
    assert any(name.startswith("day=2024-03-") for name in days)
    for table in TABLES:
        relation = parquet(run.output, table)
        assert set(relation.columns) == set(ARROW_SCHEMAS[table].names)
    # the partition column comes back from the folder names with its date type
    assert parquet(run.output, "events").select("typeof(day)").distinct().fetchall() == [("DATE",)]
    for table, column in PARTITIONS.items():
        assert all(folder.name.startswith(f"{column}=") for folder in (root / table).iterdir())


def test_same_documents_events_and_discards_as_local_engine(run, local):
    docs = {r["doc_id"] for r in local.query("SELECT doc_id FROM documents").to_pylist()}
    assert pairs(parquet(run.output, "documents"), "doc_id") == {(d,) for d in docs}
    assert len(docs) == len(REPORTS) + len(FEED)
    article_events = {tuple(r.values()) for r in
                      local.query("SELECT DISTINCT doc_id, article_event_id FROM mentions").to_pylist()}
    assert article_events and pairs(parquet(run.output, "events"), "doc_id", "event_id") == article_events
    assert run.result.documents == len(docs) and run.result.article_events == len(article_events)
    assert pairs(parquet(run.output, "documents"), "publisher") >= {("Example Wire",)}
    local_discards = {tuple(r.values()) for r in local.query("SELECT input, code, reason FROM discards").to_pylist()}
    assert pairs(parquet(run.output, "discards"), "input", "code", "reason") == local_discards
    codes = set(parquet(run.output, "discards").select("input, code").fetchall())
    codes = {(Path(i).name, c) for i, c in codes}
    assert dict(run.result.discard_codes) == {"E103": 2, "E101": 1}
    assert codes == {("broken.html.gz", "E103"), ("empty.txt", "E101"), ("feed.jsonl:2", "E103")}


def test_small_run_loads_into_store_like_local_engine(cluster, corpus, local, tmp_path):
    with EventStore(tmp_path / "ray.duckdb") as store:
        summary = ingest_ray_into_store([corpus], store, workers=1, batch_size=3)
        assert summary.result.documents == len(REPORTS) + len(FEED)
        for table in ("documents", "discards"):
            assert store.counts()[table] == local.counts()[table]
        events = "SELECT event_type, source_codes, target_codes, date FROM events ORDER BY ALL"
        assert store.query(events).to_pylist() == local.query(events).to_pylist()


def test_rerun_into_the_same_folder_adds_nothing_and_other_data_is_refused(run, corpus, tmp_path):
    again = ingest_ray([corpus], run.output, workers=2, batch_size=2)
    assert again.result == RunTotals() and again.skipped == run.result.documents + run.result.discard_count
    with pytest.raises(StoreError, match="holds other data"):
        ingest_ray([corpus], run.output, batch_size=3)  # another plan: its shards are not these
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="holds other data"):
        ingest_ray([corpus], tmp_path)


def test_killed_run_resumes_to_the_same_dataset(corpus, local, tmp_path):
    """SIGKILL a real `eventwire ingest --engine ray` (driver and its local cluster) once shards
    are committed, rerun it, and compare with the local engine: nothing lost, nothing twice."""
    for i in range(24):  # enough shards that the kill lands mid-run
        (tmp_path / "more").mkdir(exist_ok=True)
        (tmp_path / "more" / f"n{i:02d}.txt").write_text(news(i))
    inputs, out = [str(corpus), str(tmp_path / "more")], tmp_path / "dataset"
    command = [sys.executable, "-m", "eventwire", "ingest", *inputs, "--engine", "ray", "--workers", "2",
               "--batch-size", "1", "--output", str(out), "--quiet"]
    first = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(list((out / "inputs").glob("*.parquet"))) < 4 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    committed = len(list((out / "inputs").glob("*.parquet")))
    assert 4 <= committed < 32, "the kill must land mid-run"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with EventStore(tmp_path / "local.duckdb") as reference:
        ingest(inputs, reference, default_coder())
        with ParquetDataset(out) as dataset:
            for ours, theirs in [
                ("SELECT doc_id FROM documents", "SELECT doc_id FROM documents"),  # each document once
                ("SELECT DISTINCT doc_id, event_id FROM events", "SELECT DISTINCT doc_id, article_event_id FROM mentions"),
                ("SELECT input, code FROM discards", "SELECT input, code FROM discards"),
            ]:
                assert rows_of(dataset.query(ours + " ORDER BY ALL")) == rows_of(reference.query(theirs + " ORDER BY ALL"))


def rows_of(table) -> list[tuple]:
    return [tuple(row.values()) for row in table.to_pylist()]
