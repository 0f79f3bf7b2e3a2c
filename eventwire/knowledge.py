"""Actor knowledge: who a name, a title or a place stands for.

Everything comes from tab-separated files (documented in `data/actors/README.md`): the package's
own under `eventwire/data/`, then any the user passes, which win over packaged entries for the
same phrase. Each file says what it holds by its header line, so a user file needs no
registration. Loading builds token-keyed lookup tables once; matching a document then costs a few
dictionary probes per token (see `eventwire.actors`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from spacy.lang.en import English
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
from spacy.vocab import Vocab

from eventwire.errors import KnowledgeError
from eventwire.records import Location

Key = tuple[str, ...]
V = TypeVar("V")

HEADERS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "countries": ("code", "name", "aliases", "adjectives", "seats", "context_names"),
    "named": ("name", "aliases", "code", "sector"),
    "agents": ("term", "sector", "country"),
    "people": ("name", "aliases", "country", "sector", "role", "start", "end"),
    "places": ("name", "aliases", "country", "lat", "lon"),
})
"""File kind -> its exact header. The header is how a file announces its format."""

_CODE = re.compile(r"^[A-Z][A-Z0-9+]{1,11}$")
_SECTOR = re.compile(r"^[A-Z]{3}$")
_ROLE_FALLBACK_SECTOR = "ELI"


class PhraseTable(Mapping):
    """Read-only map from lower-cased token tuples to values, with the longest-match scan.

    Knowing the longest phrase that starts with each word lets a scan skip most tokens with one
    probe, so matching thousands of phrases costs about one dictionary lookup per token.
    """

    def __init__(self, entries: Mapping[Key, V]) -> None:
        self._entries = MappingProxyType(dict(entries))
        longest: dict[str, int] = {}
        for key in self._entries:
            longest[key[0]] = max(longest.get(key[0], 0), len(key))
        self._longest = MappingProxyType(longest)

    def __getitem__(self, key: Key) -> V:
        return self._entries[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def longest_at(self, words: Sequence[str], i: int) -> Iterator[tuple[int, V]]:
        """Phrases starting at words[i], longest first, as (length, value)."""
        for n in range(min(self._longest.get(words[i], 0), len(words) - i), 0, -1):
            hit = self._entries.get(tuple(words[i:i + n]))
            if hit is not None:
                yield n, hit


@dataclass(frozen=True)
class Entry:
    """What a phrase denotes. `codes` are countries (ISO3) or org codes; several for a group."""

    name: str
    codes: tuple[str, ...]
    sector: str | None
    kind: str  # country | adjective | seat | named | person | context


@dataclass(frozen=True)
class AgentTerm:
    """A generic actor word ("ministry", "troops") and the sector it implies."""

    term: str
    sector: str
    country: str | None = None  # set only for titles unique to one state ("secretary of state")


@dataclass(frozen=True)
class Role:
    code: str
    sector: str
    title: str
    start: dt.date | None
    end: dt.date | None

    def active(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def distance(self, day: dt.date) -> int:
        """Days between `day` and this role's term (0 when inside it)."""
        if self.start is not None and day < self.start:
            return (self.start - day).days
        if self.end is not None and day > self.end:
            return (day - self.end).days
        return 0


@dataclass(frozen=True)
class Person:
    name: str
    roles: tuple[Role, ...]

    def at(self, day: dt.date | None) -> tuple[str, str]:
        """(code, sector) on `day`.

        Inside a role: that role (the latest-starting one if several overlap). Outside every role
        the person keeps the code of the nearest role in time but is an elite (ELI), CAMEO's sector
        for former and future office holders. Without a date, the latest role.
        """
        def start_key(r: Role) -> dt.date:
            return r.start or dt.date.min

        if day is None:
            role = max(self.roles, key=start_key)
            return role.code, role.sector
        active = [r for r in self.roles if r.active(day)]
        if active:
            role = max(active, key=start_key)
            return role.code, role.sector
        nearest = min(self.roles, key=lambda r: r.distance(day))
        return nearest.code, _ROLE_FALLBACK_SECTOR


