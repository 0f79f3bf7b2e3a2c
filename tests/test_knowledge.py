"""Knowledge files: packaged coverage, user extension, date-bounded roles, bad-file errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
from importlib import resources
from pathlib import Path

import pytest

from eventwire.errors import KnowledgeError
from eventwire.knowledge import HEADERS, Knowledge, default_knowledge

PEOPLE = """# a small people file in the packaged format
name\taliases\tcountry\tsector\trole\tstart\tend
Mike Pompeo\tMichael Pompeo|Michael R. Pompeo\tUSA\tGOV\tSecretary of State\t2018-04-26\t2021-01-20
Mike Pompeo\t\tUSA\tSPY\tCIA Director\t2017-01-23\t2018-04-26
Antonio Guterres\t\tUN\tIGO\tSecretary-General\t2017-01-01\t
"""


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return default_knowledge()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "code"), [
    ("South Korea's", "KOR"), ("S. Korea", "KOR"), ("Pyongyang", "PRK"), ("N. Korea", "PRK"),
    ("the White House", "USA"), ("Washington", "USA"), ("U.S.", "USA"), ("American", "USA"),
    ("the Kremlin", "RUS"), ("Downing Street", "GBR"), ("the Blue House", "KOR"), ("Kyiv", "UKR"),
    ("Palestinian", "PSE"), ("Taipei", "TWN"), ("Seoul", "KOR"), ("Britain", "GBR"), ("Japanese", "JPN"),
])
def test_country_of_names_adjectives_and_seats(knowledge, text, code):
    assert knowledge.country_of(text) == code


def test_country_of_unknown_text_is_none(knowledge):
    assert knowledge.country_of("the weather today") is None
    assert knowledge.country_of("us") is None  # the pronoun is not the United States


def test_every_un_member_sized_country_is_covered(knowledge):
    codes = set(knowledge.countries)
    assert len(codes) >= 195
    assert {"KOR", "PRK", "USA", "PSE", "TWN", "XKX", "SSD", "COD", "CIV"} <= codes
    assert all(len(c) == 3 and c.isupper() for c in codes)


def test_org_codes_of_the_contract_are_known(knowledge):
    org_codes = {c for _, entry in knowledge.names.values() if entry.kind == "named" for c in entry.codes}
    contract = {"UN", "UNSC", "EU", "NATO", "IAEA", "AU", "ASEAN", "ICC", "ICRC", "IMF", "WB", "WHO",
                "OPEC", "GCC", "OSCE", "UNASUR", "HRW", "AI"}
    assert contract <= org_codes


def test_agents_map_to_sectors(knowledge):
    for term, sector in [("government", "GOV"), ("troops", "MIL"), ("police", "COP"), ("lawmakers", "LEG"),
                         ("judge", "JUD"), ("rebels", "REB"), ("protesters", "OPP"), ("journalists", "MED"),
                         ("students", "EDU"), ("refugees", "REF"), ("officials", "GOV"), ("ministries", "GOV")]:
        assert knowledge.agents[knowledge.key(term)].sector == sector, term
    assert knowledge.agents[knowledge.key("secretary of state")].country == "USA"


@pytest.mark.parametrize(("name", "country"), [
    ("Kaesong", "PRK"), ("Panmunjom", "KOR"), ("Busan", "KOR"), ("Seoul", "KOR"), ("Pyongyang", "PRK"),
    ("the Gaza Strip", "PSE"), ("Kharkiv", "UKR"), ("Nairobi", "KEN"), ("Washington", "USA"), ("Pusan", "KOR"),
])
def test_place_finds_gazetteer_entries(knowledge, name, country):
    loc = knowledge.place(name)
    assert loc is not None and loc.country == country
    assert -90 <= loc.lat <= 90 and -180 <= loc.lon <= 180


def test_place_coordinates_are_right(knowledge):
    seoul = knowledge.place("Seoul")
    assert abs(seoul.lat - 37.57) < 0.2 and abs(seoul.lon - 126.98) < 0.2
    assert knowledge.place("Atlantis") is None


def test_every_capital_seat_with_a_gazetteer_entry_is_in_its_country(knowledge):
    checked = 0
    for key, (_, entry) in knowledge.names.items():
        loc = knowledge.place(" ".join(key)) if entry.kind == "seat" else None
        if loc is not None and loc.country in knowledge.countries:
            checked += 1
            assert loc.country == entry.codes[0] or " ".join(key) in {"jerusalem"}, (key, loc)
    assert checked >= 150


def test_knowledge_is_immutable(knowledge):
    with pytest.raises(dataclasses.FrozenInstanceError):
        knowledge.people = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        knowledge.countries["ZZZ"] = "Nowhere"  # type: ignore[index]


def test_default_knowledge_is_loaded_once():
    assert default_knowledge() is default_knowledge()


def test_packaged_people_file_is_read_when_present(knowledge):
    people = resources.files("eventwire") / "data" / "actors" / "people.tsv"
    if not people.is_file():
        pytest.skip("people.tsv not shipped yet")
    names = {line.split("\t")[0] for line in people.read_text(encoding="utf-8").splitlines()[1:]
             if line.strip() and not line.startswith("#")}
    assert names <= set(knowledge.people)


def test_people_roles_follow_the_date(tmp_path):
    k = Knowledge.load(extra_files=[write(tmp_path, "people.tsv", PEOPLE)])
    assert k.person_at("Mike Pompeo", dt.date(2018, 12, 21)) == ("USA", "GOV")
    assert k.person_at("Mike Pompeo", dt.date(2017, 6, 1)) == ("USA", "SPY")
    # outside every role: the nearest role's country, as an elite
    assert k.person_at("Mike Pompeo", dt.date(2023, 1, 1)) == ("USA", "ELI")
    assert k.person_at("Mike Pompeo", dt.date(2010, 1, 1)) == ("USA", "ELI")
    # still in office (empty end) and an org in the country column
    assert k.person_at("Antonio Guterres", dt.date(2024, 5, 1)) == ("UN", "IGO")
    assert k.person_at("Mike Pompeo", None) == ("USA", "GOV")
    assert k.country_of("Michael R. Pompeo") == "USA"


def test_user_file_extends_and_overrides(tmp_path):
    extra = write(tmp_path, "mine.tsv", "name\taliases\tcode\tsector\n"
                  "Acme Liberation Front\tALF\tNGA\tREB\n"
                  "Blue House\t\tKOR\tMIL\n")
    agents = write(tmp_path, "agents.tsv", "term\tsector\tcountry\nwatchdog committee\tNGO\t\n")
    k = Knowledge.load(extra_files=[extra, agents])
    _, entry = k.names[k.key("Acme Liberation Front")]
    assert (entry.codes, entry.sector) == (("NGA",), "REB")
    assert k.names[k.key("ALF")][1].name == "Acme Liberation Front"
    assert k.names[k.key("Blue House")][1].sector == "MIL"  # the user's entry wins
    assert k.agents[k.key("watchdog committees")].sector == "NGO"  # plural added
    assert default_knowledge().names[k.key("Blue House")][1].sector == "GOV"  # package untouched


@pytest.mark.parametrize(("text", "line", "problem"), [
    ("name\tcode\n", 1, "unknown header"),
    ("# only a comment\n\n", 0, "empty knowledge file"),
    ("name\taliases\tcode\tsector\nAcme\t\tNGA\tREB\textra\n", 2, "columns"),
    ("name\taliases\tcode\tsector\n\nAcme\t\tnga\tREB\n", 3, "bad code"),
    ("name\taliases\tcode\tsector\nAcme\t\tNGA\tRebels\n", 2, "bad sector"),
    ("name\taliases\tcode\tsector\n\tAcme\tNGA\tREB\n", 2, "empty 'name'"),
    ("name\taliases\tcountry\tsector\trole\tstart\tend\nX Y\t\tUSA\tGOV\tr\t2018-13-01\t\n", 2, "bad start date"),
    ("name\taliases\tcountry\tsector\trole\tstart\tend\nX Y\t\tUSA\tGOV\tr\t2019-01-01\t2018-01-01\n", 2, "ends"),
    ("name\taliases\tcountry\tlat\tlon\nAtlantis\t\tGRC\t95\t0\n", 2, "out of range"),
    ("term\tsector\tcountry\nofficial\tGOV\tusa\n", 2, "bad country"),
])
def test_bad_user_file_names_file_and_line(tmp_path, text, line, problem):
    path = write(tmp_path, "bad.tsv", text)
    with pytest.raises(KnowledgeError) as err:
        Knowledge.load(extra_files=[path])
    expected_source = f"{path}:{line}" if line else str(path)
    assert err.value.source == expected_source
    assert problem in err.value.problem
    assert err.value.code == "E200"


def test_missing_user_file_is_a_knowledge_error(tmp_path):
    with pytest.raises(KnowledgeError) as err:
        Knowledge.load(extra_files=[tmp_path / "absent.tsv"])
    assert str(tmp_path / "absent.tsv") in str(err.value)


def test_headers_are_distinct():
    assert len(set(HEADERS.values())) == len(HEADERS)


def test_countryinfo_leaders_have_dated_roles_and_curated_people_win(knowledge):
    assert knowledge.person_at("Laurent Gbagbo", dt.date(2005, 1, 1)) == ("CIV", "GOV")
    assert knowledge.person_at("Laurent Gbagbo", dt.date(2020, 1, 1)) == ("CIV", "ELI")  # source ends 2014
    actors = resources.files("eventwire") / "data" / "actors"

    def names(file: str) -> set[str]:
        lines = [ln for ln in (actors / file).read_text(encoding="utf-8").splitlines()[1:] if ln and not ln.startswith("#")]
        return {ln.split("\t")[0].lower() for ln in lines[1:]}

    converted, curated = names("people_phoenix.tsv"), names("people.tsv")
    assert len(converted) > 9000 and not converted & curated
