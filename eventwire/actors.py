"""Who each noun phrase of a report is: actor mentions resolved within one document.

Resolution runs in layers over a parsed spaCy Doc, each using what the earlier ones found:
1. known names (countries, capitals and seats, organisations, people) by longest token match;
   document-dependent forms ("the North") only when the document names that country elsewhere;
   a name that qualifies someone else ("pro-Russian", "Iranian-backed") is no actor; place
   entities no name matched are tried as misspelt countries and gazetteer places;
2. people: known full names get the role active on the publication date; unknown PERSON
   entities, surnames ("Lee" = the last Lee named in full) and misspellings ("Beigun") are
   tied to the person they refer to;
3. generic agents ("ministry", "troops") take their country from a modifier in their own phrase
   ("Seoul's top nuclear envoy", "Officials from the White House", "his government"), else from
   the document's home country; titles and appositions pass country and sector to people;
4. pronouns take the most recent compatible actor, preferring the subject of the governing
   clause ("The North claims it ...") and then the previous sentence's subject.
Spans are tight and a modifier absorbed into an agent phrase is not reported twice, so an event
coder can take the mention at an argument's head.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils
from spacy.tokens import Doc, Span, Token

from eventwire.knowledge import AgentTerm, Entry, Knowledge, case_ok
from eventwire.records import Actor

MALE_FEMALE = frozenset({"he", "him", "his", "she", "her", "hers"})
PLURAL = frozenset({"they", "them", "their"})
NEUTER = frozenset({"it", "its"})
POSSESSIVE = frozenset({"his", "her", "its", "their"})
INSTITUTIONS = frozenset({
    "government", "ministry", "administration", "office", "regime", "cabinet", "department", "embassy",
    "court", "parliament", "party", "army", "military", "police", "navy", "media", "agency", "company",
    "firm", "bank", "union", "church", "university", "presidency", "leadership", "junta", "opposition",
    "legislature", "congress", "senate", "assembly", "council", "delegation", "authority", "authorities",
})
"""Agent heads that denote a body rather than a person: "it", not "he"."""
MOD_PREPOSITIONS = frozenset({"from", "of", "in"})
STANCE_PREFIXES = frozenset({"pro", "anti"})
SPONSOR_SUFFIXES = frozenset({"backed", "sponsored", "supported", "allied", "aligned", "funded", "friendly",
                              "occupied", "controlled", "held", "based"})
PERSON_FUZZ = 88
SURNAME_FUZZ = 80
COUNTRY_FUZZ = 88


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    start_char: int
    end_char: int
    actors: tuple[Actor, ...]
    kind: str  # name | alias | agent | pronoun | coref


@dataclass(eq=False)
class _Ref:
    """One referent during resolution; shared by every mention of the same person."""

    name: str
    code: str | None = None
    sector: str | None = None
    is_person: bool = False


@dataclass(eq=False)
class _Mention:
    start: int
    end: int
    kind: str
    refs: list[_Ref]
    entry: Entry | None = None
    agent: AgentTerm | None = None
    absorbed: bool = False
    plural: bool = False

    @property
    def is_person(self) -> bool:
        return len(self.refs) == 1 and self.refs[0].is_person


@dataclass(eq=False)
class _State:
    doc: Doc
    knowledge: Knowledge
    published: dt.date | None
    mentions: list[_Mention] = field(default_factory=list)
    owner: dict[int, _Mention] = field(default_factory=dict)  # token index -> mention covering it

    def add(self, m: _Mention) -> None:
        self.mentions.append(m)
        for i in range(m.start, m.end):
            self.owner[i] = m

    def free(self, start: int, end: int) -> bool:
        return all(i not in self.owner for i in range(start, end))

    def mention_at(self, token: Token) -> _Mention | None:
        return self.owner.get(token.i)


def resolve_actors(doc: Doc, knowledge: Knowledge, published: dt.date | None,
                   home_country: str | None = None) -> tuple[ActorMention, ...]:
    """All actor mentions in the doc, sorted by start; home_country = the dateline country, used for
    agents with no country word ("the unification ministry")."""
    st = _State(doc, knowledge, published)
    lower = [t.lower_ for t in doc]
    _match_names(st, lower)
    counts = Counter(c for m in st.mentions if m.entry and m.entry.kind != "person" for c in m.entry.codes)
    _match_context_names(st, lower, counts)
    _match_places(st)
    _match_people(st)
    dominant = [c for c, n in counts.most_common(1) if n >= 2 and knowledge.is_country(c)]
    fallback = home_country or (dominant[0] if dominant else None)
    pending = _match_agents(st, lower)
    _resolve_agents(st, pending, fallback)
    _name_people(st)
    _resolve_pronouns(st)
    return tuple(_emit(st, m) for m in sorted(st.mentions, key=lambda m: m.start) if not m.absorbed and m.refs)


# -- layer 1: names -------------------------------------------------------------------------------

def _not_the_actor(lower: list[str], start: int, end: int) -> bool:
    """'pro-Russian separatists', 'Iranian-backed militias': the name qualifies someone else."""
    before = start >= 2 and lower[start - 1] == "-" and lower[start - 2] in STANCE_PREFIXES
    after = end + 1 < len(lower) and lower[end] == "-" and lower[end + 1] in SPONSOR_SUFFIXES
    return before or after


def _name_hits(k: Knowledge, doc: Doc, lower: list[str], i: int):
    """(length, entry) for names starting at token i, longest first, when the text's case fits;
    a single token such as "U.S.-led" is looked up by the part before its hyphen."""
    for n, (pattern, entry) in k.names.longest_at(lower, i):
        if case_ok(pattern, [t.text for t in doc[i:i + n]]):
            yield n, entry
    head, sep, tail = lower[i].rpartition("-")
    if sep and head and tail not in SPONSOR_SUFFIXES:
        hit = k.names.get((head,))
        if hit is not None and case_ok(hit[0], [doc[i].text[:len(head)]]):
            yield 1, hit[1]


def _match_names(st: _State, lower: list[str]) -> None:
    k, doc = st.knowledge, st.doc
    persons = [e for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
    i = 0
    while i < len(doc):
        step = 1
        for n, entry in _name_hits(k, doc, lower, i):
            if _not_the_actor(lower, i, i + n):
                st.add(_Mention(i, i + n, "name", []))  # blocks later layers; never reported
                step = n
                break
            inside_person = any(e.start <= i and i + n <= e.end and (e.end - e.start) > n for e in persons)
            if inside_person and entry.kind not in ("person", "adjective"):
                continue  # "Jordan" in "Michael Jordan"; but "Bosnian Serbs" is no person
            if entry.kind == "person":
                code, sector = k.person_at(entry.name, st.published)
                refs = [_Ref(entry.name, code, sector, is_person=True)]
            else:
                last = doc[i + n - 1]
                # a plural demonym standing as a noun is the people: "Libyans", "Bosnian Serbs"
                people = (entry.kind == "adjective" and last.tag_ in ("NNS", "NNPS")
                          and last.dep_ not in ("amod", "compound"))
                refs = [_Ref(entry.name, c, "CVL" if people else entry.sector) for c in entry.codes]
            kind = "name" if doc[i:i + n].text == entry.name else "alias"
            plural = len(refs) > 1 or doc[i + n - 1].tag_ in ("NNS", "NNPS")
            st.add(_Mention(i, i + n, kind, refs, entry=entry, plural=plural))
            step = n
            break
        i += step


def _match_context_names(st: _State, lower: list[str], counts: Counter) -> None:
    """'the North' is North Korea only in a document that names North Korea."""
    k, doc = st.knowledge, st.doc
    i = 0
    while i < len(doc):
        step = 1
        for n, options in k.context_names.longest_at(lower, i):
            if not st.free(i, i + n):
                continue
            named = [(counts[e.codes[0]], e) for pattern, e in options
                     if counts[e.codes[0]] > 0 and case_ok(pattern, [t.text for t in doc[i:i + n]])]
            if named:
                entry = max(named, key=lambda x: x[0])[1]
                st.add(_Mention(i, i + n, "coref", [_Ref(entry.name, entry.codes[0], entry.sector)], entry=entry))
                step = n
                break
        i += step


def _match_places(st: _State) -> None:
    """Place entities no name matched: a misspelt country ("Afganistan") or a gazetteer place,
    which stands for its country as in PETRARCH ("Samarra" -> IRQ)."""
    k = st.knowledge
    forms = list(k.country_forms)
    for ent in st.doc.ents:
        if ent.label_ not in ("GPE", "NORP", "LOC") or not st.free(ent.start, ent.end) or not ent.text[:1].isupper():
            continue
        text = " ".join(k.key(ent.text))
        best = process.extractOne(text, forms, scorer=fuzz.ratio, score_cutoff=COUNTRY_FUZZ) if len(text) >= 5 else None
        if best is not None:
            entry = k.country_forms[best[0]]
            st.add(_Mention(ent.start, ent.end, "alias", [_Ref(entry.name, entry.codes[0])], entry=entry))
            continue
        place = k.place(ent.text)
        if place is not None and place.country:
            st.add(_Mention(ent.start, ent.end, "alias", [_Ref(place.name, place.country)]))


# -- layer 2: people ------------------------------------------------------------------------------

def _name_keys(name: str) -> set[str]:
    parts = name.split()
    return {parts[0].lower(), parts[-1].lower()} if len(parts) > 1 else set()


def _person_spans(doc: Doc) -> dict[int, Span]:
    """PERSON entities, trimmed of a leading determiner ("the Kim Jong-un regime") and extended
    over hyphenated given names the tagger splits off ("Lee" + "Do-hoon")."""
    spans: dict[int, Span] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, end = ent.start, ent.end
        while start < end and doc[start].pos_ == "DET":
            start += 1
        while (end + 2 < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha
               and doc[end + 1].text == "-" and not doc[end].whitespace_ and not doc[end + 1].whitespace_
               and doc[end + 2].is_lower and doc[end + 2].is_alpha):
            end += 3
        if start < end:
            spans[start] = doc[start:end]
    return spans


def _match_people(st: _State) -> None:
    """Walk person references in text order, so a surname finds the last full name before it."""
    k, doc = st.knowledge, st.doc
    person_ents = _person_spans(doc)
    seen: dict[str, _Ref] = {}  # name part -> referent, latest wins
    names = list(k.person_forms)
    i = 0
    while i < len(doc):
        m = st.owner.get(i)
        if m is not None:
            if m.start == i and m.is_person:
                for key in _name_keys(m.refs[0].name) | _name_keys(doc[m.start:m.end].text):
                    seen[key] = m.refs[0]
            i = m.end if m.start == i else i + 1
            continue
        ent = person_ents.get(i)
        if ent is not None and len(ent) > 1 and st.free(ent.start, ent.end):
            ref = _person_ref(st, ent.text, names, seen)
            kind = "name" if ref.name == ent.text else "alias"
            st.add(_Mention(ent.start, ent.end, kind, [ref]))
            for key in _name_keys(ref.name) | _name_keys(ent.text):
                seen[key] = ref
            i = ent.end
            continue
        tok = doc[i]
        if (ent is not None or tok.pos_ == "PROPN") and tok.text[:1].isupper() and tok.is_alpha:
            ref = _surname_ref(st, tok, seen, is_person_ent=ent is not None)
            if ref is not None:
                st.add(_Mention(i, i + 1, "coref", [ref]))
            elif ent is not None and k.place(tok.text) is None:
                ref = _Ref(tok.text, is_person=True)
                st.add(_Mention(i, i + 1, "name", [ref]))
                seen[tok.lower_] = ref
        i += 1


def _person_ref(st: _State, text: str, names: list[str], seen: dict[str, _Ref]) -> _Ref:
    """A full name: a known person (spelling tolerated), a person named earlier, or a new one."""
    k = st.knowledge
    best = process.extractOne(text, names, scorer=fuzz.ratio, processor=utils.default_process,
                              score_cutoff=PERSON_FUZZ) if names else None
    if best is not None:
        name = k.person_forms[best[0]]
        code, sector = k.person_at(name, st.published)
        return _Ref(name, code, sector, is_person=True)
    for ref in seen.values():
        if fuzz.ratio(ref.name, text, processor=utils.default_process) >= PERSON_FUZZ:
            return ref
    return _Ref(text, is_person=True)


def _surname_ref(st: _State, tok: Token, seen: dict[str, _Ref], is_person_ent: bool) -> _Ref | None:
    """'Lee' -> the last person named in full with that part; 'Beigun' -> 'Biegun' by spelling;
    else a known person who is the only one with that surname (PERSON entities only)."""
    key = tok.lower_
    if key in seen:
        return seen[key]
    if len(key) >= 5:
        best = process.extractOne(key, list(seen), scorer=fuzz.ratio, score_cutoff=SURNAME_FUZZ)
        if best is not None:
            return seen[best[0]]
    owners = st.knowledge.surnames.get(key, ())
    if is_person_ent and len(owners) == 1:
        code, sector = st.knowledge.person_at(owners[0], st.published)
        ref = _Ref(owners[0], code, sector, is_person=True)
        seen[key] = ref
        return ref
    return None


# -- layer 3: agents ------------------------------------------------------------------------------

@dataclass(eq=False)
class _Pending:
    mention: _Mention
    agent: AgentTerm
    head: Token
    title_of: _Mention | None


def _match_agents(st: _State, lower: list[str]) -> list[_Pending]:
    k, doc = st.knowledge, st.doc
    found: list[_Pending] = []
    i = 0
    while i < len(doc):
        step = 1
        for n, agent in k.agents.longest_at(lower, i):
            if not st.free(i, i + n):
                continue
            head = doc[i:i + n].root
            if head.pos_ not in ("NOUN", "PROPN") and (n == 1 or head.pos_ in ("VERB", "ADP", "AUX")):
                continue
            title_of = None
            if head.dep_ in ("compound", "amod", "nmod") or (head.i + 1 < len(doc) and doc[head.i + 1].pos_ == "PROPN"):
                owner = st.mention_at(head.head) or (st.mention_at(doc[head.i + 1]) if head.i + 1 < len(doc) else None)
                if owner is None or not owner.is_person:
                    if head.dep_ in ("compound", "amod", "nmod"):
                        continue  # modifies another noun: "government troops" is about the troops
                else:
                    title_of = owner  # "Foreign Minister Wang Yi": a title for that person
            m = _Mention(i, i + n, "agent", [], agent=agent, plural=head.tag_ == "NNS")
            found.append(_Pending(m, agent, head, title_of))
            for j in range(i, i + n):
                st.owner[j] = m
            step = n
            break
        i += step
    return found


def _reaches(token: Token, target: Token, limit: int = 4) -> bool:
    for _ in range(limit):
        if token == target:
            return True
        if token.head == token:
            return False
        token = token.head
    return token == target


def _left_modifiers(st: _State, p: _Pending) -> list[_Mention]:
    """Name mentions before the agent in its own phrase: "Seoul's top nuclear envoy"."""
    left = p.head.left_edge.i
    mods: list[_Mention] = []
    for j in range(left, p.mention.start):
        m = st.owner.get(j)
        if m is not None and m.start == j and m.agent is None and m.refs \
                and _reaches(st.doc[m.start:m.end].root, p.head):
            mods.append(m)
    return mods


def _right_modifier(st: _State, p: _Pending) -> _Mention | None:
    """'Officials from the White House', 'the foreign minister of Japan', 'police in Kenya' (but
    not 'troops in Afghanistan', often foreign troops); 'for' only with a named body ('a spokesman
    for the UN refugee agency'), since 'the envoy for North Korea' names a topic, not an owner."""
    preps = MOD_PREPOSITIONS - {"in"} if p.agent.sector == "MIL" else MOD_PREPOSITIONS
    for child in p.head.rights:
        if child.dep_ == "prep" and (child.lower_ in preps or child.lower_ == "for"):
            for tok in child.subtree:
                m = st.owner.get(tok.i)
                if m is None or m.agent is not None or not m.refs or m.is_person:
                    continue
                if child.lower_ == "for" and (m.entry is None or m.entry.kind != "named"):
                    break
                return _group(st, m)  # "the foreign ministers of France and Germany"
    return None


def _refs_from(mods: list[_Mention], agent: AgentTerm, doc: Doc) -> list[_Ref]:
    """Actors an agent takes from modifiers: all of them when coordinated ("Hungarian and
    Romanian officials"), else the nearest one."""
    usable = [m for m in mods if any(r.code for r in m.refs)]
    if not usable:
        return []
    coordinated = len(usable) > 1 and any(t.dep_ == "cc" for t in doc[usable[0].start:usable[-1].end + 1])
    chosen = usable if coordinated else usable[-1:]
    refs: list[_Ref] = []
    for m in chosen:
        for r in m.refs:
            if r.code is None:
                continue
            is_body = m.entry is not None and m.entry.kind == "named" and m.entry.sector in ("IGO", "NGO")
            org_sector = m.entry.sector if is_body else None
            refs.append(_Ref(m.refs[0].name if m.is_person else r.name, r.code, org_sector or agent.sector))
    return refs


def _resolve_agents(st: _State, pending: list[_Pending], fallback: str | None) -> None:
    doc = st.doc
    for p in pending:
        agent, m = p.agent, p.mention
        left = _left_modifiers(st, p)
        refs = _refs_from(left, agent, doc)
        if refs:
            m.start = min([m.start, *(x.start for x in left if not x.is_person)])
            for x in left:
                if not x.is_person:
                    x.absorbed = True
                    for j in range(x.start, x.end):
                        st.owner[j] = m
        else:
            right = _right_modifier(st, p)
            if right is not None:
                refs = _refs_from([right], agent, doc)
        if not refs and agent.country:
            refs = [_Ref(agent.term, agent.country, agent.sector)]
        if not refs:
            refs = _refs_from([x for x in _apposed(st, p) if x.is_person], agent, doc)
        if not refs and any(c.dep_ == "poss" and c.lower_ in POSSESSIVE for c in p.head.children):
            pron = next(c for c in p.head.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE)
            antecedent = _antecedent(st, pron)
            if antecedent is not None:
                refs = [_Ref(agent.term, r.code, agent.sector) for r in antecedent.refs if r.code]
                m.start = min(m.start, pron.i)
        stated = bool(refs)
        if not refs and fallback and agent.sector not in ("IGO", "NGO"):
            refs = [_Ref(agent.term, fallback, agent.sector)]
        if not refs:
            refs = [_Ref(agent.term, None, agent.sector)]
        m.refs = refs
        person = p.title_of or next(iter(x for x in _apposed(st, p) if x.is_person), None)
        if person is not None:
            _inform(person.refs[0], refs[0], stated)
            for r in refs:
                r.name = person.refs[0].name
        if p.title_of is not None:
            m.absorbed = True  # the person mention carries the title's information
        st.mentions.append(m)


def _name_people(st: _State) -> None:
    """An unknown person modified by a name takes its country: "Russia's Vladimir Putin",
    "UN Secretary-General Antonio Guterres" (and the body's sector when it names one)."""
    for m in st.mentions:
        if not m.is_person or m.refs[0].code is not None:
            continue
        root = st.doc[m.start:m.end].root
        for child in root.children:
            mod = st.owner.get(child.i)
            if child.i < m.start and child.dep_ in ("compound", "poss", "amod", "nmod") and mod is not None \
                    and mod.entry is not None and not mod.is_person and len(mod.refs) == 1:
                m.refs[0].code = mod.refs[0].code
                if mod.entry.kind == "named" and (m.refs[0].sector is None or mod.entry.sector in ("IGO", "NGO")):
                    m.refs[0].sector = mod.entry.sector
                break


def _apposed(st: _State, p: _Pending) -> list[_Mention]:
    """Mentions in apposition with the agent's phrase, either direction."""
    out = []
    head = p.head
    for tok in [*(c for c in head.children if c.dep_ == "appos"), *([head.head] if head.dep_ == "appos" else [])]:
        m = st.owner.get(tok.i)
        if m is not None and m is not p.mention:
            out.append(m)
    return out


def _inform(person: _Ref, role: _Ref, stated: bool) -> None:
    """Give an unknown person the country and sector their title or apposition states. A country
    the agent only took from the home-country fallback is not passed on: a title alone ("President
    Donald Trump" in a Seoul report) does not say whose president."""
    if person.code is None and role.code is not None and stated:
        person.code = role.code
    if person.sector is None:
        person.sector = role.sector


# -- layer 4: pronouns ----------------------------------------------------------------------------

def _compatible(m: _Mention, pron: str, doc: Doc) -> bool:
    """Number and person agreement. A referent of unknown country still counts: a pronoun that
    points to someone unknown stays unknown rather than jumping to an earlier, known actor."""
    if not m.refs or m.absorbed:
        return False
    head = doc[m.start:m.end].root
    if pron in MALE_FEMALE:
        return m.is_person or (m.agent is not None and not m.plural and head.lower_ not in INSTITUTIONS)
    if pron in PLURAL:
        return len(m.refs) > 1 or m.plural
    return not m.is_person and len(m.refs) == 1 and (m.agent is None or head.lower_ in INSTITUTIONS)


def _group(st: _State, m: _Mention) -> _Mention:
    """'South Korea and the U.S.' as one plural antecedent."""
    head = st.doc[m.start:m.end].root
    members = [m]
    for conj in head.conjuncts:
        other = st.owner.get(conj.i)
        if other is not None and other is not m and other.refs and not other.absorbed:
            members.append(other)
    if len(members) == 1:
        return m
    refs = [r for x in members for r in x.refs]
    return _Mention(m.start, m.end, "coref", refs, plural=True)


def _antecedent(st: _State, pron: Token) -> _Mention | None:
    """Conservative: "it" only as the subject of a clause governed by a compatible subject ("The
    North claims it has done enough"); "its" also within its sentence; "they" also the previous
    sentence's subject; "he"/"his" also any person of the previous sentence."""
    doc, lower = st.doc, pron.lower_
    sent = pron.sent
    subject = pron.dep_ in ("nsubj", "nsubjpass")
    if lower == "it" and not subject:
        return None
    node = pron.head
    while subject and node.head != node and node.sent == sent:
        node = node.head
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i < pron.i:
                m = st.owner.get(child.i)
                if m is not None:
                    cand = _group(st, m)
                    if _compatible(cand, lower, doc):
                        return cand
    if lower == "it":
        return None
    before = [_group(st, m) for m in sorted(st.mentions, key=lambda m: -m.start)
              if sent.start <= m.start and m.end <= pron.i]
    compatible = [m for m in before if _compatible(m, lower, doc)]
    if compatible:  # a named person first: "Beigun, Washington's envoy, ... his government"
        return next((m for m in compatible if m.is_person), compatible[0])
    fronted = _fronted_subject(st, pron)
    if fronted is not None and _compatible(fronted, lower, doc):
        return fronted  # "Starting his visit to Seoul, Beigun ..."
    if lower == "its" or sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    in_prev = sorted((m for m in st.mentions if prev.start <= m.start and m.end <= prev.end), key=lambda m: -m.start)
    subjects = [m for m in in_prev if doc[m.start:m.end].root.dep_ in ("nsubj", "nsubjpass")]
    for m in subjects if lower in PLURAL else [*subjects, *in_prev]:
        cand = _group(st, m)
        if _compatible(cand, lower, doc):
            return cand
    return None


def _fronted_subject(st: _State, pron: Token) -> _Mention | None:
    """The main subject after a fronted clause that holds the pronoun."""
    root = pron.sent.root
    for clause in root.children:
        if clause.dep_ in ("advcl", "prep") and clause.left_edge.i <= pron.i <= clause.right_edge.i:
            subj = next((c for c in root.children
                         if c.dep_ in ("nsubj", "nsubjpass") and c.i > clause.right_edge.i), None)
            m = st.owner.get(subj.i) if subj is not None else None
            return _group(st, m) if m is not None else None
    return None


def _resolve_pronouns(st: _State) -> None:
    doc = st.doc
    for tok in doc:
        lower = tok.lower_
        if tok.pos_ != "PRON" or lower not in (MALE_FEMALE | PLURAL | NEUTER) or tok.i in st.owner:
            continue
        if lower in POSSESSIVE and st.owner.get(tok.head.i) is not None and st.owner[tok.head.i].agent is not None:
            continue  # "his American counterpart": the agent phrase already says who
        ante = _antecedent(st, tok)
        if ante is not None and any(r.code for r in ante.refs):
            refs = [_Ref(r.name, r.code, r.sector, r.is_person) for r in ante.refs]
            st.add(_Mention(tok.i, tok.i + 1, "pronoun", refs))


# -- output ---------------------------------------------------------------------------------------

def _emit(st: _State, m: _Mention) -> ActorMention:
    doc = st.doc
    last = doc[m.end - 1]
    start_char, end_char = doc[m.start].idx, last.idx + len(last.text)
    text = doc.text[start_char:end_char]
    actors = []
    for r in m.refs:
        country = r.code if r.code and st.knowledge.is_country(r.code) else None
        org = r.code if r.code and country is None else None
        actors.append(Actor(text=text, name=r.name, country=country, org=org, sector=r.sector))
    return ActorMention(m.start, m.end, start_char, end_char, tuple(dict.fromkeys(actors)), m.kind)