@dataclass(frozen=True, eq=False)
class Knowledge:
    """Immutable lookup tables built from the knowledge files (hashable by identity)."""

    countries: Mapping[str, str]
    names: PhraseTable  # -> (pattern as written, Entry)
    context_names: PhraseTable  # -> ((pattern, Entry), ...) for every country using the form
    agents: PhraseTable  # -> AgentTerm
    people: Mapping[str, Person]
    person_forms: Mapping[str, str]
    surnames: Mapping[str, tuple[str, ...]]
    places: Mapping[str, Location]
    country_forms: Mapping[str, Entry]
    tokenizer: Tokenizer = field(repr=False, compare=False)

    @classmethod
    def load(cls, extra_files: Sequence[Path] = ()) -> Knowledge:
        """Packaged files first, then `extra_files` in order; later entries win."""
        builder = _Builder(_english_tokenizer())
        data = resources.files("eventwire") / "data"
        actor_dir = data / "actors"
        packaged = sorted((p for p in actor_dir.iterdir() if p.name.endswith(".tsv")), key=lambda p: p.name)
        for path in [*packaged, data / "gazetteer.tsv"]:
            builder.read(str(path), path.read_text(encoding="utf-8"))
        for path in extra_files:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise KnowledgeError(str(path), f"cannot read knowledge file: {exc}") from exc
            builder.read(str(path), text)
        return builder.build()

    def is_country(self, code: str) -> bool:
        return code in self.countries

    def key(self, text: str) -> Key:
        """Lower-cased spaCy tokens of `text`, the form every lookup table is keyed by."""
        return tuple(t.text.lower() for t in self.tokenizer(text) if not t.is_space)

    def place(self, name: str) -> Location | None:
        """Gazetteer entry for a place name or alias ("the Gaza Strip" finds "Gaza Strip")."""
        k = " ".join(self.key(name))
        return self.places.get(k) or (self.places.get(k[4:]) if k.startswith("the ") else None)

    def country_of(self, text: str) -> str | None:
        """The country a short phrase names: "South Korea's" -> KOR, "Pyongyang" -> PRK."""
        words = [t.text for t in self.tokenizer(text) if not t.is_space]
        toks = tuple(w.lower() for w in words)
        for i in range(len(toks)):
            for n, hit in self.names.longest_at(toks, i):
                if case_ok(hit[0], words[i:i + n]):
                    countries = [c for c in hit[1].codes if c in self.countries]
                    if hit[1].kind == "person":
                        person = self.people[hit[1].name]
                        countries = [person.at(None)[0]]
                    if countries:
                        return countries[0]
        return None

    def person_at(self, name: str, day: dt.date | None) -> tuple[str, str]:
        return self.people[name].at(day)


@functools.cache
def default_knowledge() -> Knowledge:
    return Knowledge.load()


def case_ok(pattern: Sequence[str], words: Sequence[str]) -> bool:
    """Capitalised knowledge forms need capitalised text; short acronyms need the exact case
    ("US" is not "us", "WHO" is not "Who")."""
    for p, w in zip(pattern, words):
        if p.isupper() and p.isalpha() and len(p) <= 5:
            if w != p:
                return False
        elif p[:1].isupper() and w.islower():
            return False
    return True


def _english_tokenizer() -> Tokenizer:
    """spaCy's English tokenizer rules, so knowledge phrases split exactly as documents do.

    Built from the language defaults rather than `spacy.blank("en")`, which would load every
    registered spaCy factory, eventwire's own included, while eventwire is still importing.
    """
    d = English.Defaults
    return Tokenizer(
        Vocab(),
        rules=d.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(d.prefixes).search,
        suffix_search=compile_suffix_regex(d.suffixes).search,
        infix_finditer=compile_infix_regex(d.infixes).finditer,
        token_match=d.token_match,
        url_match=d.url_match,
    )


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es" if not word.endswith("s") else word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


