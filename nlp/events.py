"""Who did what to whom, where and when: events read off one sentence's dependency parse.

An event is a verb with a subject that is one of the article's actors (a name, a title that
stands for a name, or "ia"/"dia"/"beliau" for the person named last), its object, the actor it
is directed at (the object, or a "kepada"/"dengan" phrase), a place inside the verb's phrase,
and a time expression. Relations follow Universal Dependencies as our GSD-trained (Indonesian)
and EWT-trained (English) parsers produce them; each language reads with its own words
(`EventWords`: copulas, negations, pronouns, prepositions).
"""

from __future__ import annotations

from dataclasses import dataclass

import stanza
from stanza.models.common.doc import Word

from nlp import wordlists
from nlp.analysis import Event
from nlp.timex import TimeExpression

SUBJECTS = {"nsubj", "nsubj:pass"}


@dataclass(frozen=True)
class EventWords:
    """One language's words for reading events (nlp/data/ for Indonesian, nlp/data/en/ for English)."""

    language: str
    # What is said of a subject without it doing anything ("BLTS merupakan ...", "Putin is ...")
    copulas: frozenset[str]
    # a verb one of these modifies did not happen ("TNI tidak akan membatasi ...", "did not attack")
    negations: frozenset[str]
    # a subject standing for the person named last ("ia", "dia", "he")
    pronouns: frozenset[str]
    # Nouns that head a subject standing for a person ("Menteri ...", "Kapolsek ..."): lower case
    title_heads: frozenset[str]
    # prepositions of a place phrase ("di Moskow", "in Moscow")
    place_cases: frozenset[str]
    # verbs the parser takes for predicates but that only attribute or list ("menurut media")
    not_actions: frozenset[str]
    # prepositions of the actor an event is directed at ("kepada Putin", "with Xi")
    target_cases: frozenset[str]
    # words that open a relative clause: an object's phrase ends there ("yang", "who")
    relatives: frozenset[str]
    # Indonesian: the passive is read off the verb ("ditemukan"), and a subject after its verb is
    # mostly a misparse; English: the passive has its auxiliary ("was found"), and a subject may
    # follow a speech verb ("..., said Peskov"); copulas and non-actions are matched by lemma too
    # ("was" is "be")
    indonesian_order: bool


def _event_words(lang: str) -> EventWords:
    if lang == "en":
        return EventWords(
            language="en",
            copulas=wordlists.words("copulas", "en"),
            negations=wordlists.words("negations", "en"),
            pronouns=frozenset({"he", "she"}),
            title_heads=wordlists.words("title_heads", "en"),
            place_cases=frozenset({"in", "at", "from", "to", "near", "inside"}),
            not_actions=wordlists.words("not_actions", "en"),
            target_cases=frozenset({"to", "with", "against"}),
            relatives=frozenset({"who", "which", "that", "whose", "whom"}),
            indonesian_order=False,
        )
    return EventWords(
        language="id",
        copulas=wordlists.words("copulas"),
        negations=wordlists.words("negations"),
        pronouns=frozenset({"ia", "dia", "beliau", "he", "she"}),
        title_heads=wordlists.words("title_heads"),
        place_cases=frozenset({"di", "ke", "dari", "at", "in", "to", "from"}),
        not_actions=wordlists.words("not_actions"),
        target_cases=frozenset({"kepada", "dengan", "terhadap", "bersama", "to", "with"}),
        relatives=frozenset({"yang"}),
        indonesian_order=True,
    )


EVENT_WORDS: dict[str, EventWords] = {"id": _event_words("id"), "en": _event_words("en")}


def event_words(language: str) -> EventWords:
    """The words for a language; one without its own reads with the Indonesian ones."""
    return EVENT_WORDS.get(language, EVENT_WORDS["id"])


# clauses with their own subject or their own time: a place inside them is not the event's
_CLAUSES = {"advcl", "ccomp", "parataxis", "acl", "acl:relcl", "csubj"}
# the parts of a noun phrase that make up its words (GSD 2017 chains names with "flat")
_PHRASE = {"flat", "flat:name", "compound", "amod", "nummod", "det", "nmod", "case", "punct", "appos", "conj", "cc"}
OBJECT_WORDS = 8


@dataclass
class SentenceSpans:
    """What the extractor found in one sentence, by word index (0-based)."""

    actors: dict[int, str]  # word -> actor name (merged name)
    places: dict[int, str]  # word -> place name (a country can act: "Rusia berusaha ...")
    titles: dict[str, str]  # a title said alone ("Perdana Menteri Tiongkok") -> the actor who holds it
    last_person: str | None  # who "ia"/"dia"/"he" is: the person the sentence before was about
    people: frozenset[str] = frozenset()  # which actors are persons


