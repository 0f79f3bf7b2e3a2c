"""Stage: annotated doc -> event candidates, one per trigger mention.

For every trigger the lexicon finds in a sentence, read who did it (subject, agent, possessor,
"between X and Y"), to whom (object, "with/to/against/on X"), how surely (modality), when
(dates), where (place phrase, else dateline) and about what (contexts). A candidate is one
mention; `eventwire.merge` joins the mentions of one real-world event.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from eventwire.actors import ActorMention, resolve_actors
from eventwire.contexts import Contexts
from eventwire.dates import ResolvedDate, event_date
from eventwire.knowledge import Knowledge
from eventwire.lexicon import Lexicon, Trigger
from eventwire.modality import Cues
from eventwire.ontology import Ontology
from eventwire.records import Actor, Article, Location, Mention, Modality

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
INHERITS_SUBJECT = frozenset({"acomp", "xcomp", "conj", "advcl", "acl", "prep", "pobj", "dobj", "pcomp", "attr", "oprd", "compound", "npadvmod", "appos"})
TARGET_PREPOSITIONS = frozenset({"with", "to", "against", "on", "for", "toward", "towards", "into", "at", "from", "upon", "over"})
TOPIC_PREPOSITIONS = frozenset({"on", "about", "over", "regarding", "concerning"})
TOPIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "STATEMENT", "APPEAL", "CONCEDE"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside"})
PLACE_SEARCH_DEPTH = 6
"""Dependency steps searched for a place phrase (a preposition and its object are two steps)."""
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TAKING_PLACE = MappingProxyType({"hold": None, "take": "place"})
"""Verbs (and the object they need) by which a next sentence says where an event happens:
"It will be held at Panmun Station", "The talks will take place in Geneva"."""
HOSTED_CODES = frozenset({"042", "0331", "044"})
"""Visits and meetings abroad: the place names the host when the text names no one."""
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "ASSAULT", "AID"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "you", "our", "my", "your"})
MAX_GOVERNOR_STEPS = 8
FRAMING_ROOTS = MappingProxyType({"01": None, "03": "intended", "10": "demanded"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "attr", "oprd", "compound", "amod", "nmod", "mark"})
"""Dependencies that lead from a verb of saying, intending or demanding into what is said."""
EMBEDDING_DEPS = COMPLEMENT_DEPS | {"advcl", "nsubj", "nsubjpass", "npadvmod", "poss", "appos"}
"""Dependencies that lead from an event into its content, purpose or manner."""
CORE_NOUN_DEPS = frozenset({"dobj", "attr", "oprd", "xcomp", "compound", "conj", "nsubjpass", "appos"})
NOUN_LINK_PREPOSITIONS = frozenset({"for", "on", "upon", "about", "of", "to", "toward", "towards", "with", "in"})
"""A noun trigger takes its clause's subject only through these links: "held talks",
"pushing for the shipment of aid" - not "amid months of quiet in related dialogue"."""
DENIALS = frozenset({"016"})
"""A denial ("denied targeting civilians") reports that the framed action did not happen."""
FUNCTION_POS = frozenset({"ADP", "PART", "SCONJ", "AUX"})
"""Words of a framing pattern that carry no content ("plan to", "push for", "signal that")."""
NAMED_THINGS = frozenset({"EVENT", "ORG", "LAW", "WORK_OF_ART", "FAC", "PRODUCT"})


@dataclass(frozen=True)
class Resources:
    """Everything the coder reads besides the text: loaded once, shared by all documents."""

    knowledge: Knowledge
    lexicon: Lexicon
    ontology: Ontology
    contexts: Contexts
    cues: Cues


@dataclass(frozen=True)
class Candidate:
    """One mention of one event, before mentions of the same event are merged."""

    event_type: str
    cameo: str
    mode: str
    modality: Modality
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    reciprocal: bool
    date: ResolvedDate | None
    planned: ResolvedDate | None
    location: Location | None
    contexts: tuple[str, ...]
    mention: Mention
    sentence_text: str
    pattern_words: int
    confidence: float


def find_candidates(doc: Doc, article: Article, res: Resources) -> list[Candidate]:
    """All event candidates of a parsed article, in text order."""
    mentions = resolve_actors(doc, res.knowledge, article.published, home_country=_home_country(doc, article, res.knowledge))
    reader = _ArgumentReader(mentions)
    dateline = _dateline_location(article, res.knowledge)
    candidates: list[Candidate] = []
    for index, sent in enumerate(doc.sents):
        triggers = res.lexicon.triggers(sent)
        framers = {t.head: t for t in triggers}
        framed_done: set[int] = set()
        selected = _select_triggers(doc, triggers, res.cues)
        for trigger, framing in selected:
            candidate = _code_trigger(doc, sent, index, trigger, framing, reader, res, article, dateline)
            if candidate is not None:
                candidates.append(candidate)
                framed_done.add(framing.by if framing else -1)
        # A framing verb whose framed action yields no event ("agreed upon a pact between the two
        # countries" with no actor inside) is still an event of its own.
        for by in sorted({f.by for _, f in selected if f} - framed_done):
            candidate = _code_trigger(doc, sent, index, framers[by], None, reader, res, article, dateline)
            if candidate is not None:
                candidates.append(candidate)
    return candidates


@dataclass(frozen=True)
class Framing:
    """How an enclosing verb frames a trigger: `kind` intended or demanded, `by` its token index."""

    kind: str | None
    by: int


def _home_country(doc: Doc, article: Article, knowledge: Knowledge) -> str | None:
    """The country a report is about, for actors named without one ("gunmen", "the ministry"):
    the dateline's, else the one its place names point to most often ("in Kaduna")."""
    if article.dateline:
        return knowledge.country_of(article.dateline)
    countries = Counter(code for ent in doc.ents if ent.label_ in PLACE_LABELS
                        if (place := knowledge.place(ent.text)) and (code := place.country))
    return countries.most_common(1)[0][0] if countries else None


