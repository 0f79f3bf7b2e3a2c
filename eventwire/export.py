"""Export the store's events: Parquet and CSV (flat), JSON Lines (nested), GDELT 2.0 event table.

Parquet, CSV and JSON Lines stream through DuckDB's COPY, so memory stays bounded. The GDELT
layout follows the GDELT 2.0 Event Database codebook: 61 tab-separated columns, no header, one
line per event, CAMEO codes as strings with their leading zeros. It lets tools built for GDELT
read eventwire's output, with one row per real-world event instead of one per report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from eventwire.errors import StoreError

if TYPE_CHECKING:
    from eventwire.store.store import EventStore


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    gdelt = "gdelt"


GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{f}" for n in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}Geo_{f}" for g in ("Actor1", "Actor2", "Action") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
"""GDELT 2.0 event table columns, in file order (61)."""

_FLAT = """
SELECT e.event_id, e.event_type, e.cameo, e.mode, e.modality, e.reciprocal, e.date, e.date_precision,
       e.planned_date, e.source_codes AS source, e.target_codes AS target, e.location_name,
       e.location_country, e.lat, e.lon, {contexts} AS contexts, e.goldstein, e.quad_class,
       e.confidence, e.num_mentions, e.num_articles, e.num_sources, e.doc_id AS first_doc_id,
       d.url AS source_url, d.publisher, d.published,
       (SELECT m.text FROM mentions m WHERE m.event_id = e.event_id AND m.doc_id = e.doc_id
        ORDER BY m.seq LIMIT 1) AS evidence
FROM events e JOIN documents d ON d.doc_id = e.doc_id
ORDER BY e.day NULLS LAST, e.date, e.event_id
"""

_ACTORS = """(SELECT list({{'text': a.text, 'name': a.name, 'country': a.country, 'org': a.org,
                           'sector': a.sector}} ORDER BY a.seq)
             FROM actors a WHERE a.event_id = e.event_id AND a.role = '{role}')"""

_NESTED = f"""
SELECT e.event_id, e.event_type, e.cameo, e.mode, e.modality, e.reciprocal, e.date, e.date_precision,
       e.planned_date, {_ACTORS.format(role='source')} AS source, {_ACTORS.format(role='target')} AS target,
       CASE WHEN e.location_name IS NULL THEN NULL ELSE
            {{'name': e.location_name, 'country': e.location_country, 'lat': e.lat, 'lon': e.lon}} END AS location,
       e.contexts, e.goldstein, e.quad_class, e.confidence, e.num_mentions, e.num_articles, e.num_sources,
       (SELECT list({{'doc_id': m.doc_id, 'url': md.url, 'publisher': md.publisher, 'sentence': m.sentence,
                      'start': m.char_start, 'end': m.char_end, 'text': m.text, 'trigger': m.trigger}}
                    ORDER BY md.published NULLS LAST, m.doc_id, m.seq)
        FROM mentions m JOIN documents md ON md.doc_id = m.doc_id WHERE m.event_id = e.event_id) AS mentions
FROM events e
ORDER BY e.day NULLS LAST, e.date, e.event_id
"""

_GDELT = """
SELECT e.event_id, e.day, e.date, d.published, e.cameo, e.quad_class, e.goldstein, e.num_mentions,
       e.num_sources, e.num_articles, e.location_name, e.location_country, e.lat, e.lon, e.added,
       coalesce(d.url, d.source) AS url, e.reciprocal,
       (SELECT min(m.sentence) FROM mentions m WHERE m.event_id = e.event_id AND m.doc_id = e.doc_id) AS first_sentence,
       (SELECT list({'name': a.name, 'country': a.country, 'org': a.org, 'sector': a.sector, 'role': a.role}
                    ORDER BY a.role, a.seq) FROM actors a WHERE a.event_id = e.event_id) AS actors
