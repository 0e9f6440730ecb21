"""Actors, places and brief sentences from an analysed Stanza document."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import stanza

from nlp import wordlists
from nlp.analysis import Actor, Analysis, Event, Place, Sentence
from nlp.events import SentenceSpans, sentence_events
from nlp.gazetteer import ground
from nlp.stories import CONTENT_POS, LEAD_SENTENCES, lead_terms
from nlp.summarize import rank_sentences
from nlp.timex import find_times, parse_date

# The vocabulary lives in nlp/data/ (see nlp.wordlists); each file says what its list is for.
# Words that make up a title or role before a name ("Perdana Menteri Tiongkok Li Qiang").
TITLE_WORDS = wordlists.words("title_words")
# Words that NER sometimes tags but that never are a name on their own.
NOT_A_NAME = wordlists.words("not_a_name")
# ... but for these, which do open a sentence ("Ia mengatakan ...").
_SENTENCE_OPENERS = frozenset({"ini", "itu", "ia", "dia", "mereka", "kami", "kita", "namun"})
# Seats of power that news uses for the government inside them: organisations, whatever NER says.
INSTITUTION_NAMES = wordlists.words("institution_names")
# Nouns that open a role said after a name: "Li, pejabat nomor dua Tiongkok, ..."
ROLE_NOUNS = TITLE_WORDS | wordlists.words("role_nouns")
# Words that end an appositive role: the sentence goes on from there.
_ROLE_ENDS = wordlists.words("role_ends")
PLACE_PREPOSITIONS = frozenset({"di", "ke", "dari"})
# Words that make a name an institution, wherever it sits ("di Bareskrim Polri", "Polda Babel"):
# NER and the di/ke/dari signal both read such names as places.
ORG_WORDS = wordlists.words("org_words")
# All-caps words that are not organisations: units, documents, programmes, regions, time zones.
NOT_AN_ORG = wordlists.words("not_an_org")
# Sources and page furniture, not actors of the story: news agencies, platforms, captions.
MEDIA_NAMES = wordlists.words("media_names")


def _looks_like_org(words: list[str]) -> bool:
    return any(w.lower() in ORG_WORDS for w in words)


# Parts and places of an organisation: a short form does not merge into them.
ORG_PARTS = wordlists.words("org_parts")
# Words that open an institution's name but name none alone ("Polda" needs "Metro Jaya").
ORG_HEADS = wordlists.words("org_heads")


# Words that make a place name only with a name after them ("Sungai Ciliwung", "Jalan Sudirman"),
# and coordinates' words ("6 derajat Lintang Selatan").
PLACE_HEADS = wordlists.words("place_heads")


def _generic_place(name: str) -> bool:
    """ "Sungai", "Km 27", "Lintang Selatan": a place word or a coordinate with no name in it."""
    words = name.split()
    return all(w.lower() in PLACE_HEADS or any(ch.isdigit() for ch in w) for w in words)


def _is_acronym(word: str) -> bool:
    """'KPK', 'OJK', 'G20': an organisation's short name, not a unit or a document."""
    letters = word.replace("-", "")
    return (
        2 <= len(letters) <= 6
        and letters.isalnum()
        and letters.isupper()
        and letters[0].isalpha()
        and word.lower() not in NOT_AN_ORG
    )


EDGE_PUNCT = "“”\"'‘’()[]{},.;:!?-–—«»"
_HAS_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class _Mention:
    name: str
    kind: str
    sentence: int
    title: str | None
    span: tuple[int, int] = (0, 0)  # word indices [start, end) in its sentence


# A place named in a sentence: (name, sentence index, word span [start, end) in the sentence).
_PlaceMention = tuple[str, int, tuple[int, int]]


def _clean_words(words: list[str]) -> list[str]:
    """Drop punctuation at either end of a name."""
    while words and all(ch in EDGE_PUNCT for ch in words[0]):
        words = words[1:]
    while words and all(ch in EDGE_PUNCT for ch in words[-1]):
        words = words[:-1]
    return [w.strip("“”\"'‘’") for w in words]


