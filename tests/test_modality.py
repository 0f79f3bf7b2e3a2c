import pytest

from eventwire.modality import Cues, default_cues
from eventwire.errors import KnowledgeError


def modality_of(nlp, sentence: str, word: str) -> str:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == word)
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return default_cues().modality(token, verb)


@pytest.mark.parametrize(
    "sentence, word, expected",
    [
        ("Russia attacked the town on Monday.", "attacked", "asserted"),
        ("Russia did not attack the town.", "attack", "negated"),
        ("The government will resume aid to the refugees.", "resume", "intended"),
        ("The two Koreas plan to hold a groundbreaking ceremony next week.", "ceremony", "intended"),
        ("The administration is pushing for the shipment of aid to the North.", "aid", "intended"),
        ("China could impose sanctions on Japan.", "impose", "hypothetical"),
        ("If talks fail, Iran may resume enrichment.", "resume", "hypothetical"),
    ],
)
def test_modality_cues(nlp, sentence, word, expected):
    assert modality_of(nlp, sentence, word) == expected


def test_intent_and_demand_codes_follow_cameo_nesting():
    cues = default_cues()
    assert cues.intended_code("073") == "0333"
    assert cues.intended_code("046") == "036"
    assert cues.intended_code("0611") == "0311" or cues.intended_code("061") == "0311"
    assert cues.demanded_code("085") == "1054"
    assert cues.intended_code("190") == "1384"
    assert cues.intended_code("111") is None


def test_bad_cue_file_names_file_and_line(tmp_path):
    (tmp_path / "cues.tsv").write_text("future\twill\nsometimes\tmaybe\n")
    (tmp_path / "intent_codes.tsv").write_text("04\t036\t108\n")
    with pytest.raises(KnowledgeError, match=r"cues.tsv:2"):
        Cues.load(tmp_path)
