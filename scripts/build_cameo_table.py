"""Build eventwire/data/cameo.tsv from the shared CAMEO and PLOVER tables.

Run from the repo root: python scripts/build_cameo_table.py [--data ../shared/data]
The package reads only the generated tsv, so the shared data is not needed at run time.

Conventions applied (from CAMEO2PLOVER-2021.txt and the project's EVENTS.md):
- CAMEO 01 (statements) -> STATEMENT and 02 (appeals) -> APPEAL; they have no PLOVER type.
  An appeal takes the context of its parallel intent code (0233 <- 0333).
- The table lists some codes under a root they do not belong to (163 COERCE under 16, 191/192
  COERCE under 17, 175 and 201 ASSAULT under 18): a code's own line always wins.
- Root 08 appears twice (CONCEDE, RETREAT); the root itself is CONCEDE (080 Yield).
- A code the table lacks (155, 176) takes its parent's type, mode and context.
- cameo_codes.txt stops at 1822; the remaining CAMEO 1.1b3 codes (1823-2042) are added from the
  CAMEO manual, with names as the manual gives them.
- Goldstein: a code missing from goldstein.tsv takes its parent's score.
- Quad class (GDELT): roots 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4.
- `default` marks the code used when only a PLOVER type is known.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

MISSING_NAMES = {
    "1823": "Kill by physical assault",
    "183": "Conduct suicide, car, or other non-military bombing, not specified below",
    "1831": "Carry out suicide bombing",
    "1832": "Carry out vehicular bombing",
    "1833": "Carry out roadside bombing",
    "184": "Use as human shield",
    "185": "Attempt to assassinate",
    "186": "Assassinate",
    "19": "FIGHT",
    "190": "Use conventional military force, not specified below",
    "191": "Impose blockade, restrict movement",
    "192": "Occupy territory",
    "193": "Fight with small arms and light weapons",
    "194": "Fight with artillery and tanks",
    "195": "Employ aerial weapons",
    "196": "Violate ceasefire",
    "20": "USE UNCONVENTIONAL MASS VIOLENCE",
    "200": "Use unconventional mass violence, not specified below",
    "201": "Engage in mass expulsion",
    "202": "Engage in mass killings",
    "203": "Engage in ethnic cleansing",
    "204": "Use weapons of mass destruction, not specified below",
    "2041": "Use chemical, biological, or radiological weapons",
    "2042": "Detonate nuclear weapons",
}

DEFAULTS = {
    "STATEMENT": "010", "APPEAL": "020", "AGREE": "030", "CONSULT": "040", "SUPPORT": "050",
    "COOPERATE": "060", "AID": "070", "CONCEDE": "080", "RETREAT": "084", "ACCUSE": "112",
    "REQUEST": "100", "REJECT": "120", "THREATEN": "130", "PROTEST": "140", "MOBILIZE": "150",
    "SANCTION": "160", "COERCE": "170", "ASSAULT": "190",
}


def parent(code: str) -> str:
    """CAMEO hierarchy: 0333 -> 033 -> 03; 040 -> 04."""
    return code[:3] if len(code) == 4 else code[:2]


def quad_class(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def read_names(path: Path) -> dict[str, str]:
    names = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            code, name = line.split(":", 1)
            names[code.strip()] = name.strip()
    for code, name in MISSING_NAMES.items():
        names.setdefault(code, name)
    return dict(sorted(names.items(), key=lambda kv: (kv[0][:2], kv[0][2:].ljust(2, " "))))


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    table: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+):\s*(.*)$", line)
        if not m:
            continue
        code, rest = m.groups()
        fields = [f.strip() for f in rest.split("#", 1)[0].split(",")]
        fields += [""] * (3 - len(fields))
        plover, mode, context = fields[0], fields[1], ";".join(c.strip() for c in fields[2].split(";") if c.strip())
        table.setdefault(code, (plover, mode, context))  # first line wins (root 08 -> CONCEDE)
    return table


def read_goldstein(path: Path) -> dict[str, float]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return {code.strip(): float(score) for code, score in rows}


def build(data: Path) -> list[list[str]]:
    names = read_names(data / "cameo/cameo_codes.txt")
    plover = read_plover(data / "cameo/CAMEO2PLOVER-2021.txt")
    goldstein = read_goldstein(data / "cameo/goldstein.tsv")
    rows = []
    for code, name in names.items():
        if code.startswith("01"):
            entry = ("STATEMENT", "", "")
        elif code.startswith("02"):
            intent = plover.get("03" + code[2:], ("", "", ""))
            entry = ("APPEAL", "", intent[2] if len(code) > 2 else "")
        else:
            lookup = code
            while lookup not in plover:
                lookup = parent(lookup)
            entry = plover[lookup] if lookup == code else (plover[lookup][0], "", "")
        score_code = code
        while score_code not in goldstein:
            score_code = parent(score_code)
        is_default = "1" if DEFAULTS.get(entry[0]) == code else ""
        rows.append([code, name, *entry, f"{goldstein[score_code]:g}", str(quad_class(code)), is_default])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "eventwire" / "data" / "cameo.tsv")
    args = ap.parse_args()
    rows = build(args.data)
    header = "# CAMEO 1.1b3 codes with PLOVER type/mode/context, Goldstein score and GDELT quad class.\n" \
             "# Generated by scripts/build_cameo_table.py; sources: CAMEO manual (Schrodt et al.), " \
             "openeventdata/PLOVER CAMEO2PLOVER-2021 (CC BY-SA 4.0), GDELT Goldstein table.\n"
    lines = ["\t".join(["code", "name", "plover", "mode", "context", "goldstein", "quad_class", "default"])]
    lines += ["\t".join(r) for r in rows]
    args.out.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} codes to {args.out}")


if __name__ == "__main__":
    main()
