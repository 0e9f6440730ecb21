"""The result of analysing one article: plain data that storage and replies can use."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Sentence:
    """One sentence of the cleaned article, with what the brief needs to rank it."""

    index: int
    text: str
    words: int
    complete: bool  # starts like a sentence, has a predicate, ends like one
    score: float = 0.0


@dataclass
class Actor:
    """A person (PER) or organisation (ORG), merged over its mentions in one article."""

    name: str
    kind: str
    titles: list[str] = field(default_factory=list)
    mentions: list[int] = field(default_factory=list)  # sentence indices, one per mention
    surfaces: list[str] = field(default_factory=list)  # forms seen in the text ("Putin")
    salience: float = 0.0  # how central to the article (nlp.extract.salience)


@dataclass
class Place:
    """A place named in the article, grounded in the gazetteer when it knows the name."""

    name: str
    mentions: list[int] = field(default_factory=list)
    canonical: str | None = None  # "Moscow" for "Moskow"
    # "country", "region", "city", "continent"; Indonesia's "regency", "district", "village";
    # "site" for a street, a building, a river (ungrounded: within a city the text may name)
    kind: str | None = None
    country: str | None = None  # the country it lies in ("Russian Federation")
    country_code: str | None = None
    surfaces: list[str] = field(default_factory=list)  # forms seen in the text, when several merged


@dataclass
class Event:
    """Who did what to whom, where and when, from one sentence."""

    sentence: int
    actor: str  # the actor's name as in Analysis.actors
    predicate: str  # the verb as written ("memuji")
    lemma: str
    object: str = ""  # what (the object's words, shortened)
    target: str | None = None  # an actor the action is directed at
    place: str | None = None  # a place name as in Analysis.places
    time: str | None = None  # as written ("hari Rabu", "dua minggu lalu")
    date: str | None = None  # the ISO date it resolves to against the article's date


@dataclass
class Analysis:
    """Everything kept from one article."""

    language: str
    sentences: list[Sentence]
    actors: list[Actor]
    places: list[Place]
    brief: list[int]  # indices of the sentences that make the article's brief, in text order
    events: list[Event] = field(default_factory=list)
    # what the article is about, for stories (nlp.stories.lead_terms): title and lead lemmas
    terms: dict[str, int] = field(default_factory=dict)