def _is_name(words: list[str]) -> bool:
    if not words:
        return False
    text = " ".join(words)
    if len(text) < 2 or not _HAS_LETTER.search(text):
        return False
    if not words[0][:1].isupper():
        return False
    return not all(w.lower() in TITLE_WORDS or w.lower() in NOT_A_NAME for w in words)


def _split_title(words: list[str], places: set[str]) -> tuple[list[str], list[str]]:
    """Split "Presiden Rusia Vladimir Putin" into (title words, name words)."""
    i = 0
    while i < len(words) and words[i].lower() in TITLE_WORDS:
        i += 1
    if i == 0:
        return [], words
    while i < len(words) - 1 and words[i] in places:
        i += 1
    return words[:i], words[i:]


def _title_before(tokens: list[str], start: int, places: set[str]) -> list[str]:
    """Title words standing right before a name: "... dengan Perdana Menteri Rusia | Mikhail"."""
    j = start
    while j > 0 and (tokens[j - 1] in places and tokens[j - 1][:1].isupper()):
        j -= 1
    k = j
    while k > 0 and tokens[k - 1].lower() in TITLE_WORDS:
        k -= 1
    if k == j:
        return []
    return tokens[k:start]


def _role_after(words: list[stanza.models.common.doc.Word], end: int, limit: int = 6) -> str | None:
    """The appositive after a name ("Li, pejabat nomor dua Tiongkok di ...") when it opens with a
    role noun: the words up to the next comma, preposition, verb or relative clause."""
    if end + 1 >= len(words) or words[end].text != "," or words[end + 1].text not in ROLE_NOUNS:
        return None  # lowercase only: ", Perdana Menteri Tiongkok memuji" is the next subject
    role: list[str] = []
    for w in words[end + 1 :]:
        if w.upos in ("PUNCT", "VERB", "AUX") or w.text.lower() in _ROLE_ENDS or len(role) >= limit:
            break
        role.append(w.text)
    return " ".join(role) if len(role) >= 2 else None


def _titlecase_title(words: list[str]) -> str:
    return " ".join(w if not w.islower() else w.capitalize() for w in words)


def _merge(mentions: list[_Mention], aliases: dict[str, str] | None = None) -> list[Actor]:
    """One actor per person or organisation: short forms join the full name that contains them,
    and an acronym the article spells out ("Badan Pusat Statistik (BPS)") joins its expansion."""
    aliases = aliases or {}
    mentions = [
        _Mention(aliases[m.name], m.kind, m.sentence, m.title, m.span) if m.name in aliases else m for m in mentions
    ]
    surfaces_of: dict[str, list[str]] = {}
    for short, full in aliases.items():
        surfaces_of.setdefault(full, []).append(short)
    forms = Counter(m.name for m in mentions)
    kinds: dict[str, Counter[str]] = {}
    for m in mentions:
        kinds.setdefault(m.name, Counter())[m.kind] += 1
    # longest names first: each shorter form attaches to a longer one that contains its words
    ordered = sorted(forms, key=lambda n: (-len(n.split()), -forms[n], n))
    canonical: dict[str, str] = {}
    for name in ordered:
        words = name.split()
        best, best_count = None, 0
        for full in ordered:
            if full == name or canonical.get(full, full) != full:
                continue
            full_words = full.split()
            if len(full_words) <= len(words):
                continue
            # the short form's words appear, in order, as whole words of the full name; not in a
            # place or a unit of the organisation ("KPK" is not "Gedung Merah Putih KPK")
            if full_words[0].lower() in ORG_PARTS:
                continue
            joined = " " + " ".join(full_words) + " "
            if f" {' '.join(words)} " in joined and forms[full] + 1 > best_count:
                best, best_count = full, forms[full] + 1
        canonical[name] = best or name
    actors: dict[str, Actor] = {}
    for m in mentions:
        key = canonical[m.name]
        actor = actors.get(key)
        if actor is None:
            actor = actors[key] = Actor(name=key, kind=m.kind)
        actor.mentions.append(m.sentence)
        for surface in (m.name, *surfaces_of.get(m.name, [])):
            if surface not in actor.surfaces:
                actor.surfaces.append(surface)
        if m.title and m.title not in actor.titles:
            actor.titles.append(m.title)
    for actor in actors.values():
        votes: Counter[str] = Counter()
        for surface in actor.surfaces:
            votes.update(kinds.get(surface, {}))
        actor.kind = votes.most_common(1)[0][0]
    return sorted(actors.values(), key=lambda a: (-len(a.mentions), min(a.mentions), a.name))


