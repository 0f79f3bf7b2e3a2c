"""`EventStore`: coded news in one embedded DuckDB file, written batch by batch.

Every batch is one transaction, so a process killed at any moment leaves the file at the end of
its last committed batch. Document ids are content hashes and every consumed input is recorded,
so writing the same article again adds nothing and a rerun picks up where the killed one stopped.
Cross-article deduplication happens here, at write time, against everything stored before
(see `eventwire.dedupe`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from eventwire.dedupe import NEAR_DUPLICATE, MergeKey, band_keys, same_event, similarity
from eventwire.errors import MigrationError, StoreError
from eventwire.store.dataset import committed_batches, dataset_files, dataset_root, run_query, typed_select
from eventwire.store.rows import ARROW_SCHEMAS, TABLES, ArticleRows, DiscardRow, EventRow, from_arrow, to_arrow
from eventwire.store.schema import LATEST, migrate

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_PATH = "eventwire.duckdb"
MEMORY_LIMIT = "512MB"
"""DuckDB's memory cap per store connection. Its cached table pages and indexes grow with the
file (18 MB at 5,000 documents); past the cap it evicts them and spills big joins to disk, so a
corpus of any size runs in bounded memory. DuckDB's own default is 80 % of the machine's RAM."""

_KEY_COLUMNS = ("event_type", "cameo_root", "modality", "reciprocal", "source_codes",
                "target_codes", "actor_set", "date", "day", "location_country")
_OUTLET = r"coalesce(lower(d.publisher), regexp_extract(d.url, '^[A-Za-z]+://(?:www\.)?([^/:?#]+)', 1), d.doc_id)"


@dataclass(frozen=True)
class StoreCounts:
    """What went into the store: documents (new, exact and near copies) and events (per article,
    new, merged into events already stored)."""

    documents: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    article_events: int = 0
    new_events: int = 0
    merged_events: int = 0


@dataclass(frozen=True)
class WriteResult(StoreCounts):
    """What one batch added to the store, with the rows of its new discards."""

    discards: tuple[DiscardRow, ...] = ()


@dataclass(frozen=True)
class RunTotals(StoreCounts):
    """What a whole run added: the batches' counts summed, discards counted by error code.

    Why not rows: a run over millions of pages (a third of a news crawl can be non-English)
    would hold every discard in memory; the rows are in the store's `discards` table.
    """

    discard_codes: tuple[tuple[str, int], ...] = ()

    @property
    def discard_count(self) -> int:
        return sum(n for _, n in self.discard_codes)

    def add(self, batch: WriteResult) -> RunTotals:
        codes = Counter(dict(self.discard_codes))
        codes.update(d.code for d in batch.discards)
        summed = {f.name: getattr(self, f.name) + getattr(batch, f.name) for f in fields(StoreCounts)}
        return RunTotals(**summed, discard_codes=tuple(sorted(codes.items())))


@dataclass(frozen=True)
class _Candidate:
    event_id: str
    key: MergeKey


def merge_key(row: EventRow) -> MergeKey:
    return MergeKey(**{name: getattr(row, name) for name in _KEY_COLUMNS})


class EventStore:
    """An eventwire store file. Open it once per process; DuckDB allows one writer at a time."""

    def __init__(self, path: str | Path = DEFAULT_PATH, *, read_only: bool = False, memory_limit: str = MEMORY_LIMIT) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(self.path, "no store file here; run `eventwire ingest` first or pass --db")
        try:
            self._con = duckdb.connect(self.path, read_only=read_only, config={"memory_limit": memory_limit})
        except duckdb.Error as exc:
            raise StoreError(self.path, f"cannot open the store ({exc})") from None
        if read_only:
            version = self.schema_version if "schema_version" in self._tables() else 0
            if version > LATEST:
                raise MigrationError(self.path, f"store schema version {version} is newer than this eventwire ({LATEST}); upgrade eventwire")
            if version < LATEST:
                raise MigrationError(self.path, f"store is at schema version {version}, this eventwire needs {LATEST}; open it once for writing (e.g. `eventwire ingest`) to migrate it")
        else:
            migrate(self._con, self.path)

    def _tables(self) -> set[str]:
        return {r[0] for r in self._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}

    @property
    def schema_version(self) -> int:
        (version,) = self._con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0]
        return int(version)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- runs and resumption -------------------------------------------------------------
    def start_run(self, inputs: Sequence[str]) -> int:
        (run_id,) = self._con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchall()[0]
        self._con.execute("INSERT INTO runs (run_id, started, inputs) VALUES (?, now(), ?)", [run_id, list(inputs)])
        return int(run_id)

    def finish_run(self, run_id: int, result: RunTotals) -> None:
        self._con.execute(
            "UPDATE runs SET finished = now(), documents = ?, events = ?, duplicates = ?, discards = ? WHERE run_id = ?",
            [result.documents, result.new_events, result.exact_duplicates + result.near_duplicates,
             result.discard_count, run_id],
        )

    def done_inputs(self, inputs: Sequence[str]) -> set[str]:
        """Which of these inputs an earlier (possibly killed) run already committed."""
        if not inputs:
            return set()
        rows = self._con.execute("SELECT input FROM inputs WHERE input IN (SELECT unnest(?))", [list(inputs)]).fetchall()
        return {r[0] for r in rows}

    # --- writing ---------------------------------------------------------------------------
    def write(self, items: Sequence[ArticleRows], *, run_id: int, inputs: Iterable[tuple[str, str | None]] = ()) -> WriteResult:
        """Store one batch in one transaction: new documents, merged events, discards, inputs.

        `inputs` pairs every consumed input with the doc_id it produced (None for a discard),
        so a rerun skips it.
        """
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            result = self._write(items, run_id)
            pairs = list(inputs)
            if pairs:
                con.executemany("INSERT OR IGNORE INTO inputs VALUES (?, ?, ?)", [(s, d, run_id) for s, d in pairs])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return result

    def _write(self, items: Sequence[ArticleRows], run_id: int) -> WriteResult:
        con = self._con
        doc_ids = [item.documents[0].doc_id for item in items if item.documents]
        known = self._existing("documents", "doc_id", doc_ids)
        fresh: list[ArticleRows] = []
        for item in items:
            if item.documents and item.documents[0].doc_id not in known:
                known.add(item.documents[0].doc_id)
                fresh.append(item)
        duplicates_of = self._near_duplicates(fresh)
        now = dt.datetime.now()
        if fresh:
            docs = to_arrow("documents", (item.documents[0] for item in fresh))
            docs = docs.append_column("duplicate_of", pa.array([duplicates_of.get(d) for d in docs.column("doc_id").to_pylist()], pa.string()))
            self._append("documents", docs, run_id, now)
            bands = [(b, k, item.documents[0].doc_id) for item in fresh for b, k in band_keys(item.documents[0].minhash)]
            self._append("doc_bands", pa.table({"band": [b for b, _, _ in bands], "bucket": [k for _, k, _ in bands],
                                                "doc_id": [d for _, _, d in bands]}))
        events = [ev for item in fresh for ev in item.events]
        assigned, new_rows = self._merge(events)
        if new_rows:
            table = to_arrow("events", new_rows).drop_columns(["seq"])
            self._append("events", table, run_id, now)
            ids = {row.event_id for row in new_rows}
            actors = to_arrow("actors", (a for item in fresh for a in item.actors if a.event_id in ids))
            self._append("actors", actors)
        mention_rows = [m for item in fresh for m in item.mentions]
        if mention_rows:
            mentions = to_arrow("mentions", mention_rows)
            mentions = mentions.append_column("article_event_id", mentions.column("event_id"))
            mentions = mentions.set_column(0, "event_id", pa.array(
                [assigned[(d, e)] for d, e in zip(mentions.column("doc_id").to_pylist(), mentions.column("event_id").to_pylist())],
                pa.string()))
            self._append("mentions", mentions)
        self._recount(set(assigned.values()))
        discards = self._discards([d for item in items for d in item.discards], run_id)
        near = sum(1 for item in fresh if item.documents[0].doc_id in duplicates_of)
        return WriteResult(
            documents=len(fresh), exact_duplicates=len(doc_ids) - len(fresh), near_duplicates=near,
            article_events=len(events), new_events=len(new_rows),
            merged_events=len(events) - len(new_rows), discards=discards,
        )

    def _append(self, table: str, data: pa.Table, run_id: int | None = None, added: dt.datetime | None = None) -> None:
        if data.num_rows == 0:
            return
        if run_id is not None:
            data = data.append_column("run_id", pa.array([run_id] * data.num_rows, pa.int32()))
            data = data.append_column("added", pa.array([added] * data.num_rows, pa.timestamp("us")))
        self._con.register("_batch", data)
        try:
            self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch")
        finally:
            self._con.unregister("_batch")

    def _existing(self, table: str, column: str, values: Sequence[str]) -> set[str]:
        if not values:
            return set()
        rows = self._con.execute(f"SELECT {column} FROM {table} WHERE {column} IN (SELECT unnest(?))", [list(values)]).fetchall()
        return {r[0] for r in rows}

    def _near_duplicates(self, fresh: Sequence[ArticleRows]) -> dict[str, str]:
        """doc_id -> the original it copies, for new documents that nearly repeat an earlier one.

        Candidates come from shared LSH band keys (stored documents by SQL join, this batch's
        earlier documents in memory); the signature similarity decides. Links always point to
        an original, never to another copy.
        """
        if not fresh:
            return {}
        docs = [item.documents[0] for item in fresh]
        keys = [(d.doc_id, b, k) for d in docs for b, k in band_keys(d.minhash)]
        self._con.register("_bands", pa.table({"doc_id": [x[0] for x in keys], "band": [x[1] for x in keys],
                                               "bucket": [x[2] for x in keys]}))
        try:
            rows = self._con.execute(
                """SELECT DISTINCT n.doc_id, d.doc_id, d.minhash, d.duplicate_of
                   FROM _bands n JOIN doc_bands b ON b.band = n.band AND b.bucket = n.bucket
                   JOIN documents d ON d.doc_id = b.doc_id""").fetchall()
        finally:
            self._con.unregister("_bands")
        stored: dict[str, list[tuple[str, tuple[int, ...], str | None]]] = {}
        for new_id, old_id, sig, dup in rows:
            stored.setdefault(new_id, []).append((old_id, tuple(sig), dup))
        out: dict[str, str] = {}
        buckets: dict[tuple[int, int], list[str]] = {}
        sigs = {d.doc_id: d.minhash for d in docs}
        for doc in docs:
            best = max(((similarity(doc.minhash, sig), dup or old) for old, sig, dup in stored.get(doc.doc_id, [])), default=None)
            if best is None or best[0] < NEAR_DUPLICATE:
                seen = {other for key in band_keys(doc.minhash) for other in buckets.get(key, [])}
                best = max(((similarity(doc.minhash, sigs[o]), out.get(o, o)) for o in seen), default=None)
            if best is not None and best[0] >= NEAR_DUPLICATE:
                out[doc.doc_id] = best[1]
            for key in band_keys(doc.minhash):
                buckets.setdefault(key, []).append(doc.doc_id)
        return out

    def _merge(self, events: Sequence[EventRow]) -> tuple[dict[tuple[str, str], str], list[EventRow]]:
        """Assign each new article event to a stored event, an earlier one of this batch, or itself.

        Returns (doc_id, article event_id) -> stored event_id, and the rows of the new events.
        The key applies inside one article too: a headline and the body sentence it summarises,
        coded as two events (often a day apart: "kidnap" in a Monday headline, "on Sunday
        night" in the text), are one action, as they would be in two articles.
        """
        if not events:
            return {}, []
        keys = to_arrow("events", events).select(["event_id", "doc_id", "actor_set", "day", "date"])
        self._con.register("_new", keys)
        try:
            rows = self._con.execute(
                f"""SELECT n.doc_id, n.event_id, e.event_id, {', '.join('e.' + c for c in _KEY_COLUMNS)}
                    FROM _new n JOIN events e ON e.actor_set = n.actor_set AND n.actor_set <> ''
                      AND ((n.day IS NOT NULL AND e.day BETWEEN n.day - 1 AND n.day + 1) OR e.date = n.date)
                    ORDER BY e.added, e.event_id""").fetchall()
        finally:
            self._con.unregister("_new")
        stored: dict[tuple[str, str], list[_Candidate]] = {}
        for doc_id, new_id, old_id, *key in rows:
            stored.setdefault((doc_id, new_id), []).append(_Candidate(old_id, MergeKey(*key)))
        assigned: dict[tuple[str, str], str] = {}
        batch: list[_Candidate] = []
        new_rows: list[EventRow] = []
        for ev in events:
            key = merge_key(ev)
            candidates = (*stored.get((ev.doc_id, ev.event_id), ()), *batch)
            match = next((c for c in candidates if same_event(key, c.key)), None)
            if match is None:
                match = _Candidate(ev.event_id, key)
                batch.append(match)
                new_rows.append(ev)
            assigned[(ev.doc_id, ev.event_id)] = match.event_id
        return assigned, new_rows

    def _recount(self, event_ids: set[str]) -> None:
        """num_mentions / num_articles / num_sources from the mentions behind each touched event."""
        if not event_ids:
            return
        self._con.execute(
            f"""UPDATE events SET num_mentions = s.n_mentions, num_articles = s.n_articles, num_sources = s.n_sources
                FROM (SELECT m.event_id, count(*) AS n_mentions, count(DISTINCT m.doc_id) AS n_articles,
                             count(DISTINCT {_OUTLET}) AS n_sources
                      FROM mentions m JOIN documents d ON d.doc_id = m.doc_id
                      WHERE m.event_id IN (SELECT unnest(?)) GROUP BY m.event_id) s
                WHERE events.event_id = s.event_id""", [sorted(event_ids)])
        self._con.execute("UPDATE events SET num_mentions = 0, num_articles = 1, num_sources = 1 WHERE num_mentions IS NULL")

    def _discards(self, rows: Sequence[DiscardRow], run_id: int) -> tuple[DiscardRow, ...]:
        if not rows:
            return ()
        present = {(r[0], r[1]) for r in self._con.execute(
            "SELECT input, code FROM discards WHERE input IN (SELECT unnest(?))", [[r.input for r in rows]]).fetchall()}
        new: list[DiscardRow] = []
        for row in rows:
            if (row.input, row.code) not in present:
                present.add((row.input, row.code))
                new.append(row)
        if new:
            table = to_arrow("discards", new)
            self._append("discards", table.append_column("run_id", pa.array([run_id] * len(new), pa.int32())))
        return tuple(new)

    # --- Parquet from other engines --------------------------------------------------------
    def load_parquet(self, path: str | Path, *, batch_size: int = 256) -> RunTotals:
        """Load a Parquet dataset of per-article rows (layout in `eventwire.store.rows`) and merge it.

        The rows go through the same `write` path as a local run, so near-duplicates are linked
        and events merged across everything in the store, and loading twice adds nothing.
        """
        root = dataset_root(path)
        con = self._con
        run_id = self.start_run([str(root)])
        total = RunTotals()
        committed = committed_batches(root)
        try:
            for table in TABLES:
                self._stage(dataset_files(root, table, committed), table)
            con.execute("""CREATE OR REPLACE TEMP TABLE _order AS
                           SELECT doc_id, row_number() OVER (ORDER BY published NULLS LAST, doc_id) AS rank
                           FROM (SELECT DISTINCT ON (doc_id) * FROM _staged_documents)""")
            for table in ("events", "mentions", "actors"):
                con.execute(f"""CREATE OR REPLACE TEMP TABLE _sorted_{table} AS
                                SELECT o.rank, t.* FROM (SELECT DISTINCT * FROM _staged_{table}) t
                                JOIN _order o USING (doc_id)
                                ORDER BY o.rank, t.event_id, t.seq""")
            con.execute("""CREATE OR REPLACE TEMP TABLE _sorted_documents AS
                           SELECT o.rank, t.* FROM (SELECT DISTINCT ON (doc_id) * FROM _staged_documents) t
                           JOIN _order o USING (doc_id) ORDER BY o.rank""")
            (count,) = con.execute("SELECT count(*) FROM _order").fetchall()[0]
            for start in range(1, count + 1, batch_size):
                parts = {t: from_arrow(t, con.sql(f"SELECT * FROM _sorted_{t} WHERE rank BETWEEN {start} AND {start + batch_size - 1}").to_arrow_table())
                         for t in ("documents", "events", "mentions", "actors")}
                by_doc = {t: _group(parts[t]) for t in ("events", "mentions", "actors")}
                items = [ArticleRows((doc,), *(tuple(by_doc[t].get(doc.doc_id, ())) for t in ("events", "mentions", "actors")))
                         for doc in parts["documents"]]
                total = total.add(self.write(items, run_id=run_id, inputs=[(d.source, d.doc_id) for d in parts["documents"]]))
            discards = from_arrow("discards", con.sql("SELECT * FROM _staged_discards").to_arrow_table())
            for start in range(0, len(discards), batch_size):
                chunk = discards[start:start + batch_size]
                total = total.add(self.write([ArticleRows(discards=tuple(chunk))], run_id=run_id,
                                             inputs=[(d.input, None) for d in chunk]))
        finally:
            for table in TABLES:
                con.execute(f"DROP TABLE IF EXISTS _staged_{table}")
                con.execute(f"DROP TABLE IF EXISTS _sorted_{table}")
            con.execute("DROP TABLE IF EXISTS _order")
        self.finish_run(run_id, total)
        return total

    def _stage(self, files: list[str], table: str) -> None:
        if files:
            self._con.execute(f"CREATE OR REPLACE TEMP TABLE _staged_{table} AS {typed_select(table)}", [files])
        else:
            self._con.register("_empty", ARROW_SCHEMAS[table].empty_table())
            self._con.execute(f"CREATE OR REPLACE TEMP TABLE _staged_{table} AS SELECT * FROM _empty")
            self._con.unregister("_empty")

    # --- reading ---------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[object] | None = None) -> pa.Table:
        """Run any SQL against the store and return the result as a pyarrow Table."""
        return run_query(self._con, self.path, sql, params)

    def events_arrow(self) -> pa.Table:
        """All events (one row per real-world event) with their counts, oldest first."""
        return self.query("SELECT * FROM events ORDER BY day NULLS LAST, added, event_id")

    def events_df(self) -> pd.DataFrame:
        """`events_arrow` as a pandas DataFrame."""
        return self.events_arrow().to_pandas()

    def counts(self) -> dict[str, int]:
        """Row count of every table: the one-line health check of a store."""
        return {t: self._con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in (*TABLES, "runs", "inputs")}

    def discard_reasons(self) -> Counter[str]:
        return Counter(dict(self._con.execute("SELECT code, count(*) FROM discards GROUP BY code").fetchall()))

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for exports that stream with COPY."""
        return self._con


def _group(rows: Sequence) -> dict[str, list]:
    out: dict[str, list] = {}
    for row in rows:
        out.setdefault(row.doc_id, []).append(row)
    return out

