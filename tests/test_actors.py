"""Actor resolution in real parsed documents: the seed report, world news, people over time."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from eventwire.actors import ActorMention, resolve_actors
from eventwire.knowledge import Knowledge

PEOPLE = """name\taliases\tcountry\tsector\trole\tstart\tend
Mike Pompeo\tMichael Pompeo\tUSA\tGOV\tSecretary of State\t2018-04-26\t2021-01-20
Donald Trump\tDonald J. Trump\tUSA\tGOV\tPresident\t2017-01-20\t2021-01-20
Donald Trump\t\tUSA\tGOV\tPresident\t2025-01-20\t
Kim Jong-un\tKim Jong Un\tPRK\tGOV\tSupreme Leader\t2011-12-17\t
Moon Jae-in\t\tKOR\tGOV\tPresident\t2017-05-10\t2022-05-09
Stephen Biegun\tStephen E. Biegun\tUSA\tGOV\tSpecial Representative for North Korea\t2018-08-23\t2021-01-20
Antonio Guterres\tAntonio Guterres\tUN\tIGO\tSecretary-General\t2017-01-01\t
"""
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory) -> Knowledge:
    people = tmp_path_factory.mktemp("kb") / "people.tsv"
    people.write_text(PEOPLE, encoding="utf-8")
    return Knowledge.load(extra_files=[people])


@pytest.fixture(scope="module")
def seed(nlp, knowledge, shared_data):
    text = (shared_data / "seed" / "yonhap-2018-12-21-working-group.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    return doc, resolve_actors(doc, knowledge, dt.date(2018, 12, 21), home_country="KOR")


def at(doc, mentions: tuple[ActorMention, ...], phrase: str, head: str, nth: int = 0) -> ActorMention:
    """The mention covering word `head` inside the nth occurrence of `phrase`."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(phrase, start + 1)
    char = start + phrase.index(head)
    found = [m for m in mentions if m.start_char <= char < m.end_char]
    assert found, f"no mention at {head!r} in {phrase!r}"
    return found[0]


def codes(m: ActorMention) -> list[tuple[str | None, str | None]]:
    return [(a.code, a.sector) for a in m.actors]


@pytest.mark.parametrize(("phrase", "head", "expected"), [
    ("Seoul's top nuclear envoy, Lee Do-hoon", "envoy", [("KOR", "GOV")]),
    ("Seoul's top nuclear envoy, Lee Do-hoon", "Do-hoon", [("KOR", "GOV")]),
    ("his American counterpart, Stephen Biegun", "counterpart", [("USA", "GOV")]),
    ("his American counterpart, Stephen Biegun", "Biegun", [("USA", "GOV")]),
    ("Officials from the White House", "Officials", [("USA", "GOV")]),
    ("South Korea's presidential office", "office", [("KOR", "GOV")]),
    ("the unification ministry", "ministry", [("KOR", "GOV")]),
    ("The top U.S. diplomat", "diplomat", [("USA", "GOV")]),
    ("the North's leader", "leader", [("PRK", "GOV")]),
    ("the Kim Jong-un regime", "regime", [("PRK", "GOV")]),
    ("The liberal Moon Jae-in administration", "administration", [("KOR", "GOV")]),
    ("The two Koreas plan", "Koreas", [("KOR", "GOV"), ("PRK", "GOV")]),
    ("Washington's special representative for North Korea", "representative", [("USA", "GOV")]),
    ("humanitarian assistance to the North through", "North", [("PRK", None)]),
    ("approach toward Pyongyang", "Pyongyang", [("PRK", "GOV")]),
    ("Secretary of State Mike Pompeo", "Pompeo", [("USA", "GOV")]),
    ("signaled that his government", "government", [("USA", "GOV")]),
    ("The North claims it has", "it", [("PRK", None)]),
    ("They cited the need", "They", [("KOR", None), ("USA", None)]),
    ("implementation of U.N. Security Council resolutions", "Council", [("UNSC", "IGO")]),
])
def test_seed_actors(seed, phrase, head, expected):
    doc, mentions = seed
    assert codes(at(doc, mentions, phrase, head)) == expected


def test_seed_misspelt_surname_is_the_known_person(seed):
    doc, mentions = seed
    m = at(doc, mentions, "Beigun, Washington's", "Beigun")
    assert m.kind in {"alias", "coref"} and m.actors[0].name == "Stephen Biegun" and codes(m) == [("USA", "GOV")]


def test_misspelt_names_resolve_by_spelling(nlp, knowledge):
    text = "Stephen Biegun arrived in Seoul on Monday. Bieguun said he was hopeful."
    doc, mentions = resolve(nlp, knowledge, text, dt.date(2018, 12, 21))
    m = at(doc, mentions, "Bieguun said", "Bieguun")
    assert m.actors[0].name == "Stephen Biegun" and codes(m) == [("USA", "GOV")]
    text = "Antonio Guteres urged restraint."
    doc, mentions = resolve(nlp, knowledge, text)
    assert at(doc, mentions, text, "Guteres").actors[0].name == "Antonio Guterres"