def _select_triggers(doc: Doc, triggers: list[Trigger], cues: Cues) -> list[tuple[Trigger, Framing | None]]:
    """Keep one trigger per action, and say how an enclosing trigger frames it.

    The lexicon lists the most specific pattern first per head. A word already inside a longer
    pattern, or inside a named entity ("the Korean War", "the World Food Programme"), is not a
    trigger of its own. When one trigger governs another, CAMEO's nesting decides: a statement
    (01) or intent (03) frames the action in its complement ("vowed to resume aid" is an intent
    to give aid), a demand (10) asks for it, a denial (016) takes it back; any other governor (meet, accuse, reject, attack) is
    the event itself and the inner action only its content or purpose.
    """
    kept: list[Trigger] = []
    heads: set[int] = set()
    for trigger in triggers:
        if trigger.head not in heads and not _is_name(doc[trigger.head]):
            heads.add(trigger.head)
            kept.append(trigger)
    inside = {i for t in kept for i in t.tokens if i != t.head}
    kept = [t for t in kept if t.head not in inside]
    framing: dict[int, Framing | None] = {t.head: None for t in kept}
    dropped: set[int] = set()
    for outer in kept:
        root = outer.cameo[:2]
        frames = root in FRAMING_ROOTS and (root == "01" or all(doc[i].pos_ in FUNCTION_POS for i in outer.tokens if i != outer.head))
        anchor = doc[outer.head] if frames else _clause_verb(doc[outer.head])
        for inner in kept:
            if inner is outer or inner.head in dropped:
                continue
            if frames and _governs(anchor, doc[inner.head], COMPLEMENT_DEPS):
                if outer.cameo in DENIALS:
                    dropped.add(inner.head)
                elif _reframes(FRAMING_ROOTS[root], inner.cameo, cues):
                    dropped.add(outer.head)
                    framing[inner.head] = framing[inner.head] or Framing(FRAMING_ROOTS[root], outer.head)
                else:
                    dropped.add(inner.head)
            elif not frames and inner.head != anchor.i and _governs(anchor, doc[inner.head], EMBEDDING_DEPS, conj_inside=True):
                dropped.add(inner.head)
    return [(t, framing[t.head]) for t in kept if t.head not in dropped]


