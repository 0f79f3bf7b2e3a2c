"""Kill a real `eventwire ingest` with SIGKILL mid-run, several times; reruns must finish the job
with a store equal to an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_ingest import write_bad_inputs, write_corpus

from eventwire.store import EventStore

N_DOCS = 48
KILLS = 4
SEED = 20261129


def snapshot(db: Path) -> dict:
    with EventStore(db, read_only=True) as store:
        q = lambda sql: store.query(sql).to_pylist()  # noqa: E731
        return {
            "doc_ids": sorted(r["doc_id"] for r in q("SELECT doc_id FROM documents")),
            "events": q("SELECT count(*) AS n FROM events")[0]["n"],
            "mentions": q("SELECT count(*) AS n FROM mentions")[0]["n"],
            "actors": q("SELECT count(*) AS n FROM actors")[0]["n"],
            "discards": sorted((r["input"], r["code"]) for r in q("SELECT input, code FROM discards")),
            "inputs": q("SELECT count(*) AS n FROM inputs")[0]["n"],
            "article_events": q("SELECT count(DISTINCT article_event_id) AS n FROM mentions")[0]["n"],
        }


def committed(db: Path) -> int:
    if not db.exists():
        return 0
    with EventStore(db, read_only=True) as store:
        return store.query("SELECT count(*) AS n FROM inputs").to_pylist()[0]["n"]


def wal_size(db: Path) -> int:
    wal = Path(f"{db}.wal")
    return wal.stat().st_size if wal.exists() else 0


def start(corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", str(db), "--quiet",
                             "--batch-size", "3"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_after_commits(proc: subprocess.Popen, db: Path, rng: random.Random, timeout: float = 240) -> bool:
    """SIGKILL once this process has committed at least one batch, after a seeded random pause.

    Commits show as growth of DuckDB's write-ahead log: the schema (first run only), the run
    row, then one step per batch. Waiting for three steps puts every kill in the middle of the
    work instead of in model loading. Returns False if the run ended first.
    """
    deadline = time.monotonic() + timeout
    last, steps = wal_size(db), 0
    while proc.poll() is None and steps < 3:
        if time.monotonic() > deadline:
            raise TimeoutError("ingest made no progress")
        size = wal_size(db)
        steps += size > last
        last = size
        time.sleep(0.01)
    time.sleep(rng.uniform(0.0, 1.5))
    if proc.poll() is not None:
        return False
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


@pytest.mark.slow
def test_sigkill_mid_run_loses_nothing_and_rerun_finishes(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_DOCS)
    write_bad_inputs(corpus)
    db = tmp_path / "crashed.duckdb"
    rng = random.Random(SEED)
    progress = []
    for _ in range(KILLS):
        if not kill_after_commits(start(corpus, db), db, rng):
            break
        progress.append(committed(db))
    final = start(corpus, db)
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()
    killed_mid_run = [n for n in progress if 0 < n < N_DOCS + 5]
    assert len(killed_mid_run) >= 2, progress
    assert progress == sorted(progress), "a killed run never loses what an earlier one committed"

    reference = tmp_path / "reference.duckdb"
    uninterrupted = start(corpus, reference)
    _, err = uninterrupted.communicate(timeout=300)
    assert uninterrupted.returncode == 0, err.decode()
    expected = snapshot(reference)
    assert len(expected["doc_ids"]) == N_DOCS and expected["events"] > 0
    assert snapshot(db) == expected