def test_seed_unknown_person_gets_apposition_and_surname_follows(seed):
    doc, mentions = seed
    lee = at(doc, mentions, "Seoul's top nuclear envoy, Lee Do-hoon", "Lee")
    assert lee.actors[0].name == "Lee Do-hoon" and lee.kind == "name"
    assert doc[lee.start:lee.end].text == "Lee Do-hoon"


def test_seed_pronouns_are_conservative(seed):
    doc, mentions = seed
    for phrase in ("It's an apparent incentive", "It will be held at Panmun Station"):
        char = doc.text.index(phrase)
        assert not [m for m in mentions if m.start_char == char], phrase


def test_conjoined_capitals_are_one_mention_each(nlp, knowledge):
    text = "Seoul and Washington agreed to resume the talks."
    doc, mentions = resolve(nlp, knowledge, text)
    assert [(doc.text[m.start_char:m.end_char], codes(m)) for m in mentions] == [
        ("Seoul", [("KOR", "GOV")]), ("Washington", [("USA", "GOV")])]


def test_seed_spans_are_tight_and_sorted(seed):
    doc, mentions = seed
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    office = at(doc, mentions, "South Korea's presidential office", "office")
    assert doc.text[office.start_char:office.end_char] == "South Korea's presidential office"
    white_house = at(doc, mentions, "Officials from the White House", "White")
    assert doc.text[white_house.start_char:white_house.end_char] == "White House"
    # the country absorbed into the agent phrase is not reported a second time
    assert sum(1 for m in mentions if m.start_char == office.start_char) == 1
    assert all(m.kind in {"name", "alias", "agent", "pronoun", "coref"} for m in mentions)


WORLD = [
    ("Russian forces shelled Kharkiv overnight, Ukrainian officials said.", "forces", [("RUS", "MIL")]),
    ("Russian forces shelled Kharkiv overnight, Ukrainian officials said.", "officials", [("UKR", "GOV")]),
    ("The Kremlin rejected Kyiv's peace proposal.", "Kremlin", [("RUS", "GOV")]),
    ("The Kremlin rejected Kyiv's peace proposal.", "Kyiv", [("UKR", "GOV")]),
    ("Israeli troops raided the camp, the Palestinian health ministry said.", "troops", [("ISR", "MIL")]),
    ("Israeli troops raided the camp, the Palestinian health ministry said.", "ministry", [("PSE", "GOV")]),
    ("Hamas fired rockets at Israel.", "Hamas", [("PSE", "REB")]),
    ("The Israeli prime minister said his government would not negotiate.", "government", [("ISR", "GOV")]),
    ("Beijing warned Taipei against seeking independence.", "Taipei", [("TWN", "GOV")]),
    ("Chinese Foreign Ministry spokesman Wang Wenbin criticised the visit.", "Wenbin", [("CHN", "GOV")]),
    ("The European Union imposed new sanctions on Iran over its nuclear program.", "its", [("IRN", None)]),
    ("The European Commission said it would propose a new package.", "it", [("EU", "IGO")]),
    ("The UN Security Council condemned the attack.", "Council", [("UNSC", "IGO")]),
    ("Human Rights Watch called for an investigation.", "Watch", [("HRW", "NGO")]),
    ("UN Secretary-General Antonio Guterres urged restraint.", "Guterres", [("UN", "IGO")]),
    ("Police in Kenya arrested dozens of protesters.", "Police", [("KEN", "COP")]),
    ("Senior Hungarian and Romanian officials agreed on Wednesday.", "officials", [("HUN", "GOV"), ("ROU", "GOV")]),
    ("Taliban fighters seized the provincial capital.", "fighters", [("AFG", "REB")]),
    ("Ivan Petrov, a Russian diplomat, said the talks failed.", "Petrov", [("RUS", "GOV")]),
    ("The NATO summit opened in Vilnius.", "NATO", [("NATO", "IGO")]),
    ("Troops crossed into Afganistan on Monday.", "Afganistan", [("AFG", None)]),
    ("The foreign ministers of France and Germany met in Paris.", "ministers", [("FRA", "GOV"), ("DEU", "GOV")]),
    ("Ukraine's President Volodymyr Zelensky said his forces had retaken the town.", "forces", [("UKR", "MIL")]),
    ("A spokesman for the U.N. refugee agency said thousands had fled.", "spokesman", [("UN", "IGO")]),
    ("The U.S.-led coalition struck targets in Syria.", "coalition", [("USA", "MIL")]),
    ("The Saudi-led coalition struck Houthi positions.", "coalition", [("SAU", "MIL")]),
    ("Iranian-backed militias attacked the base.", "militias", [(None, "REB")]),
    ("Pro-Russian separatists shelled the town.", "separatists", [(None, "REB")]),
    ("Starting his visit to Seoul on Wednesday, Ivan Petrov, Moscow's special envoy, said talks would resume.", "his",
     [("RUS", "GOV")]),
]