def _reframes(framing: str | None, inner_cameo: str, cues: Cues) -> bool:
    if framing == "intended":
        return inner_cameo.startswith(("03", "13")) or cues.intended_code(inner_cameo) is not None
    if framing == "demanded":
        return inner_cameo.startswith("10") or cues.demanded_code(inner_cameo) is not None
    return True


def _is_name(token: Token) -> bool:
    """A trigger word that is part of a name ("the Korean War", "Peace Corps") names no action."""
    return token.ent_type_ in NAMED_THINGS or (token.pos_ == "PROPN" and not token.is_sent_start)


def _governs(outer: Token, inner: Token, through: frozenset[str], conj_inside: bool = False) -> bool:
    """Whether `inner` hangs below `outer` within a few steps, along the given dependencies.

    With `conj_inside`, a coordination also counts unless it joins `inner` to `outer` itself
    ("to modernize and reconnect roads" is inside the ceremony; "met and signed" is not)."""
    current = inner
    for _ in range(MAX_GOVERNOR_STEPS):
        allowed = current.dep_ in through or (conj_inside and current.dep_ == "conj" and current.head != outer)
        if current.head == current or not allowed:
            return False
        current = current.head
        if current == outer:
            return True
    return False


class _ArgumentReader:
    """Finds the actors standing in a token's phrase, through conjunctions and appositions."""

    def __init__(self, mentions: tuple[ActorMention, ...]) -> None:
        self.by_token: dict[int, ActorMention] = {}
        for mention in mentions:
            for i in range(mention.start, mention.end):
                self.by_token.setdefault(i, mention)

    def actors(self, token: Token, depth: int = 0) -> tuple[Actor, ...]:
        """Actors of the phrase headed by `token`, its conjuncts and its "officials from X, Y" list."""
        if depth > 4:
            return ()
        found: list[Actor] = list(self._head_actors(token))
        for child in token.children:
            if child.dep_ in ("conj", "appos"):
                found.extend(self.actors(child, depth + 1))
            elif child.dep_ == "prep" and child.lower_ in ("from", "of") and token.pos_ == "NOUN":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found.extend(self.actors(pobj, depth + 1))
        return _unique(found)

    def _head_actors(self, token: Token) -> tuple[Actor, ...]:
        mention = self.by_token.get(token.i)
        if mention is not None:
            return mention.actors
        for child in token.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i in self.by_token:
                return self.by_token[child.i].actors
        return ()

    def is_first_person(self, token: Token) -> bool:
        return token.lower_ in FIRST_PERSON