def _children(words: list[Word]) -> dict[int, list[Word]]:
    kids: dict[int, list[Word]] = {}
    for w in words:
        kids.setdefault(w.head, []).append(w)
    return kids


def _subtree(word: Word, kids: dict[int, list[Word]], keep: set[str] | None = None) -> list[Word]:
    """The word and the words under it (only through `keep` relations when given), in order."""
    out: list[Word] = []
    todo = [word]
    while todo:
        w = todo.pop()
        out.append(w)
        todo.extend(k for k in kids.get(w.id, []) if keep is None or k.deprel in keep)
    return sorted(out, key=lambda w: w.id)


def _phrase(words: list[Word], ew: EventWords, limit: int = OBJECT_WORDS) -> str:
    """A contiguous run of the words, cut at the first comma or closing quote, at most `limit` words."""
    if not words:
        return ""
    first = words[0].id
    out: list[str] = []
    for w in words:
        if w.id != first + len(out) or len(out) >= limit:
            break
        if out and ((w.upos == "PUNCT" and w.text not in "-/") or w.text.lower() in ew.relatives):
            break  # at a comma, a quote's end or a relative clause
        out.append(w.text)
    return " ".join(out).strip("“”\"' ")


def _first_named(words: list[Word], names: dict[int, str]) -> str | None:
    """The first name (SentenceSpans.actors or .places) that one of the words belongs to."""
    return next((names[w.id - 1] for w in words if w.id - 1 in names), None)


def _passive(verb: Word, kids: dict[int, list[Word]], ew: EventWords) -> bool:
    """Indonesian's passive prefix: "ditemukan", "disangkakan" (the lemma drops it); English's
    passive auxiliary ("was found")."""
    if not ew.indonesian_order:
        return any(k.deprel == "aux:pass" for k in kids.get(verb.id, []))
    text = verb.text.lower()
    return text.startswith("di") and len(text) > 5 and (verb.lemma or "").lower() != text


def _negated(verb: Word, kids: dict[int, list[Word]], ew: EventWords) -> bool:
    return any(k.text.lower() in ew.negations for k in kids.get(verb.id, []) if k.deprel in ("advmod", "aux", "neg"))


def _subject_actor(subject: Word, kids: dict[int, list[Word]], spans: SentenceSpans, ew: EventWords) -> str | None:
    """A named actor in the subject's name, a title said for its holder, "ia" for the person
    named last, or a place standing as the subject itself (a state acting). A common noun that
    heads the subject is the subject ("Pernyataan Said Abdullah muncul"), not the name under it."""
    if subject.upos == "NOUN" and subject.id - 1 not in spans.actors and subject.text.lower() not in ew.title_heads:
        return None
    phrase = _subtree(subject, kids, {"flat", "flat:name", "compound", "appos"})
    named = [spans.actors[w.id - 1] for w in phrase if w.id - 1 in spans.actors]
    if named:  # "Direktur Jenderal Pajak Kemenkeu Bimo Wijayanto": the person, not the office
        return next((a for a in named if a in spans.people), named[0])
    said = " ".join(w.text for w in phrase if w.upos != "PUNCT").lower()
    if said in spans.titles:
        return spans.titles[said]
    if subject.text.lower() in ew.pronouns:
        return spans.last_person
    return spans.places.get(subject.id - 1)


def _located(word: Word, kids: dict[int, list[Word]], words: list[Word], ew: EventWords, verb: Word) -> bool:
    """A place word inside a "di/ke/dari ..." phrase of the verb's own (the preposition hangs on
    the phrase's head): "tiba di Moskow", "arrived at Vnukovo airport in Moscow". Not a place
    said of another noun of the clause: "sanctions over the war in Ukraine" is not where the
    praising happened. A phrase inside another place phrase counts ("di kantornya di Jakarta")."""
    located = False
    while word is not None:
        if any(k.deprel == "case" and k.text.lower() in ew.place_cases for k in kids.get(word.id, [])):
            located = True
        elif located and word.deprel == "nmod":
            return False  # the place phrase hangs on a noun that is no place phrase itself
        if word.head == verb.id:
            return located
        if word.deprel not in ("flat", "flat:name", "compound", "nmod", "appos") or word.head == 0:
            return False
        word = words[word.head - 1]
    return False


