"""Choose the sentences of an article's brief."""

from __future__ import annotations

import re

from nlp.analysis import Actor, Place, Sentence

BRIEF_MAX_SENTENCES = 3
BRIEF_MAX_CHARS = 700
_WORD = re.compile(r"\w+")


def _overlap(a: str, b: str) -> float:
    """Share of a's words that are also in b."""
    wa = set(_WORD.findall(a.lower()))
    wb = set(_WORD.findall(b.lower()))
    return len(wa & wb) / len(wa) if wa else 0.0


def rank_sentences(sentences: list[Sentence], actors: list[Actor], places: list[Place]) -> list[int]:
    """Score every sentence and return the brief's sentence indices in text order.

    News puts the essentials first, so position dominates; sentences that name the article's
    main actors and places gain; fragments and near-repeats are never chosen.
    """
    weight: dict[int, float] = {}
    for actor in actors[:5]:
        for idx in set(actor.mentions):
            weight[idx] = weight.get(idx, 0.0) + 1.0
    for place in places[:5]:
        for idx in set(place.mentions):
            weight[idx] = weight.get(idx, 0.0) + 0.5
    for s in sentences:
        position = 1.0 / (1.0 + s.index)
        s.score = round(3.0 * position + 0.3 * min(weight.get(s.index, 0.0), 4.0), 4) if s.complete else 0.0

    chosen: list[Sentence] = []
    chars = 0
    for s in sorted(sentences, key=lambda s: (-s.score, s.index)):
        if s.score <= 0 or len(chosen) >= BRIEF_MAX_SENTENCES:
            break
        if chars + len(s.text) > BRIEF_MAX_CHARS and chosen:
            continue
        if any(_overlap(s.text, c.text) > 0.6 for c in chosen):
            continue
        chosen.append(s)
        chars += len(s.text)
    return sorted(s.index for s in chosen)
