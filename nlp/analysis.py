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


@dataclass
class Place:
    """A place named in the article."""

    name: str
    mentions: list[int] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything kept from one article."""

    language: str
    sentences: list[Sentence]
    actors: list[Actor]
    places: list[Place]
    brief: list[int]  # indices of the sentences that make the article's brief, in text order