class _Builder:
    """Mutable accumulator used only inside Knowledge.load."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.countries: dict[str, str] = {}
        self.names: dict[Key, tuple[Key, Entry]] = {}
        self.context: dict[Key, list[tuple[Key, Entry]]] = {}
        self.agents: dict[Key, AgentTerm] = {}
        self.person_rows: dict[str, list[Role]] = {}
        self.person_forms: dict[str, list[str]] = {}
        self.places: dict[str, Location] = {}

    def tokens(self, text: str) -> Key:
        return tuple(t.text for t in self.tokenizer(text) if not t.is_space)

    def add_name(self, form: str, entry: Entry, keep_the: bool = False) -> None:
        toks = self.tokens(form)
        if not keep_the and len(toks) > 1 and toks[0].lower() == "the":
            toks = toks[1:]  # spans stay tight: "the White House" is matched as "White House"
        if not toks:
            return
        key = tuple(t.lower() for t in toks)
        old = self.names.get(key)
        if old is not None and old[1] == entry:  # "Kim Jong-un" and "Kim Jong-Un": accept both cases
            toks = tuple(min(a, b, key=lambda w: sum(c.isupper() for c in w)) for a, b in zip(old[0], toks))
        self.names[key] = (toks, entry)

    def read(self, source: str, text: str) -> None:
        lines = text.splitlines()
        header_at = next((i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), None)
        if header_at is None:
            raise KnowledgeError(source, "empty knowledge file: expected a header line")
        header = tuple(c.strip() for c in lines[header_at].split("\t"))
        kind = next((k for k, h in HEADERS.items() if h == header), None)
        if kind is None:
            expected = "; ".join("\\t".join(h) for h in HEADERS.values())
            raise KnowledgeError(f"{source}:{header_at + 1}",
                                 f"unknown header {lines[header_at]!r}; expected one of: {expected}")
        handler = getattr(self, f"_row_{kind}")
        for n, line in enumerate(lines[header_at + 1:], start=header_at + 2):
            if not line.strip() or line.startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if len(cells) < len(header):
                cells += [""] * (len(header) - len(cells))
            if len(cells) != len(header):
                raise KnowledgeError(f"{source}:{n}",
                                     f"expected {len(header)} tab-separated columns, found {len(cells)}")
            try:
                handler(dict(zip(header, cells)))
            except ValueError as exc:
                raise KnowledgeError(f"{source}:{n}", str(exc)) from exc

    @staticmethod
    def _code(value: str, what: str = "code") -> str:
        if not _CODE.match(value):
            raise ValueError(f"bad {what} {value!r}: expected an upper-case code such as KOR or UN")
        return value

    @staticmethod
    def _sector(value: str) -> str:
        if not _SECTOR.match(value):
            raise ValueError(f"bad sector {value!r}: expected three capital letters such as GOV")
        return value

    @staticmethod
    def _required(row: Mapping[str, str], col: str) -> str:
        if not row[col]:
            raise ValueError(f"empty {col!r} column")
        return row[col]

    def _row_countries(self, row: Mapping[str, str]) -> None:
        code = self._code(self._required(row, "code"))
        name = self._required(row, "name")
        self.countries[code] = name
        for form in [name, *_split(row["aliases"])]:
            self.add_name(form, Entry(name, (code,), None, "country"))
        for form in _split(row["adjectives"]):
            self.add_name(form, Entry(name, (code,), None, "adjective"))
        for form in _split(row["seats"]):
            self.add_name(form, Entry(name, (code,), "GOV", "seat"))
        for form in _split(row["context_names"]):
            toks = self.tokens(form)
            entry = Entry(name, (code,), None, "context")
            self.context.setdefault(tuple(t.lower() for t in toks), []).append((toks, entry))

    def _row_named(self, row: Mapping[str, str]) -> None:
        name = self._required(row, "name")
        codes = tuple(self._code(c) for c in _split(self._required(row, "code")))
        entry = Entry(name, codes, self._sector(self._required(row, "sector")), "named")
        for form in [name, *_split(row["aliases"])]:
            self.add_name(form, entry)

    def _row_agents(self, row: Mapping[str, str]) -> None:
        term = self._required(row, "term").lower()
        country = self._code(row["country"], "country") if row["country"] else None
        agent = AgentTerm(term, self._sector(self._required(row, "sector")), country)
        key = tuple(t.lower() for t in self.tokens(term))
        self.agents[key] = agent
        plural = (*key[:-1], _plural(key[-1]))
        self.agents.setdefault(plural, agent)

    def _row_people(self, row: Mapping[str, str]) -> None:
        name = self._required(row, "name")
        start = self._date(row["start"], "start")
        end = self._date(row["end"], "end")
        if start and end and end < start:
            raise ValueError(f"role of {name} ends ({end}) before it starts ({start})")
        role = Role(self._code(self._required(row, "country"), "country"), self._sector(self._required(row, "sector")),
                    row["role"], start, end)
        self.person_rows.setdefault(name, []).append(role)
        forms = self.person_forms.setdefault(name, [name])
        forms += [a for a in _split(row["aliases"]) if a not in forms]

    def _row_places(self, row: Mapping[str, str]) -> None:
        name = self._required(row, "name")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            raise ValueError(f"bad coordinates {row['lat']!r}, {row['lon']!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"coordinates out of range: {lat}, {lon}")
        country = self._code(row["country"], "country") if row["country"] else None
        loc = Location(name=name, country=country, lat=lat, lon=lon)
        for form in [name, *_split(row["aliases"])]:
            self.places.setdefault(" ".join(t.lower() for t in self.tokens(form)), loc)

    @staticmethod
    def _date(value: str, col: str) -> dt.date | None:
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"bad {col} date {value!r}: expected YYYY-MM-DD") from None

    def build(self) -> Knowledge:
        people: dict[str, Person] = {}
        surnames: dict[str, list[str]] = {}
        for name, roles in self.person_rows.items():
            people[name] = Person(name, tuple(roles))
            entry = Entry(name, (), None, "person")
            for form in self.person_forms[name]:
                self.add_name(form, entry)
            parts = name.split()
            if len(parts) > 1:
                for part in {parts[0], parts[-1]}:
                    surnames.setdefault(part.lower(), []).append(name)
        return Knowledge(
            countries=MappingProxyType(dict(self.countries)),
            names=PhraseTable(self.names),
            context_names=PhraseTable({k: tuple(v) for k, v in self.context.items()}),
            agents=PhraseTable(self.agents),
            people=MappingProxyType(people),
            person_forms=MappingProxyType({f: n for n, forms in self.person_forms.items() for f in forms}),
            surnames=MappingProxyType({k: tuple(v) for k, v in surnames.items()}),
            places=MappingProxyType(dict(self.places)),
            country_forms=MappingProxyType({
                " ".join(key): entry for key, (_, entry) in self.names.items()
                if entry.kind in ("country", "adjective") and len("".join(key)) >= 5
            }),
            tokenizer=self.tokenizer,
        )

