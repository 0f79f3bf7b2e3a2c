"""Trigger matching on parsed sentences: built-in patterns, specificity, blocking, user files."""

from __future__ import annotations

import json

import pytest

from eventwire.errors import KnowledgeError
from eventwire.lexicon import Lexicon, Trigger, default_lexicon, parse_pattern
from eventwire.ontology import default_ontology

V05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def triggers(nlp, text: str, lexicon: Lexicon | None = None) -> list[Trigger]:
    doc = nlp(text)
    return [t for sent in doc.sents for t in (lexicon or default_lexicon()).triggers(sent)]


def best(nlp, text: str, word: str, lexicon: Lexicon | None = None) -> Trigger | None:
    """The most specific trigger on the first token spelled `word`."""
    doc = nlp(text)
    index = next(t.i for t in doc if t.text == word)
    found = [t for sent in doc.sents for t in (lexicon or default_lexicon()).triggers(sent) if t.head == index]
    return found[0] if found else None


@pytest.mark.parametrize(
    ("text", "word", "cameo"),
    [
        ('South Korea and the United States opened their second "working group" meeting on North Korea here Friday.',
         "opened", "046"),
        ("The North claims it has done enough and demands sanctions relief and political rewards.", "demands", "1054"),
        ("Biegun signaled that his government will resume large-scale humanitarian assistance for the North.",
         "resume", "073"),
        ("The two Koreas plan to hold a groundbreaking ceremony next week.", "ceremony", "061"),
        ("South Korea and the U.S. launched the working group consultation channel in November.", "launched", "040"),
        ("The top U.S. diplomat struck an upbeat note on a plan to arrange a second meeting.", "arrange", "036"),
        ("Talks were held in Geneva on Monday.", "held", "046"),
        ("Rebels kidnapped two aid workers.", "kidnapped", "181"),
        ("Israeli jets carried out airstrikes on Gaza.", "airstrikes", "195"),
        ("The government imposed a curfew in the capital.", "imposed", "1723"),
        ("Police arrested 30 protesters.", "arrested", "173"),
        ("The minister voiced optimism about the talks.", "voiced", "013"),
    ],
)
def test_seed_and_news_sentences(nlp, text, word, cameo):
    trigger = best(nlp, text, word)
    assert trigger is not None and trigger.cameo == cameo, trigger


def test_trigger_tokens_point_at_pattern_words(nlp):
    doc = nlp("The North demands sanctions relief.")
    found = [t for t in default_lexicon().triggers(next(doc.sents)) if t.pattern == "demand sanction relief"]
    assert found, "the three-word pattern matches"
    trigger = found[0]
    assert trigger.tokens[0] == trigger.head and trigger.kind == "verb"
    assert {doc[i].lower_ for i in trigger.tokens} == {"demands", "sanctions", "relief"}


def test_most_specific_first_per_head(nlp):
    found = triggers(nlp, "The allies held talks and opened a summit, then imposed new sanctions on Iran.")
    by_head: dict[int, list[int]] = {}
    for t in found:
        by_head.setdefault(t.head, []).append(parse_pattern(t.cameo, t.kind, t.pattern).specificity)
    assert len(by_head) >= 3 and any(len(s) > 1 for s in by_head.values())
    for specificities in by_head.values():
        assert specificities == sorted(specificities, reverse=True)


def test_not_an_event_pattern_silences_less_specific_ones(nlp):
    assert best(nlp, "The results met expectations.", "met") is None
    assert best(nlp, "The ministers met in Seoul.", "met").cameo == "040"


def test_user_file_overrides_adds_and_blocks(nlp, tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "# my triggers\ncameo\tkind\tpattern\tnote\n"
        "042\tverb\tmeet\tcount plain meetings as visits\n"
        "040\tnoun\tpowwow\n"
        "---\tverb\tthreaten\n"
    )
    mine = Lexicon.load(extra_files=[extra])
    assert best(nlp, "The ministers met in Seoul.", "met", mine).cameo == "042"
    assert best(nlp, "The chiefs held a powwow on Friday.", "powwow", mine).cameo == "040"
    assert best(nlp, "The chiefs held a powwow on Friday.", "powwow") is None
    assert best(nlp, "Iran threatened to close the strait.", "threatened", mine) is None or \
        best(nlp, "Iran threatened to close the strait.", "threatened", mine).pattern != "threaten"
    assert len(mine) == len(default_lexicon()) + 1


@pytest.mark.parametrize(
    ("line", "problem"),
    [("999\tverb\tmeet\n", "unknown CAMEO code"), ("040\tadverb\tmeet\n", "kind"), ("040\tverb\n", "expected"),
     ("040\tverb\tmeet on talk on\n", "function word")],
)
def test_bad_trigger_file_names_file_and_line(tmp_path, line, problem):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# comment\n" + line)
    with pytest.raises(KnowledgeError, match=f"bad.tsv:2.*{problem}"):
        Lexicon.load(extra_files=[bad])


def test_pattern_grammar():
    verb = parse_pattern("040", "verb", "call|phone off humanitarian aid|assistance")
    assert verb.head == ("call", "phone") and verb.functions == (("off",),)
    assert verb.obj_mods == (("humanitarian",),) and verb.obj == ("aid", "assistance")
    noun = parse_pattern("0841", "noun", "hostage release of prisoner")
    assert noun.head == ("release",) and noun.head_mods == (("hostage",),) and noun.obj == ("prisoner",)
    assert verb.specificity == 4 and noun.specificity == 4


def test_builtin_codes_exist_in_the_ontology():
    ontology = default_ontology()
    codes = {p.cameo for patterns in default_lexicon().index.values() for p in patterns}
    assert codes - {"---"} and all(code in ontology for code in codes - {"---"})


def test_gsr_sentences_get_a_trigger_of_the_gold_type(nlp, shared_data):
    """Coverage floor on the PLOVER gold-standard sentences (CAMEO manual examples)."""
    records = [r for r in json.loads((shared_data / "plover_gsr/PLOVER_GSR_CAMEO.txt").read_text())
               if r["event"] != "DOCUMENT"]
    ontology, lexicon = default_ontology(), default_lexicon()
    hits = 0
    for record, doc in zip(records, nlp.pipe(r["text"].strip("{} ") for r in records)):
        types = {ontology.get(t.cameo).plover for s in doc.sents for t in lexicon.triggers(s)}
        hits += V05.get(record["event"], record["event"]) in types
    assert hits / len(records) > 0.7