def _ground_places(place_mentions: list[_PlaceMention]) -> tuple[list[Place], dict[str, str]]:
    """One Place per place the names point to ("Moskow" and "Moscow" are one), typed and grounded
    when the gazetteer knows the name; returns the places and each surface's place name."""
    by_key: dict[str, Place] = {}
    surface_counts: dict[str, Counter[str]] = {}
    for name, s_idx, _ in place_mentions:
        g = ground(name)
        key = f"{g.kind}:{g.canonical}:{g.country_code}" if g else name
        place = by_key.get(key)
        if place is None:
            place = by_key[key] = Place(name=name)
            if g:
                place.canonical, place.kind, place.country, place.country_code = (
                    g.canonical,
                    g.kind,
                    g.country,
                    g.country_code,
                )
        place.mentions.append(s_idx)
        surface_counts.setdefault(key, Counter())[name] += 1
    surface_of: dict[str, str] = {}
    for key, place in by_key.items():
        counts = surface_counts[key]
        place.surfaces = sorted(counts, key=lambda n: (-counts[n], len(n)))
        place.name = place.surfaces[0]  # the form the article uses most; the shorter of two as common
        for surface in counts:
            surface_of[surface] = place.name
    places = sorted(by_key.values(), key=lambda p: (-len(p.mentions), min(p.mentions), p.name))
    return places, surface_of


