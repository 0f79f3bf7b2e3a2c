"""Gold-standard loaders: the three formats eventwire is scored on, read into immutable records.

Every problem in a gold file raises GoldFileError naming the file and line, because a silently
skipped gold record would make every number printed afterwards wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from eventwire.errors import GoldFileError, KnowledgeError
from eventwire.records import EVENT_TYPES

GoldFormat = Literal["doc", "plv", "gsr"]

GENERIC = "*"
"""Prefix of a generic actor code ("*IGO"): the gold says 'some organisation', not which one."""

PLV_YIELD = "YIELD"
"""PLV's label for CAMEO 08, which PLOVER splits into CONCEDE and RETREAT."""

GSR_LABELS = MappingProxyType({
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
})
"""PLOVER v0.5 labels of the GSR records -> the PLOVER types eventwire emits (data/README.md)."""

GSR_SKIPPED = frozenset({"DOCUMENT"})
"""GSR records that document the file rather than an event."""

MODALITIES = frozenset({"asserted", "intended", "negated", "hypothetical"})


@dataclass(frozen=True)
class GoldEvent:
    """One gold event in the shape scoring compares: types and actor-code sets with their alternatives."""

    type: str
    alt_types: tuple[str, ...] = ()
    source: frozenset[str] = frozenset()
    target: frozenset[str] = frozenset()
    reciprocal: bool = False
    alt_sources: tuple[frozenset[str], ...] = ()
    alt_targets: tuple[frozenset[str], ...] = ()
    modality: str = "asserted"
    date: str | None = None
    location_country: str | None = None
    evidence: str = ""
    background: bool = False
    where: str = ""


@dataclass(frozen=True)
class GoldDocument:
    """One line of a document-level gold file with its article text already read."""

    doc_id: str
    text: str
    published: dt.date | None
    events: tuple[GoldEvent, ...]
    where: str


@dataclass(frozen=True)
class PlvItem:
    """One PLV sentence: actors given, one gold type (YIELD for CONCEDE or RETREAT)."""

    sentence: str
    marked: str
    source: str
    target: str
    label: str
    quad: int | None
    where: str


@dataclass(frozen=True)
class GsrItem:
    """One PLOVER GSR record: a sentence and its single gold event, actors not given."""

    record_id: str
    text: str
    published: dt.date | None
    event: GoldEvent
    markup: str
    where: str


@dataclass(frozen=True)
class CodeTable:
    """CAMEO-era actor codes -> the country / org codes eventwire emits (data/cameo_country_codes.tsv)."""

    codes: Mapping[str, str]

    def normalise(self, code: str) -> str:
        """The code scoring compares; unknown codes pass through (ISO3 codes need no entry)."""
        key = code.strip().upper()
        return self.codes.get(key, key)


def _read_code_rows(path: Path) -> Iterable[tuple[str, str]]:
    """Rows of a code table; '#' lines are comments, the first other line is the header."""
    rows = [
        (number, line) for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    for number, line in rows[1:]:
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) < 3 or fields[2] not in ("country", "org", "generic"):
            raise KnowledgeError(f"{path}:{number}", "expected 'cameo<TAB>code<TAB>country|org|generic<TAB>name'")
        cameo, code, kind = fields[0].upper(), fields[1].upper(), fields[2]
        yield cameo, (GENERIC + code if kind == "generic" else code)


@functools.cache
def load_code_table(*extra: Path) -> CodeTable:
    """The shipped table, then any user files in order (later rows override earlier ones)."""
    shipped = resources.files("eventwire") / "data" / "cameo_country_codes.tsv"
    with resources.as_file(shipped) as path:
        codes = dict(_read_code_rows(path))
    for path in extra:
        codes.update(_read_code_rows(path))
    return CodeTable(MappingProxyType(codes))


def detect_format(path: Path) -> GoldFormat:
    """Tell the three gold formats apart by their first non-blank characters."""
    head = _read_text(path)[:4096].lstrip("\ufeff \t\r\n")
    if head.startswith("["):
        return "gsr"
    if head.startswith("{"):
        return "doc"
    first_line = head.split("\n", 1)[0]
    if "\t" in first_line and {"sentence", "source", "target"} <= {c.strip() for c in first_line.split("\t")}:
        return "plv"
    raise GoldFileError(str(path), "line 1: not a gold file (expected JSON Lines documents, a JSON array of PLOVER records, or a PLV TSV with a header)")