def _code_trigger(doc: Doc, sent: Span, index: int, trigger: Trigger, framing: Framing | None,
                  reader: _ArgumentReader, res: Resources, article: Article,
                  dateline: Location | None) -> Candidate | None:
    head = doc[trigger.head]
    clause = _clause_verb(head)
    entry = res.ontology.get(trigger.cameo)
    modality = res.cues.modality(head, clause)
    kind = framing.kind if framing else None
    if kind == "intended" and modality == "asserted":
        modality = "intended"
    cameo = entry.code
    if kind == "demanded":
        cameo = res.cues.demanded_code(cameo) or "100"
    elif modality == "intended" and not cameo.startswith(("01", "02", "03", "10", "13")):
        cameo = res.cues.intended_code(cameo) or cameo
    event_type = res.ontology.get(cameo).plover
    if cameo.startswith("03") and modality == "asserted":
        modality = "intended"  # CAMEO 03 is by definition an expression of intent

    source_toks, target_toks, joint_toks = _argument_tokens(doc, trigger, clause, event_type)
    if kind == "demanded":
        # "X demanded that Y lift sanctions": X asks, Y is asked to act.
        target_toks = source_toks + target_toks
        source_toks, _ = _subject(doc[framing.by])
    if any(reader.is_first_person(t) for t in source_toks):
        return None
    source = _unique([a for tok in source_toks for a in reader.actors(tok) if a.code])
    joint = _unique([a for tok in joint_toks for a in reader.actors(tok) if a.code])
    if joint and not {a.code for a in source} - {a.code for a in joint}:
        source, target, reciprocal = joint, (), len({a.code for a in joint}) > 1
    else:
        candidates = [joint] if joint else [tuple(a for a in reader.actors(tok) if a.code) for tok in target_toks]
        target = next((found for actors in candidates if (found := _without_self(source, actors))), ())
        reciprocal = not target and len({a.code for a in source}) > 1 and event_type in SYMMETRIC_TYPES
    if not source or (event_type in ("STATEMENT", "APPEAL") and not target):
        return None
    location = _place(head, clause, res.knowledge)
    follow_up = _follow_up(head) if location is None else None
    if follow_up is not None:
        location = _place(follow_up, follow_up, res.knowledge)
    if not target and location is not None and cameo in HOSTED_CODES:
        host = (Actor(text=location.name, name=location.name, country=location.country),) if location.country else ()
        target = _without_self(source, host)
    location = location or dateline

    date, planned = event_date(clause, article.published)
    if follow_up is not None:
        planned = event_date(follow_up, article.published)[1] or planned
    contexts = set(res.contexts.for_text(sent.text))
    if entry.context in res.contexts.tags:
        contexts.add(entry.context)
    start, end = _evidence_span(doc, head, clause, trigger, sent)
    mention = Mention(
        sentence=index, start=doc[start].idx, end=doc[end - 1].idx + len(doc[end - 1].text),
        text=doc[start:end].text, trigger=" ".join(doc[i].text for i in sorted(trigger.tokens)),
    )
    confidence = 0.45 + 0.15 * bool(target or reciprocal) + 0.1 * (len(trigger.tokens) > 1) + 0.1 * (location is not dateline)
    return Candidate(
        event_type=event_type, cameo=cameo, mode=entry.mode, modality=modality,
        source=source, target=target, reciprocal=reciprocal, date=date,
        planned=planned if modality == "intended" else None, location=location,
        contexts=tuple(sorted(contexts)), mention=mention, sentence_text=sent.text,
        pattern_words=len(trigger.tokens),
        confidence=round(min(confidence, 0.95), 2),
    )


def _clause_verb(token: Token) -> Token:
    """The verb that carries a trigger: itself when it is a verb, else the nearest verbal governor."""
    current = token
    for _ in range(MAX_GOVERNOR_STEPS):
        if current.pos_ in ("VERB", "AUX") or current.head == current:
            return current
        current = current.head
    return current