def extract(doc: stanza.Document, language: str = "id", title: str = "", published: str | None = None) -> Analysis:
    """Actors (with titles), places, events and a ranked list of sentences from an analysed
    document; `published` (the article's date, ISO) resolves "hari Rabu" to a day."""
    anchor = parse_date(published)
    loc_names: set[str] = set()
    for ent in doc.ents:
        if ent.type == "LOC":
            loc_names.update(w for w in _clean_words(ent.text.split()) if w[:1].isupper())

    actor_mentions: list[_Mention] = []
    aliases: dict[str, str] = {}
    place_mentions: list[_PlaceMention] = []
    sentences: list[Sentence] = []
    parsed: list[tuple[int, stanza.models.common.doc.Sentence]] = []  # (sentence index, its parse)
    for sent in doc.sentences:
        text = sent.text.strip()
        if sentences and all(ch in EDGE_PUNCT or ch.isspace() for ch in text):
            # a closing quote or bracket the tokenizer cut off belongs to the sentence before
            sentences[-1].text += text
            continue
        s_idx = len(sentences)
        parsed.append((s_idx, sent))
        tokens = [t.text for t in sent.tokens]
        upos = [t.words[0].upos if t.words else None for t in sent.tokens]
        taken = [False] * len(tokens)
        token_index = {id(t): i for i, t in enumerate(sent.tokens)}
        for ent in sent.ents:
            first = token_index.get(id(ent.tokens[0]), 0)
            span = (first, token_index.get(id(ent.tokens[-1]), first) + 1)
            words = _clean_words([t.text for t in ent.tokens])
            for t in ent.tokens:
                taken[token_index.get(id(t), 0)] = True
            if ent.type in ("PER", "ORG"):
                title_words, name_words = _split_title(words, loc_names)
                if not title_words:
                    title_words = _title_before(tokens, first, loc_names)
                if not _is_name(name_words):
                    continue
                name = " ".join(name_words)
                if name in loc_names and ent.type == "ORG":
                    place_mentions.append((name, s_idx, span))  # "Rusia" as a state: kept as the place
                    continue
                role = _titlecase_title(title_words) if title_words else None
                kind = "ORG" if name.lower() in INSTITUTION_NAMES else ent.type
                actor_mentions.append(_Mention(name, kind, s_idx, role, span))
            elif ent.type == "LOC":
                if _is_name(words) and _looks_like_org(words):
                    actor_mentions.append(_Mention(" ".join(words), "ORG", s_idx, None, span))
                elif _is_name(words):
                    place_mentions.append((" ".join(words), s_idx, span))
        # "di/ke/dari + Name" is a place even when NER missed it
        for i, tok in enumerate(tokens[:-1]):
            if tok.lower() in PLACE_PREPOSITIONS and not taken[i + 1]:
                j = i + 1
                # over capitalised words, not into a headline's verb ("di Tol Truk Terguling")
                while (
                    j < len(tokens)
                    and not taken[j]
                    and tokens[j][:1].isupper()
                    and tokens[j].isalpha()
                    and upos[j] != "VERB"
                ):
                    j += 1
                words = tokens[i + 1 : j]
                if not _is_name(words) or any(w.lower() in TITLE_WORDS for w in words):
                    continue
                if _looks_like_org(words):
                    actor_mentions.append(_Mention(" ".join(words), "ORG", s_idx, None, (i + 1, j)))
                else:
                    place_mentions.append((" ".join(words), s_idx, (i + 1, j)))
        # institutions NER missed: "Kementerian Ketenagakerjaan", "Polda Babel", "KPK"
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if taken[i] or not tok[:1].isupper() or (tok.lower() not in ORG_WORDS and not _is_acronym(tok)):
                i += 1
                continue
            j = i + 1
            # the name runs over capitalised words, not into a headline's verb ("Kejati Kepri Tetapkan")
            while (
                j < len(tokens)
                and not taken[j]
                and tokens[j][:1].isupper()
                and tokens[j].isalnum()
                and upos[j] != "VERB"
            ):
                j += 1
            words = tokens[i:j]
            if len(words) >= 2 or (tok.lower() in ORG_WORDS and tok.lower() not in ORG_HEADS) or _is_acronym(tok):
                actor_mentions.append(_Mention(" ".join(words), "ORG", s_idx, None, (i, j)))
                for k in range(i, j):
                    taken[k] = True
            i = j
        # "Li, pejabat nomor dua Tiongkok ...": a role said after a person's name
        for m in actor_mentions:
            if m.sentence == s_idx and m.kind == "PER" and m.title is None:
                m.title = _role_after(sent.words, m.span[1])
        # "Badan Pusat Statistik (BPS)": the acronym names the same organisation
        for i in range(1, len(tokens) - 2):
            acronym = tokens[i + 1]
            if tokens[i] == "(" and tokens[i + 2] == ")" and acronym.isalnum() and acronym[:1].isupper():
                before = [m for m in actor_mentions if m.sentence == s_idx and m.name.split()[-1] == tokens[i - 1]]
                if before and len(before[-1].name.split()) > 1:
                    aliases[acronym] = before[-1].name
        has_predicate = any(w.upos in ("VERB", "AUX") for w in sent.words)
        first_word = (sent.words[0].text if sent.words else "").strip("“”\"'")
        complete = (
            has_predicate
            and len(sent.words) >= 6
            and first_word[:1].isupper()
            and first_word.lower() not in NOT_A_NAME - _SENTENCE_OPENERS
            and text[-1:] in ".!?”\"'"
        )
        sentences.append(Sentence(index=s_idx, text=text, words=len(sent.words), complete=complete))

    actor_mentions = [m for m in actor_mentions if m.name.lower() not in MEDIA_NAMES]
    actors = _merge(actor_mentions, aliases)
    actor_of = {surface: a.name for a in actors for surface in a.surfaces}
    place_mentions = [m for m in place_mentions if m[0] not in actor_of and not _generic_place(m[0])]
    places, place_of = _ground_places(place_mentions)
    events = _events(parsed, actor_mentions, actor_of, actors, place_mentions, place_of, anchor)
    for actor in actors:
        actor.salience = salience(actor, events, title)
    actors.sort(key=lambda a: (-a.salience, min(a.mentions), a.name))
    brief = rank_sentences(sentences, actors, places, title)
    lead = [(w.lemma or w.text, w.upos) for _, sent in parsed[:LEAD_SENTENCES] for w in sent.words]
    # the title is not parsed: its words take the lemma and part of speech the text gives them
    # ("Mengungsi" -> "ungsi"), and a word the text uses only as a function word is left out
    seen = {w.text.lower(): (w.lemma or w.text, w.upos) for _, sent in parsed for w in sent.words}
    title_lemmas: list[tuple[str, str]] = [
        seen.get(word.lower(), (word, "PROPN")) for word in re.findall(r"\w+", title)
    ]
    terms = lead_terms(lead, [lemma for lemma, upos in title_lemmas if upos in CONTENT_POS])
    return Analysis(
        language=language,
        sentences=sentences,
        actors=actors,
        places=places,
        brief=brief,
        events=events,
        terms=dict(terms),
    )