@pytest.mark.parametrize(("text", "head", "expected"), WORLD)
def test_world_news(nlp, knowledge, text, head, expected):
    doc = nlp(text)
    mentions = resolve_actors(doc, knowledge, dt.date(2023, 5, 1))
    assert codes(at(doc, mentions, text, head)) == expected


def resolve(nlp, knowledge, text, published=dt.date(2023, 5, 1), home=None):
    doc = nlp(text)
    return doc, resolve_actors(doc, knowledge, published, home_country=home)


def test_unknown_person_without_context_has_no_country(nlp, knowledge):
    text = "Mike Pompeo left. John Smallwood said his government would wait."
    doc, mentions = resolve(nlp, knowledge, text, dt.date(2018, 12, 21))
    m = at(doc, mentions, "John Smallwood", "Smallwood")
    assert m.actors[0].name == "John Smallwood" and m.actors[0].code is None
    # "his" is Smallwood, of unknown country, not the earlier Pompeo
    assert codes(at(doc, mentions, "his government", "government")) == [(None, "GOV")]


def test_role_depends_on_publication_date(nlp, knowledge):
    text = "Mike Pompeo met Kim Jong-un in Pyongyang."
    doc, in_office = resolve(nlp, knowledge, text, dt.date(2018, 10, 7))
    assert codes(at(doc, in_office, text, "Pompeo")) == [("USA", "GOV")]
    doc, later = resolve(nlp, knowledge, text, dt.date(2023, 1, 1))
    assert codes(at(doc, later, text, "Pompeo")) == [("USA", "ELI")]
    assert codes(at(doc, later, text, "Kim")) == [("PRK", "GOV")]


def test_surname_alone_is_the_last_full_name(nlp, knowledge):
    text = "Lee Do-hoon met Lee Dong-yeol, a South Korean official, in Seoul. Lee said the talks went well."
    doc, mentions = resolve(nlp, knowledge, text)
    m = at(doc, mentions, "Lee said", "Lee")
    assert m.kind == "coref" and m.actors[0].name == "Lee Dong-yeol"
    assert codes(m) == [("KOR", "GOV")]


def test_context_name_needs_the_country_named(nlp, knowledge):
    text = "Troops from the North crossed the river at dawn."
    doc, mentions = resolve(nlp, knowledge, text)
    assert not any("PRK" in {a.code for a in m.actors} for m in mentions)
    text = "North Korea fired a missile. The North said the test was a success."
    doc, mentions = resolve(nlp, knowledge, text)
    assert codes(at(doc, mentions, "The North said", "North")) == [("PRK", None)]


def test_case_and_person_names_block_false_countries(nlp, knowledge):
    text = "They told us that Michael Jordan would visit."
    doc, mentions = resolve(nlp, knowledge, text)
    assert not any(a.code in {"USA", "JOR"} for m in mentions for a in m.actors)
    doc, mentions = resolve(nlp, knowledge, "We ate turkey with china plates.")
    assert mentions == ()


def test_agent_without_country_word_takes_home_country(nlp, knowledge):
    text = "The defense ministry said the drills would continue."
    doc, mentions = resolve(nlp, knowledge, text, home="JPN")
    assert codes(at(doc, mentions, text, "ministry")) == [("JPN", "GOV")]
    doc, mentions = resolve(nlp, knowledge, text)
    assert codes(at(doc, mentions, text, "ministry")) == [(None, "GOV")]


def test_user_knowledge_changes_resolution(nlp, tmp_path):
    extra = tmp_path / "groups.tsv"
    extra.write_text("name\taliases\tcode\tsector\nAcme Liberation Front\tALF\tNGA\tREB\n", encoding="utf-8")
    k = Knowledge.load(extra_files=[extra])
    text = "The ALF attacked a police station."
    doc = nlp(text)
    assert codes(at(doc, resolve_actors(doc, k, None), text, "ALF")) == [("NGA", "REB")]


@pytest.mark.slow
def test_plover_gsr_actor_recall(nlp, knowledge, shared_data):
    """Share of gold source/target codes the resolver finds somewhere in the sentence."""
    records = json.loads((shared_data / "plover_gsr" / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8"))
    found = total = 0
    for rec in records:
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            continue
        doc = nlp(rec["text"])
        actors = [a for m in resolve_actors(doc, knowledge, None) for a in m.actors]
        got = {a.code for a in actors} | {a.sector for a in actors if a.org}
        for role in ("source", "target"):
            for gold in rec.get(role) or []:
                if isinstance(gold, dict) and gold.get("code"):
                    total += 1
                    found += CAMEO_TO_ISO.get(gold["code"], gold["code"]) in got
    recall = found / total
    print(f"PLOVER GSR actor recall: {found}/{total} = {recall:.3f}")
    assert total > 600 and recall >= 0.9
