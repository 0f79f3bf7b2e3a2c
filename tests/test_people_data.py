"""Validation of the shipped people file (eventwire/data/actors/people.tsv).

Pure data checks: the loader has its own tests; these make sure the file itself is well formed,
consistent and covers the roles the project promises (G20 and Korean Peninsula leaders,
foreign ministers and the Korea-file officials).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest

ACTORS_DIR = Path(__file__).resolve().parents[1] / "eventwire" / "data" / "actors"
PEOPLE = ACTORS_DIR / "people.tsv"
COLUMNS = ["name", "aliases", "country", "sector", "role", "start", "end"]

# Sector codes listed in EVENTS.md (section 2, `sector`).
SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "PTY", "OPP", "REB", "SPY", "MED",
    "BUS", "NGO", "IGO", "CVL", "REF", "LAB", "EDU", "REL", "CRM", "ELI",
}
# Organisation codes used for officials of international bodies (EVENTS.md `org`).
ORG_CODES = {
    "UN", "UNSC", "EU", "NATO", "IAEA", "AU", "ASEAN", "ICC", "ICRC", "IMF", "WB", "WHO",
    "OPEC", "GCC", "OSCE", "UNASUR", "WTO", "OPCW", "ARL", "OAS", "OIC", "SCO",
}
# Bare surnames shared by millions of people: never usable as an alias on their own.
AMBIGUOUS_SURNAMES = {
    "kim", "lee", "park", "choi", "jung", "jeong", "kang", "cho", "yoon", "yun", "jang",
    "lim", "han", "shin", "seo", "kwon", "hwang", "ahn", "song", "hong", "ri", "pak", "choe",
    "li", "wang", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "hu", "ma",
    "singh", "khan", "smith", "johnson", "brown", "sharif", "ivanov", "tanaka", "suzuki",
    "nguyen", "tran", "al thani", "shinawatra", "kaczynski", "fernandez", "fernández",
}
# Reference date of the file: an empty end means "in office on this date".
AS_OF = date(2026, 11, 29)

HEAD_ROLES = re.compile(
    r"^(Acting |Caretaker )?(President|Prime Minister|Premier|Chancellor|King|Queen|Emperor|Emir|"
    r"Monarch|Supreme Leader|Chairman of the National Defence Commission|Chief Executive|"
    r"Chairman of the Interim Administration|General Secretary of the Communist Party|"
    r"President of the Presidium of the Supreme People's Assembly)$"
)
FOREIGN_ROLES = re.compile(r"^(Acting )?(Foreign Minister|Foreign Secretary|Secretary of State)$")


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    aliases: tuple[str, ...]
    country: str
    sector: str
    role: str
    start: date
    end: date | None

    def active(self, day: date) -> bool:
        return self.start <= day <= (self.end or AS_OF)

    def forms(self) -> set[str]:
        return {f.casefold() for f in (self.name, *self.aliases)}


def _data_lines() -> list[tuple[int, str]]:
    lines = PEOPLE.read_text(encoding="utf-8").splitlines()
    return [(i, ln) for i, ln in enumerate(lines, start=1) if ln.strip() and not ln.startswith("#")]


@cache
def rows() -> tuple[Row, ...]:
    out = []
    for line, text in _data_lines()[1:]:
        f = text.split("\t")
        out.append(Row(
            line=line,
            name=f[0],
            aliases=tuple(a for a in f[1].split("|") if a),
            country=f[2],
            sector=f[3],
            role=f[4],
            start=date.fromisoformat(f[5]),
            end=date.fromisoformat(f[6]) if f[6] else None,
        ))
    return tuple(out)


def find(name: str, role: str | None = None) -> list[Row]:
    return [r for r in rows() if r.name == name and (role is None or r.role == role)]


def test_header_is_first_line():
    first = PEOPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first.split("\t") == COLUMNS


def test_every_row_has_seven_clean_fields():
    for line, text in _data_lines()[1:]:
        fields = text.split("\t")
        assert len(fields) == 7, f"line {line}: {len(fields)} fields"
        assert all(f == f.strip() for f in fields), f"line {line}: stray whitespace"
        assert fields[0] and fields[2] and fields[3] and fields[4] and fields[5], f"line {line}"
        assert fields[0] not in fields[1].split("|"), f"line {line}: alias repeats the name"


def test_dates_parse_and_are_ordered():
    for r in rows():
        assert date(1940, 1, 1) <= r.start <= AS_OF, f"line {r.line}: start {r.start}"
        if r.end is not None:
            assert r.start <= r.end <= AS_OF, f"line {r.line}: {r.start}..{r.end}"


def test_country_is_iso3_or_org_code_known_to_eventwire():
    countries = {
        row["code"]
        for row in csv.DictReader((ACTORS_DIR / "countries.tsv").open(encoding="utf-8"), delimiter="\t")
    }
    for r in rows():
        assert r.country in ORG_CODES or r.country in countries, f"line {r.line}: {r.country}"


def test_sector_is_in_the_contract():
    for r in rows():
        assert r.sector in SECTORS, f"line {r.line}: {r.sector}"
        if r.country in ORG_CODES:
            assert r.sector == "IGO", f"line {r.line}: org official must be IGO"


def test_no_exact_duplicate_rows():
    seen = set()
    for r in rows():
        key = (r.name, r.country, r.sector, r.role, r.start, r.end)
        assert key not in seen, f"line {r.line}: duplicate of an earlier row"
        seen.add(key)


def test_a_person_keeps_one_alias_list():
    """Rows of one person must agree on aliases, or a loader would see two spellings sets."""
    by_name = defaultdict(set)
    for r in rows():
        by_name[r.name].add(r.aliases)
    split = {n: a for n, a in by_name.items() if len(a) > 1}
    assert not split


def test_no_ambiguous_bare_surname_alias():
    for r in rows():
        for a in r.aliases:
            assert a.casefold() not in AMBIGUOUS_SURNAMES, f"line {r.line}: alias {a!r}"


def test_no_form_names_two_people_at_once():
    """A name or alias may be shared only by rows whose terms do not overlap."""
    by_form = defaultdict(list)
    for r in rows():
        for form in r.forms():
            by_form[form].append(r)
    clashes = []
    for form, rs in by_form.items():
        for i, a in enumerate(rs):
            for b in rs[i + 1:]:
                if a.name == b.name:
                    continue
                if a.start <= (b.end or AS_OF) and b.start <= (a.end or AS_OF):
                    clashes.append(f"{form!r}: {a.name} (line {a.line}) / {b.name} (line {b.line})")
    assert not clashes, "\n".join(clashes[:20])


def test_rows_of_one_role_do_not_overlap_within_a_country():
    """Two people cannot hold the same national top office at once (catches typos in dates)."""
    single_seat = {"President", "Prime Minister", "Premier", "Chancellor", "Foreign Minister",
                   "Foreign Secretary", "Secretary of State", "Defence Minister", "Secretary of Defense",
                   "Unification Minister", "National Security Adviser", "Secretary-General",
                   "Secretary General", "Director General", "Director-General"}
    by_seat = defaultdict(list)
    for r in rows():
        if r.role in single_seat:
            by_seat[(r.country, r.role)].append(r)
    clashes = []
    for seat, rs in by_seat.items():
        rs.sort(key=lambda r: r.start)
        for a, b in zip(rs, rs[1:]):
            if a.name != b.name and b.start < (a.end or AS_OF):
                clashes.append(f"{seat}: {a.name} until {a.end} / {b.name} from {b.start}")
    assert not clashes, "\n".join(clashes)


HEAD_COVERAGE = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN",
                 "MEX", "RUS", "SAU", "ZAF", "KOR", "TUR", "GBR", "USA", "PRK", "MNG", "TWN"]
FOREIGN_COVERAGE = [c for c in HEAD_COVERAGE if c != "MNG"]  # Mongolia: only 2014-2018 listed
SAMPLE_DAYS = [date(year, month, 15) for year in range(2000, 2026) for month in (3, 9)]
# Offices that really stood empty on a sampled day (no acting holder is on record).
VACANCIES = {
    "PRK": [(date(2007, 1, 2), date(2007, 5, 18))],  # foreign minister Paek Nam-sun died in office
}


def _vacant(country: str, day: date) -> bool:
    return any(a <= day <= b for a, b in VACANCIES.get(country, []))


@pytest.mark.parametrize("country", HEAD_COVERAGE)
def test_head_of_state_or_government_known_on_every_sampled_day(country):
    heads = [r for r in rows() if r.country == country and HEAD_ROLES.match(r.role)]
    missing = [d for d in SAMPLE_DAYS if not any(r.active(d) for r in heads)]
    assert not missing, f"{country}: no leader on {missing[:5]}"


@pytest.mark.parametrize("country", FOREIGN_COVERAGE)
def test_foreign_minister_known_on_every_sampled_day(country):
    ministers = [r for r in rows() if r.country == country and FOREIGN_ROLES.match(r.role)]
    missing = [d for d in SAMPLE_DAYS
               if not _vacant(country, d) and not any(r.active(d) for r in ministers)]
    assert not missing, f"{country}: no foreign minister on {missing[:5]}"


@pytest.mark.parametrize("org,role,since", [
    ("UN", "Secretary-General", date(2000, 1, 1)),
    ("NATO", "Secretary General", date(2000, 1, 1)),
    ("IAEA", "Director General", date(2000, 1, 1)),
    ("EU", "President of the European Commission", date(2000, 1, 1)),
    ("EU", "President of the European Council", date(2009, 12, 1)),
    ("EU", "High Representative for Foreign Affairs and Security Policy", date(2009, 12, 1)),
    ("AU", "Chairperson of the Commission", date(2003, 9, 16)),
])
def test_international_office_continuously_held(org, role, since):
    holders = [r for r in rows() if r.country == org and r.role.removeprefix("Acting ") == role]
    missing = [d for d in SAMPLE_DAYS if d >= since and not any(r.active(d) for r in holders)]
    assert not missing, f"{org} {role}: nobody on {missing[:5]}"


@pytest.mark.parametrize("name,country,sector,role,start,end", [
    ("Mike Pompeo", "USA", "GOV", "Secretary of State", "2018-04-26", "2021-01-20"),
    ("Stephen Biegun", "USA", "GOV", "Special Representative for North Korea", "2018-08-23", "2021-01-20"),
    ("Moon Jae-in", "KOR", "GOV", "President", "2017-05-10", "2022-05-09"),
    ("Lee Jae-myung", "KOR", "GOV", "President", "2025-06-04", ""),
    ("Kim Jong Un", "PRK", "GOV", "Supreme Leader", "2011-12-17", ""),
    ("Xi Jinping", "CHN", "GOV", "President", "2013-03-14", ""),
    ("Antonio Guterres", "UN", "IGO", "Secretary-General", "2017-01-01", ""),
    ("Donald Trump", "USA", "GOV", "President", "2025-01-20", ""),
])
def test_required_rows_exist(name, country, sector, role, start, end):
    expected = (country, sector, role, date.fromisoformat(start), date.fromisoformat(end) if end else None)
    assert expected in {(r.country, r.sector, r.role, r.start, r.end) for r in find(name)}


@pytest.mark.parametrize("form,country,day", [
    ("Lee Do-hoon", "KOR", date(2018, 12, 21)),
    ("Alex Wong", "USA", date(2018, 12, 21)),
    ("Stephen Biegun", "USA", date(2018, 12, 21)),
    ("Kim Jong-un", "PRK", date(2018, 12, 21)),
    ("Kim Yo Jong", "PRK", date(2020, 6, 16)),
    ("Kim Yong Chol", "PRK", date(2018, 6, 1)),
    ("Ri Yong Ho", "PRK", date(2018, 6, 12)),
    ("Choe Son Hui", "PRK", date(2023, 1, 1)),
    ("Ri Son Gwon", "PRK", date(2018, 1, 9)),
    ("Kim Yong Nam", "PRK", date(2018, 2, 9)),
    ("Choe Ryong Hae", "PRK", date(2020, 1, 1)),
    ("Chung Eui-yong", "KOR", date(2018, 3, 5)),
    ("Cho Myoung-gyon", "KOR", date(2018, 4, 27)),
    ("Sung Kim", "USA", date(2022, 1, 1)),
    ("Joseph Yun", "USA", date(2017, 6, 1)),
    ("Putin", "RUS", date(2019, 4, 25)),
    ("Shinzo Abe", "JPN", date(2018, 1, 1)),
])
def test_korea_file_officials_resolve_on_the_day(form, country, day):
    hits = {r.name for r in rows() if form.casefold() in r.forms() and r.active(day)}
    assert len(hits) == 1, f"{form} on {day}: {hits}"
    assert {r.country for r in rows() if r.name in hits and r.active(day)} == {country}


def test_lee_jae_myung_led_the_opposition_before_the_presidency():
    roles = sorted(find("Lee Jae-myung"), key=lambda r: r.start)
    assert [r.sector for r in roles] == ["OPP", "GOV"]
    assert roles[0].end <= roles[1].start


def test_south_korean_korea_file_offices_are_covered():
    for role, since in [("Unification Minister", date(2000, 1, 1)),
                        ("Defence Minister", date(2000, 1, 1)),
                        ("National Security Adviser", date(2017, 5, 21))]:
        holders = [r for r in rows() if r.country == "KOR" and r.role.endswith(role)]
        missing = [d for d in SAMPLE_DAYS if d >= since and not any(r.active(d) for r in holders)]
        assert not missing, f"KOR {role}: nobody on {missing[:5]}"