def salience(actor: Actor, events: list[Event], title: str = "") -> float:
    """How central an actor is to one article: its mentions, what it does (events with it as
    subject), whether the headline names it, how early it comes, and whether the article says
    who it is (a title or role). A person who acts and is introduced with their office ranks
    above an institution named as often in passing ("menurut pembacaan Kremlin")."""
    score = len(actor.mentions) + 1.5 * sum(e.actor == actor.name for e in events)
    headline = f" {title.lower()} "
    if any(f" {s.lower()} " in headline for s in actor.surfaces):
        score += 2.0
    if min(actor.mentions, default=99) <= 1:
        score += 1.0
    if actor.titles:
        score += 1.5
    return round(score, 2)


def _events(
    parsed: list[tuple[int, stanza.models.common.doc.Sentence]],
    actor_mentions: list[_Mention],
    actor_of: dict[str, str],
    actors: list[Actor],
    place_mentions: list[_PlaceMention],
    place_of: dict[str, str],
    anchor: date | None,
) -> list[Event]:
    """Events sentence by sentence, with each sentence's actor and place words marked."""
    people = frozenset(a.name for a in actors if a.kind == "PER")
    titles = {t.lower(): a.name for a in actors if a.kind == "PER" for t in a.titles}
    # each sentence's words, marked once: word index -> actor, word index -> place (a country
    # can be a subject: "Rusia berusaha keras ..." is the state acting)
    actor_words: dict[int, dict[int, str]] = {}
    for m in actor_mentions:
        actor_words.setdefault(m.sentence, {}).update({k: actor_of.get(m.name, m.name) for k in range(*m.span)})
    place_words: dict[int, dict[int, str]] = {}
    for name, s_idx, (start, end) in place_mentions:
        place_words.setdefault(s_idx, {}).update({k: place_of[name] for k in range(start, end)})
    last_person: str | None = None
    events: list[Event] = []
    for s_idx, sent in parsed:
        spans = SentenceSpans(
            actors=actor_words.get(s_idx, {}),
            places=place_words.get(s_idx, {}),
            titles=titles,
            last_person=last_person,
            people=people,
        )
        events.extend(sentence_events(sent, s_idx, spans, find_times(sent.text, anchor)))
        named = [m for m in actor_mentions if m.sentence == s_idx and actor_of.get(m.name) in people]
        if named:
            last_person = actor_of.get(max(named, key=lambda m: m.span).name)
    return events