def _subject(verb: Token) -> tuple[list[Token], bool]:
    """(subject tokens, passive?) of a verb, inheriting them through control and coordination.

    Headlines often stack subjects without a conjunction ("S. Korea, U.S. hold talks"), so
    every subject child counts."""
    current = verb
    for _ in range(MAX_GOVERNOR_STEPS):
        subjects = [c for c in current.children if c.dep_ in SUBJECTS]
        if subjects:
            return subjects, False
        passive = [c for c in current.children if c.dep_ in PASSIVE_SUBJECTS]
        if passive:
            agent = _agent(current)
            return ([agent], False) if agent is not None else (passive, True)
        if current.head == current:
            return [], False
        if current.dep_ == "relcl" or (current.dep_ == "acl" and current.tag_ in ("VBG", "VBN")):
            return [current.head], False
        if current.dep_ not in INHERITS_SUBJECT:
            return [], False
        current = current.head
    return [], False


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _argument_tokens(doc: Doc, trigger: Trigger, clause: Token,
                    event_type: str) -> tuple[list[Token], list[Token], list[Token]]:
    """(source tokens, target candidates in order of preference, joint tokens) of a trigger.

    Joint tokens are the parties of "a meeting between X and Y"."""
    head = doc[trigger.head]
    joint = [t for word in (doc[i] for i in trigger.tokens) for child in word.children
             if child.dep_ == "prep" and child.lower_ in ("between", "among")
             for pobj in child.children if pobj.dep_ == "pobj" for t in (pobj, *pobj.conjuncts)]
    joint = joint if len(joint) > 1 else []
    topic_ok = event_type not in TOPIC_TYPES
    if trigger.kind == "noun":
        sources = [c for c in head.children if c.dep_ == "poss"]
        sources = sources or [pobj for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "by"
                              for pobj in prep.children if pobj.dep_ == "pobj"]
        targets = _target_candidates(head, topic_ok=True)
        if not sources and _linked_to_clause(head, clause):
            sources, passive = _subject(clause)
            if passive:
                return [], sources, joint
        if clause != head:
            targets += _target_candidates(clause, topic_ok=topic_ok)
        return sources, targets, joint
    sources, passive = _subject(head)
    if passive:
        return [], sources, joint
    return sources, _target_candidates(head, topic_ok=topic_ok), joint


def _linked_to_clause(noun: Token, clause: Token) -> bool:
    """Whether a noun trigger is what its clause is about ("held talks"), not a side remark."""
    current = noun
    for _ in range(5):
        if current == clause:
            return True
        if current.head == current:
            return False
        if current.dep_ == "pobj":
            if current.head.lower_ not in NOUN_LINK_PREPOSITIONS:
                return False
        elif current.dep_ not in CORE_NOUN_DEPS and current.dep_ != "prep":
            return False
        current = current.head
    return current == clause


def _target_candidates(token: Token, *, topic_ok: bool, depth: int = 0) -> list[Token]:
    """Phrases that may name the target, best first: the direct object, the objects of target
    prepositions of the trigger and of its object ("pushing for the shipment of aid to the
    North", "calls by Belarus's rulers"), then the subject of a "that" clause ("demanded that
    the United States ..."), then the targets of the action the trigger governs ("refused to
    meet Jordan's king").

    "with X doing Y" is a side clause, not a partner; "on/about X" after a meeting or an
    agreement is its topic, not its target (but "sanctions on X" targets X).
    """
    objects = [c for c in token.children if c.dep_ in ("dobj", "dative", "iobj")]
    found = list(objects)
    prepositions = TARGET_PREPOSITIONS | {"by"} if depth else TARGET_PREPOSITIONS
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ not in prepositions:
            continue
        if child.lower_ in TOPIC_PREPOSITIONS and not topic_ok:
            continue
        for pobj in child.children:
            if pobj.dep_ == "pobj" and not any(c.dep_ == "acl" and c.tag_ == "VBG" for c in pobj.children):
                found.append(pobj)
    if depth == 0:
        found += [s for clause in token.children if clause.dep_ == "ccomp"
                  for s in clause.children if s.dep_ in SUBJECTS]
        found += [t for action in token.children if action.dep_ == "xcomp" and action.pos_ == "VERB"
                  for t in _target_candidates(action, topic_ok=topic_ok, depth=1)]
    if depth < 2:
        for phrase in list(found):
            if phrase.pos_ == "NOUN":
                found.extend(_target_candidates(phrase, topic_ok=topic_ok, depth=depth + 1))
    return found


