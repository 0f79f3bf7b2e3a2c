"""Write eventwire/data/actors/people_phoenix.tsv from PETRARCH2's CountryInfo leaders.

Run from the repo root: python scripts/convert_phoenix_people.py [--source .../Phoenix.Countries.actors.txt]
Source: openeventdata/petrarch2@676801c Phoenix.Countries.actors.txt (generated 2014-01-30 from
CountryInfo.140130.txt), MIT, Copyright (c) 2014 Open Event Data Alliance.

Why: `people.tsv` is curated for G20 and Korea-neighbour office holders; CountryInfo lists the
heads of state, ministers and party leaders of every country, so "President Abdelaziz
Bouteflika" gets DZA. What is converted, and how:
- only entries marked `# CountryInfo.txt` (people, not country names or groups);
- people already in `people.tsv` are skipped: the curated rows win;
- a role `[DZAGOV 920111-940131]` becomes a row with ISO dates (two-digit years above 30 are
  19xx); `>990427` has no end in the source, and since the source stops on 2014-01-30 the row ends
  there (outside every role a person keeps their country as ELI, see the actors README);
- a bare `[DZAELI]` (the source's default role) is kept only for a person with no dated role;
- country codes unknown to `countries.tsv` and sectors unknown to eventwire are skipped / made ELI.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DATE = "2014-01-30"
SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "OPP", "REB", "SPY", "MED", "BUS", "NGO", "IGO",
           "CVL", "REF", "LAB", "EDU", "REL", "CRM", "ELI"}
ROLE = re.compile(r"\[([A-Z]{3})([A-Z]{3})?\s*([<>]?\d{6})?(?:-(\d{6}))?\]")
HEADER = ("name", "aliases", "country", "sector", "role", "start", "end")


def iso(yymmdd: str) -> str:
    yy, mm, dd = int(yymmdd[:2]), yymmdd[2:4], yymmdd[4:6]
    return f"{1900 + yy if yy > 30 else 2000 + yy}-{mm}-{dd}"


def display(raw: str) -> str:
    """ABDELAZIZ_BOUTEFLIKA_ -> Abdelaziz Bouteflika."""
    words = raw.strip("_+ ").replace("_", " ").split()
    return " ".join("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")) for word in words)


def parse(source: Path) -> list[tuple[str, list[str], list[tuple[str, str, str, str]]]]:
    """(name, aliases, roles) of every CountryInfo person; a role is (country, sector, start, end)."""
    people: list[tuple[str, list[str], list[tuple[str, str, str, str]]]] = []
    current = None
    for raw in source.read_text(encoding="utf-8", errors="replace").splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        if not raw[0].isspace() and not raw.startswith("+"):
            current = (display(raw.split("#")[0]), [], []) if "# CountryInfo.txt" in raw else None
            if current is not None:
                people.append(current)
        elif current is not None and raw.startswith("+"):
            current[1].append(display(raw.split("#")[0]))
        elif current is not None:
            for country, sector, start, end in ROLE.findall(raw):
                if start.startswith(">"):
                    start, end = iso(start[1:]), SOURCE_DATE
                elif start.startswith("<"):
                    start, end = "", iso(start[1:])
                else:
                    start, end = (iso(start) if start else ""), (iso(end) if end else "")
                current[2].append((country, sector or "ELI", start, end))
    return people


def rows(people, countries: set[str], curated: set[str]) -> list[tuple[str, ...]]:
    out = []
    for name, aliases, roles in people:
        if not name or name.lower() in curated or any(a.lower() in curated for a in aliases):
            continue
        roles = [r for r in roles if r[0] in countries]
        dated = [r for r in roles if r[2] or r[3]]
        kept = dated or roles[:1]
        for country, sector, start, end in kept:
            if start and end and end < start:
                continue
            out.append((name, "|".join(a for a in aliases if a != name), country,
                        sector if sector in SECTORS else "ELI", "CountryInfo 2014", start, end))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path,
                    default=ROOT.parent / "shared/data/dictionaries/petrarch2/Phoenix.Countries.actors.txt")
    ap.add_argument("--out", type=Path, default=ROOT / "eventwire/data/actors/people_phoenix.tsv")
    args = ap.parse_args()
    actors = ROOT / "eventwire/data/actors"

    def table(path: Path) -> list[dict[str, str]]:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))

    countries = {r["code"] for r in table(actors / "countries.tsv")}
    curated = {form.lower() for r in table(actors / "people.tsv") for form in [r["name"], *r["aliases"].split("|")] if form}
    converted = rows(parse(args.source), countries, curated)
    with args.out.open("w", encoding="utf-8") as out:
        out.write("# Converted from PETRARCH2 Phoenix.Countries.actors.txt (CountryInfo, 2014-01-30) by\n"
                  "# scripts/convert_phoenix_people.py; MIT, Copyright (c) 2014 Open Event Data Alliance.\n"
                  "# Regenerate rather than edit: curated corrections belong in people.tsv, which wins.\n")
        out.write("\t".join(HEADER) + "\n")
        out.writelines("\t".join(row) + "\n" for row in converted)
    print(f"wrote {len(converted)} roles of {len({r[0] for r in converted})} people to {args.out}")


if __name__ == "__main__":
    main()