def load_gold(path: Path, fmt: GoldFormat) -> tuple[GoldDocument, ...] | tuple[PlvItem, ...] | tuple[GsrItem, ...]:
    loaders = {"doc": load_documents, "plv": load_plv, "gsr": load_gsr}
    return loaders[fmt](path)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldFileError(str(path), "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(str(path), f"cannot read: {exc}") from None


def _fail(path: Path, line: int, problem: str) -> GoldFileError:
    return GoldFileError(f"{path}:{line}", problem)


def _plover_type(value: object, path: Path, line: int, what: str) -> str:
    if not isinstance(value, str) or value.strip().upper() not in EVENT_TYPES:
        raise _fail(path, line, f"{what} {value!r} is not a PLOVER type ({', '.join(EVENT_TYPES)})")
    return value.strip().upper()


def _code_set(value: object, path: Path, line: int, what: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise _fail(path, line, f"{what} must be a list of country or org codes, got {value!r}")
    return frozenset(code.strip().upper() for code in value if code.strip())


def _alternatives(value: object, path: Path, line: int, what: str) -> tuple[frozenset[str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(path, line, f"{what} must be a list of code lists, e.g. [[]], got {value!r}")
    return tuple(_code_set(option, path, line, what) for option in value)


def _gold_event(raw: object, path: Path, line: int, index: int) -> GoldEvent:
    if not isinstance(raw, dict):
        raise _fail(path, line, f"event {index} is not an object")
    what = f"event {index}"
    if "type" not in raw:
        raise _fail(path, line, f"{what} has no 'type'")
    alt_types = raw.get("alt_types") or []
    if not isinstance(alt_types, list):
        raise _fail(path, line, f"{what} alt_types must be a list")
    modality = raw.get("modality") or "asserted"
    if modality not in MODALITIES:
        raise _fail(path, line, f"{what} modality {modality!r} is not one of {sorted(MODALITIES)}")
    return GoldEvent(
        type=_plover_type(raw["type"], path, line, f"{what} type"),
        alt_types=tuple(_plover_type(t, path, line, f"{what} alt_type") for t in alt_types),
        source=_code_set(raw.get("source", []), path, line, f"{what} source"),
        target=_code_set(raw.get("target", []), path, line, f"{what} target"),
        reciprocal=bool(raw.get("reciprocal", False)),
        alt_sources=_alternatives(raw.get("alt_source"), path, line, f"{what} alt_source"),
        alt_targets=_alternatives(raw.get("alt_target"), path, line, f"{what} alt_target"),
        modality=modality,
        date=raw.get("date") or None,
        location_country=(raw.get("location_country") or "").upper() or None,
        evidence=raw.get("evidence") or "",
        background=bool(raw.get("background", False)),
        where=f"{path.name}:{line} event {index}",
    )


def _date(value: object, path: Path, line: int, what: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _fail(path, line, f"{what} {value!r} is not an ISO date") from None


def _article_text(text_file: object, path: Path, line: int) -> str:
    """Resolve text_file against the gold file's folder, then its parent (how data/ lays them out)."""
    if not isinstance(text_file, str) or not text_file:
        raise _fail(path, line, "'text_file' is missing")
    base = path.resolve().parent
    for folder in (base, base.parent):
        candidate = folder / text_file
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise _fail(path, line, f"text_file {text_file!r} not found beside the gold file or in its parent folder")


def load_documents(path: Path) -> tuple[GoldDocument, ...]:
    """Read a document-level JSON Lines gold file (EVENTS.md section 3)."""
    documents = []
    for line, raw_line in enumerate(_read_text(path).splitlines(), start=1):
        if not raw_line.strip():
            continue
        try:
            raw = json.loads(raw_line)
        except json.JSONDecodeError as exc:
            raise _fail(path, line, f"not valid JSON: {exc.msg} (column {exc.colno})") from None
        if not isinstance(raw, dict):
            raise _fail(path, line, "expected one JSON object per line")
        events = raw.get("events")
        if not isinstance(events, list):
            raise _fail(path, line, "'events' must be a list")
        documents.append(GoldDocument(
            doc_id=str(raw.get("doc_id") or f"{path.name}:{line}"),
            text=_article_text(raw.get("text_file"), path, line),
            published=_date(raw.get("published"), path, line, "published"),
            events=tuple(_gold_event(event, path, line, index) for index, event in enumerate(events)),
            where=f"{path.name}:{line}",
        ))
    if not documents:
        raise GoldFileError(str(path), "no documents")
    return tuple(documents)


def load_plv(path: Path) -> tuple[PlvItem, ...]:
    """Read a PLV relation TSV (sentence, marked_sentence, source, target, gold_root[, gold_penta])."""
    with io.StringIO(_read_text(path), newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        columns = set(reader.fieldnames or ())
        label_column = "label" if "label" in columns and "gold_root" not in columns else "gold_root"
        missing = {"sentence", "source", "target", label_column} - columns
        if missing:
            raise _fail(path, 1, f"header lacks column(s) {', '.join(sorted(missing))} (the gold type column is gold_root or label)")
        items = []
        for row in reader:
            line = reader.line_num
            label = (row.get(label_column) or "").strip().upper()
            if label != PLV_YIELD and label not in EVENT_TYPES:
                raise _fail(path, line, f"{label_column} {label!r} is not a PLOVER type or YIELD")
            quad_text = (row.get("gold_penta") or "").strip()
            if quad_text and quad_text not in ("1", "2", "3", "4"):
                raise _fail(path, line, f"gold_penta {quad_text!r} is not a quad class 1-4")
            items.append(PlvItem(
                sentence=row["sentence"] or "",
                marked=row.get("marked_sentence") or row["sentence"] or "",
                source=row["source"] or "",
                target=row["target"] or "",
                label=label,
                quad=int(quad_text) if quad_text else None,
                where=f"{path.name}:{line}",
            ))
    if not items:
        raise GoldFileError(str(path), "no sentences")
    return tuple(items)


def _record_lines(text: str) -> list[int]:
    """Line number where each top-level object of a JSON array starts, so errors can name it."""
    starts, depth, in_string, escaped, line = [], 0, False, False, 1
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
            if depth == 2 and char == "{":
                starts.append(line)
        elif char in "}]":
            depth -= 1
    return starts


def _gsr_actors(value: object, codes: CodeTable, path: Path, line: int, what: str) -> frozenset[str]:
    if value is None or isinstance(value, str):
        # GSR writes "" for "no target"; one record has a stray context word ("diplomatic") there.
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(actor, dict) and "code" in actor for actor in value):
        raise _fail(path, line, f"{what} must be a list of actors with a 'code', got {value!r}")
    return frozenset(codes.normalise(actor["code"]) for actor in value if str(actor["code"]).strip())


def _markup(text_info: object) -> str:
    """The (SRC: ..) (EVT: ..) markup when the record has it; a few records hold a bare string."""
    if isinstance(text_info, dict):
        return str(text_info.get("markup") or "")
    return str(text_info or "")


def load_gsr(path: Path, codes: CodeTable | None = None) -> tuple[GsrItem, ...]:
    """Read the PLOVER GSR JSON array, mapping v0.5 labels and CAMEO actor codes to today's."""
    codes = codes or load_code_table()
    text = _read_text(path)
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(path, exc.lineno, f"not valid JSON: {exc.msg}") from None
    if not isinstance(records, list):
        raise _fail(path, 1, "expected a JSON array of PLOVER records")
    lines = _record_lines(text)
    items = []
    for index, record in enumerate(records):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(record, dict) or "event" not in record:
            raise _fail(path, line, f"record {index} has no 'event'")
        label = str(record["event"]).strip().upper()
        if label in GSR_SKIPPED:
            continue
        if not record.get("text"):
            raise _fail(path, line, f"record {record.get('id', index)} has no 'text'")
        event_type = _plover_type(GSR_LABELS.get(label, label), path, line, f"record {record.get('id', index)} event")
        source = _gsr_actors(record.get("source"), codes, path, line, "source")
        target = _gsr_actors(record.get("target"), codes, path, line, "target")
        record_id = str(record.get("id") or index)
        items.append(GsrItem(
            record_id=record_id,
            text=record["text"],
            published=_date(record.get("date"), path, line, "date"),
            event=GoldEvent(
                type=event_type,
                source=source,
                target=target,
                # GSR writes joint actions ("X and Y agreed") as two sources and no target.
                reciprocal=isinstance(record.get("source"), list) and len(record["source"]) > 1 and not target,
                evidence=str(record.get("eventText") or ""),
                where=f"{path.name}:{line} {record_id}",
            ),
            markup=_markup(record.get("textInfo")),
            where=f"{path.name}:{line}",
        ))
    if not items:
        raise GoldFileError(str(path), "no event records")
    return tuple(items)