def _without_self(source: tuple[Actor, ...], target: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """Drop targets that are the source's own side: same code, unless both sectors say otherwise
    ("police arrested protesters" keeps its target)."""
    sectors = {a.code: {x.sector for x in source if x.code == a.code} for a in source}
    return tuple(a for a in target
                 if a.code not in sectors or (a.sector and None not in sectors[a.code] and a.sector not in sectors[a.code]))


def _follow_up(head: Token) -> Token | None:
    """The verb of the next sentence when that sentence says where the event takes place: its
    subject is "it" or the event's noun again ("...plan to hold a ceremony. It will be held at
    Panmun Station on Wednesday."), and its verb is one of TAKING_PLACE."""
    doc, end = head.doc, head.sent.end
    if end >= len(doc):
        return None
    verb = doc[end].sent.root
    if verb.lemma_.lower() not in TAKING_PLACE:
        return None
    nouns = {t.lemma_.lower() for t in (head, *head.children) if t.pos_ == "NOUN" and (t is head or t.dep_ == "dobj")}
    needed = TAKING_PLACE[verb.lemma_.lower()]
    if needed is not None and not any(c.dep_ == "dobj" and c.lower_ == needed for c in verb.children):
        return None
    subject_deps = PASSIVE_SUBJECTS if needed is None else SUBJECTS
    subjects = [c for c in verb.children if c.dep_ in subject_deps]
    if any(s.lower_ == "it" or s.lemma_.lower() in nouns for s in subjects):
        return verb
    return None


def _place(head: Token, clause: Token, knowledge: Knowledge) -> Location | None:
    """A place phrase ("in Geneva", "at Panmun Station in Kaesong") of the trigger or its clause,
    searched breadth-first through objects and prepositions, since parsers often attach "in
    Beijing" to the nearest noun ("talks on security in Beijing")."""
    frontier = [head, clause]
    for _ in range(PLACE_SEARCH_DEPTH):
        deeper: list[Token] = []
        for holder in frontier:
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS:
                    location = _place_in(child, knowledge)
                    if location is not None:
                        return location
                if child.dep_ in ("dobj", "pobj", "prep", "npadvmod"):
                    deeper.append(child)
        frontier = deeper
    return None


def _place_in(prep: Token, knowledge: Knowledge) -> Location | None:
    names = [ent for ent in prep.doc.ents if ent.label_ in PLACE_LABELS and prep.i < ent.start <= prep.right_edge.i]
    if not names:
        return None
    known = [(ent, knowledge.place(ent.text)) for ent in names]
    best = next((place for _, place in known if place is not None), None)
    name = ", ".join(ent.text for ent in names[:2])
    if best is None:
        country = next((c for c in (knowledge.country_of(ent.text) for ent in names) if c), None)
        return Location(name=name, country=country) if country else None
    return Location(name=name, country=best.country, lat=best.lat, lon=best.lon)


def _dateline_location(article: Article, knowledge: Knowledge) -> Location | None:
    if not article.dateline:
        return None
    place = knowledge.place(article.dateline)
    if place is not None:
        return place.model_copy(update={"from_dateline": True})
    return Location(name=article.dateline, country=knowledge.country_of(article.dateline), from_dateline=True)


def _evidence_span(doc: Doc, head: Token, clause: Token, trigger: Trigger, sent: Span) -> tuple[int, int]:
    """Token span of the evidence: from the verb through the trigger phrase, inside the sentence."""
    tokens = [doc[i] for i in trigger.tokens]
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    if trigger.kind == "noun":
        start = min(start, head.left_edge.i, clause.i if clause.i < head.i else start)
        end = max(end, _phrase_end(head))
    else:
        for child in head.children:
            if child.dep_ in ("dobj", "attr", "xcomp", "ccomp") and child.i > head.i:
                end = max(end, _phrase_end(child))
    start, end = max(start, sent.start), min(end, sent.end)
    while end - 1 > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _phrase_end(token: Token) -> int:
    """End of a noun phrase including its complements, excluding a trailing punctuation mark."""
    right = token.right_edge
    while right.i > token.i and right.is_punct:
        right = right.nbor(-1)
    return right.i + 1


def _unique(actors) -> tuple[Actor, ...]:
    seen: set[tuple] = set()
    kept = []
    for actor in actors:
        key = (actor.name, actor.code, actor.sector)
        if key not in seen:
            seen.add(key)
            kept.append(actor)
    return tuple(kept)