FROM events e JOIN documents d ON d.doc_id = e.doc_id
ORDER BY e.day NULLS LAST, e.date, e.event_id
"""


def export(store: EventStore, fmt: ExportFormat | str, output: str | Path) -> int:
    """Write every event of `store` to `output` in `fmt`; returns the number of events written."""
    fmt = ExportFormat(fmt)
    out = Path(output)
    if out.parent and not out.parent.exists():
        raise StoreError(str(out), "output folder does not exist")
    con = store.connection()
    try:
        if fmt is ExportFormat.gdelt:
            return _export_gdelt(con, out)
        sql = {
            ExportFormat.parquet: _FLAT.format(contexts="e.contexts"),
            ExportFormat.csv: _FLAT.format(contexts="array_to_string(e.contexts, ';')"),
            ExportFormat.jsonl: _NESTED,
        }[fmt]
        options = {ExportFormat.parquet: "FORMAT parquet", ExportFormat.csv: "FORMAT csv, HEADER true",
                   ExportFormat.jsonl: "FORMAT json"}[fmt]
        con.execute(f"COPY ({sql}) TO '{_quote(out)}' ({options})")
    except duckdb.Error as exc:
        raise StoreError(str(out), f"export failed: {exc}") from None
    return con.execute("SELECT count(*) FROM events").fetchall()[0][0]


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _export_gdelt(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for row in _gdelt_rows(con):
            handle.write("\t".join(row) + "\n")
            n += 1
    return n


def _gdelt_rows(con: duckdb.DuckDBPyConnection) -> Iterator[list[str]]:
    cursor = con.cursor()
    result = cursor.execute(_GDELT)
    while chunk := result.fetchmany(1000):
        for row in chunk:
            yield gdelt_row(*row)
    cursor.close()


def gdelt_row(event_id: str, day: dt.date | None, date: str | None, published: dt.date | None, cameo: str,
              quad_class: int | None, goldstein: float | None, num_mentions: int | None, num_sources: int | None,
              num_articles: int | None, location_name: str | None, location_country: str | None,
              lat: float | None, lon: float | None, added: dt.datetime | None, url: str,
              reciprocal: bool, first_sentence: int | None, actors: list[dict] | None) -> list[str]:
    """One event as the 61 GDELT fields (strings; empty where eventwire has no value)."""
    when = day or _coarse_date(date) or published
    actors = actors or []
    sources = [a for a in actors if a["role"] == "source"]
    targets = [a for a in actors if a["role"] == "target"]
    first, second = (sources[:1], sources[1:2]) if reciprocal else (sources[:1], targets[:1])
    fields: list[str] = [
        str(_numeric_id(event_id)),
        when.strftime("%Y%m%d") if when else "",
        when.strftime("%Y%m") if when else "",
        when.strftime("%Y") if when else "",
        f"{when.year + (when.timetuple().tm_yday - 1) / 365:.4f}" if when else "",
    ]
    for group in (first, second):
        fields += _actor_fields(group[0] if group else None)
    fields += [
        "1" if first_sentence is not None and first_sentence <= 1 else "0",
        cameo, cameo[:3], cameo[:2],
        _num(quad_class), _num(goldstein), _num(num_mentions), _num(num_sources), _num(num_articles), "",
    ]
    fields += ["0", "", "", "", "", "", "", ""] * 2
    if location_name or location_country:
        geo_type = "4" if lat is not None and lon is not None and location_name else "1"
        fields += [geo_type, location_name or location_country or "", location_country or "", "", "",
                   _num(lat), _num(lon), ""]
    else:
        fields += ["0", "", "", "", "", "", "", ""]
    fields += [added.strftime("%Y%m%d%H%M%S") if added else "", url]
    return [_clean(f) for f in fields]


def _actor_fields(actor: dict | None) -> list[str]:
    if actor is None:
        return [""] * 10
    code = (actor["country"] or ("IGO" if actor["org"] else "")) + (actor["sector"] or "")
    return [code, actor["name"] or "", actor["country"] or "", actor["org"] or "", "", "", "",
            actor["sector"] or "", "", ""]


def _coarse_date(date: str | None) -> dt.date | None:
    """Month or year precision dates as GDELT writes them: the first day of the period."""
    if not date:
        return None
    parts = date.split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, 1)
    except ValueError:
        return None


def _numeric_id(event_id: str) -> int:
    """GLOBALEVENTID is numeric: a stable 60-bit number from the event id."""
    return int(hashlib.sha1(event_id.encode()).hexdigest()[:15], 16)


def _num(value: float | int | None) -> str:
    """Numbers as GDELT writes them: "-9.0", "37.5665" (four decimals at most)."""
    if value is None:
        return ""
    return str(round(value, 4)) if isinstance(value, float) else str(value)


def _clean(value: str) -> str:
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")