def _time_for(
    verb_words: list[Word], sentence_text: str, sentence_start: int, times: list[TimeExpression]
) -> TimeExpression | None:
    """The time expression inside the verb's own phrase (not one in a clause hanging off it)."""
    if not times:
        return None
    chars = [(w.start_char, w.end_char) for w in verb_words if w.start_char is not None]
    for t in times:
        if any(
            s <= sentence_start + t.start < e or sentence_start + t.start <= s < sentence_start + t.end
            for s, e in chars
        ):
            return t
    return None


def _no_action(verb: Word, ew: EventWords) -> bool:
    """A copula or a word that only attributes: no event."""
    skip = ew.not_actions | ew.copulas
    if verb.text.lower() in skip:
        return True
    return not ew.indonesian_order and (verb.lemma or "").lower() in skip


def sentence_events(
    sent: stanza.models.common.doc.Sentence,
    index: int,
    spans: SentenceSpans,
    times: list[TimeExpression],
    language: str = "id",
) -> list[Event]:
    """The events of one sentence whose subject is a known actor, read with the language's words."""
    ew = event_words(language)
    words = sent.words
    kids = _children(words)
    start = words[0].start_char if words and words[0].start_char is not None else 0
    events: list[Event] = []
    seen: set[int] = set()
    subjects = [(w, words[w.head - 1]) for w in words if w.deprel in SUBJECTS and w.head > 0]
    for subject, verb in subjects:
        # Indonesian puts the subject first; one after its verb is mostly a misparse. A passive
        # ("AS disangkakan ...", "stiker itu ditemukan") has the one acted upon as its subject.
        if (
            verb.upos not in ("VERB", "AUX")
            or verb.id in seen
            or (subject.id > verb.id and ew.indonesian_order)
            or subject.deprel == "nsubj:pass"
            or _passive(verb, kids, ew)
        ):
            continue
        actor = _subject_actor(subject, kids, spans, ew)
        if actor is None:
            continue
        verbs = [verb] + [
            c
            for c in kids.get(verb.id, [])
            if c.deprel == "conj" and c.upos == "VERB" and not any(k.deprel in SUBJECTS for k in kids.get(c.id, []))
        ]
        # "Putin pada hari Rabu memuji ...": a time said between the subject and its verb is the
        # verb's, even where the parser hangs it on the subject
        before_verb = [w for w in words if subject.id < w.id < verb.id]
        for v in verbs:
            seen.add(v.id)
            if _no_action(v, ew) or _negated(v, kids, ew) or _passive(v, kids, ew):
                continue  # "TNI tidak akan membatasi ..." did not happen
            events.append(
                _event(
                    v, actor, kids, spans, index, sent.text, start, times, words, before_verb if v is verb else [], ew
                )
            )
    return events


def _event(
    verb: Word,
    actor: str,
    kids: dict[int, list[Word]],
    spans: SentenceSpans,
    index: int,
    text: str,
    start: int,
    times: list[TimeExpression],
    words: list[Word],
    before_verb: list[Word],
    ew: EventWords,
) -> Event:
    children = kids.get(verb.id, [])
    objects = [c for c in children if c.deprel in ("obj", "iobj")]
    obj_words = _subtree(objects[0], kids, _PHRASE) if objects else []
    if not objects:  # "menjadi semakin bergantung ...", "berusaha keras untuk menghalau ...": the complement says what
        complements = [c for c in children if c.deprel in ("xcomp", "ccomp") and c.id > verb.id]
        obj_words = _subtree(complements[0], kids, None) if complements else []
    target = _first_named(obj_words, spans.actors) if obj_words else None
    if target is None:
        for c in children:
            cases = [k.text.lower() for k in kids.get(c.id, []) if k.deprel == "case"]
            if c.deprel == "obl" and ew.target_cases & set(cases):
                target = _first_named(_subtree(c, kids, _PHRASE), spans.actors)
                if target:
                    break
    # the verb's own phrase: its words minus the clauses hanging off it
    own = [
        w for c in children if c.deprel not in _CLAUSES and c.deprel not in SUBJECTS for w in _subtree(c, kids, None)
    ]
    place = _first_named([w for w in own if _located(w, kids, words, ew, verb)], spans.places)
    when = _time_for([verb, *own], text, start, times) or _time_for(before_verb, text, start, times)
    return Event(
        sentence=index,
        actor=actor,
        predicate=verb.text,
        lemma=verb.lemma or verb.text.lower(),
        object=_phrase(obj_words, ew),
        target=target if target != actor else None,
        place=place,
        time=when.text if when else None,
        date=when.iso() if when else None,
    )
