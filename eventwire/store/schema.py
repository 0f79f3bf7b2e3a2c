"""The store's schema as numbered migrations, so a file written by an older eventwire still opens.

Each step moves the file from version N-1 to N inside one transaction and records itself in
`schema_version`; opening a file applies whatever steps it lacks. Steps are never edited once
released: a schema change is a new step at the end of `MIGRATIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from eventwire.dedupe import band_keys, signature
from eventwire.errors import MigrationError


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _sql(*statements: str) -> Callable[[duckdb.DuckDBPyConnection], None]:
    def run(con: duckdb.DuckDBPyConnection) -> None:
        for statement in statements:
            con.execute(statement)
    return run


_V1 = _sql(
    """CREATE TABLE runs (
        run_id INTEGER PRIMARY KEY, started TIMESTAMP NOT NULL, finished TIMESTAMP,
        inputs VARCHAR[], documents INTEGER, events INTEGER, duplicates INTEGER,
        discards INTEGER)""",
    """CREATE TABLE documents (
        doc_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, url VARCHAR, title VARCHAR,
        publisher VARCHAR, published DATE, published_from VARCHAR, language VARCHAR,
        kind VARCHAR, dateline VARCHAR, text VARCHAR NOT NULL, run_id INTEGER,
        added TIMESTAMP)""",
    """CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, event_type VARCHAR NOT NULL,
        cameo VARCHAR NOT NULL, cameo_root VARCHAR, mode VARCHAR, modality VARCHAR,
        reciprocal BOOLEAN, date VARCHAR, date_precision VARCHAR, day DATE,
        planned_date VARCHAR, location_name VARCHAR, location_country VARCHAR, lat DOUBLE,
        lon DOUBLE, location_from_dateline BOOLEAN, contexts VARCHAR[], goldstein DOUBLE,
        quad_class TINYINT, confidence DOUBLE, source_codes VARCHAR, target_codes VARCHAR,
        actor_set VARCHAR, num_mentions INTEGER, num_articles INTEGER, num_sources INTEGER,
        run_id INTEGER, added TIMESTAMP)""",
    """CREATE TABLE mentions (
        event_id VARCHAR NOT NULL, article_event_id VARCHAR NOT NULL, doc_id VARCHAR NOT NULL,
        seq INTEGER, sentence INTEGER, char_start INTEGER, char_end INTEGER, text VARCHAR,
        trigger VARCHAR)""",
    """CREATE TABLE actors (
        event_id VARCHAR NOT NULL, doc_id VARCHAR NOT NULL, role VARCHAR NOT NULL,
        seq INTEGER, text VARCHAR, name VARCHAR, code VARCHAR, country VARCHAR, org VARCHAR,
        sector VARCHAR)""",
    """CREATE TABLE discards (
        input VARCHAR NOT NULL, stage VARCHAR, code VARCHAR NOT NULL, reason VARCHAR,
        run_id INTEGER, PRIMARY KEY (input, code))""",
    """CREATE TABLE inputs (input VARCHAR PRIMARY KEY, doc_id VARCHAR, run_id INTEGER)""",
    "CREATE INDEX mentions_event ON mentions (event_id)",
    "CREATE INDEX events_day ON events (day)",
)


def _v2(con: duckdb.DuckDBPyConnection) -> None:
    """Near-duplicate detection: MinHash signatures, LSH band keys and the duplicate_of link.

    Documents stored by version 1 get their signature and band keys computed here, so later
    copies of them are still found.
    """
    con.execute("ALTER TABLE documents ADD COLUMN minhash UINTEGER[]")
    con.execute("ALTER TABLE documents ADD COLUMN duplicate_of VARCHAR")
    con.execute("CREATE TABLE doc_bands (band SMALLINT NOT NULL, bucket BIGINT NOT NULL, doc_id VARCHAR NOT NULL)")
    ids = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
    for start in range(0, len(ids), 512):
        chunk = con.execute("SELECT doc_id, text FROM documents WHERE doc_id IN (SELECT unnest(?))",
                            [ids[start:start + 512]]).fetchall()
        sigs = [(doc_id, signature(text)) for doc_id, text in chunk]
        con.executemany("UPDATE documents SET minhash = ? WHERE doc_id = ?", [(list(s), d) for d, s in sigs])
        con.executemany("INSERT INTO doc_bands VALUES (?, ?, ?)",
                        [(b, k, d) for d, s in sigs for b, k in band_keys(s)])


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, events, mentions, actors, discards, runs, inputs", _V1),
    Migration(2, "near-duplicate detection: documents.minhash, documents.duplicate_of, doc_bands", _v2),
)
LATEST = MIGRATIONS[-1].version


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TIMESTAMP, description VARCHAR)")
    (version,) = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0]
    return int(version)


def migrate(con: duckdb.DuckDBPyConnection, source: str, *, target: int = LATEST) -> int:
    """Apply the missing steps up to `target`; returns the version the file is at afterwards."""
    version = current_version(con)
    if version > LATEST:
        raise MigrationError(source, f"store schema version {version} is newer than this eventwire ({LATEST}); upgrade eventwire")
    for step in MIGRATIONS:
        if version < step.version <= target:
            con.execute("BEGIN TRANSACTION")
            try:
                step.apply(con)
                con.execute("INSERT INTO schema_version VALUES (?, now(), ?)", [step.version, step.description])
                con.execute("COMMIT")
            except duckdb.Error as exc:
                con.execute("ROLLBACK")
                raise MigrationError(source, f"migration to schema version {step.version} failed: {exc}") from exc
            version = step.version
    return version
