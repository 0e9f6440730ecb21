"""Choose the sentences of an article's brief.

Each sentence gets a score from a small linear model over cheap features (position, length,
whether it is a complete sentence, how much it shares with the headline and with the rest of
the article, how many of the article's main actors and places it names). The weights were fitted
on IndoSum dev (`briefbot eval brief --fit` refits them and prints cross-validated ROUGE);
fragments and near-repeats are never chosen.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from nlp.analysis import Actor, Place, Sentence

BRIEF_MAX_SENTENCES = 3
BRIEF_MAX_CHARS = 700
REPEAT_OVERLAP = 0.6  # a sentence sharing more of its words with one already chosen says the same thing
_WORD = re.compile(r"\w+")

FEATURES = (
    "bias",
    "first",
    "second",
    "third",
    "inv_position",
    "relative_position",
    "log_words",
    "short",
    "title_overlap",
    "centroid",
    "entities",
    "quote",
)
# Fitted by `briefbot eval brief --fit` on IndoSum dev, 2,093 articles (logistic regression on
# whether a sentence's words are mostly in the human summary; see bot/evaluation/evaluate.py).
WEIGHTS: dict[str, float] = {
    "bias": -0.817,
    "first": -0.076,
    "second": 0.966,
    "third": 0.904,
    "inv_position": 2.035,
    "relative_position": -2.878,
    "log_words": -1.047,
    "short": -0.154,
    "title_overlap": 1.599,
    "centroid": 0.382,
    "entities": 0.274,
    "quote": -0.022,
}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def overlap(a: str, b: str) -> float:
    """Share of a's words that are also in b (0 to 1)."""
    wa = set(_words(a))
    wb = set(_words(b))
    return len(wa & wb) / len(wa) if wa else 0.0


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def sentence_features(
    sentences: list[Sentence], actors: list[Actor], places: list[Place], title: str = ""
) -> list[dict[str, float]]:
    """One feature dict per sentence (the model's input; also used to fit the weights)."""
    weight: dict[int, float] = {}
    for actor in actors[:5]:
        for idx in set(actor.mentions):
            weight[idx] = weight.get(idx, 0.0) + 1.0
    for place in places[:5]:
        for idx in set(place.mentions):
            weight[idx] = weight.get(idx, 0.0) + 0.5
    bags = [Counter(w for w in _words(s.text) if len(w) > 2) for s in sentences]
    total = sum(bags, Counter())
    n = max(len(sentences), 1)
    title_words = set(_words(title))
    rows = []
    for s, bag in zip(sentences, bags):
        rest = total - bag
        words = set(bag)
        rows.append(
            {
                "bias": 1.0,
                "first": float(s.index == 0),
                "second": float(s.index == 1),
                "third": float(s.index == 2),
                "inv_position": 1.0 / (1.0 + s.index),
                "relative_position": s.index / n,
                "log_words": math.log1p(s.words) / 4.0,
                "short": float(s.words < 8),
                "title_overlap": len(words & title_words) / len(title_words) if title_words else 0.0,
                "centroid": _cosine(bag, rest),
                "entities": min(weight.get(s.index, 0.0), 4.0) / 4.0,
                "quote": float(s.text[:1] in '“"' or s.text.count("“") + s.text.count('"') >= 2),
            }
        )
    return rows


def score(features: dict[str, float], weights: dict[str, float] = WEIGHTS) -> float:
    """The probability-like score of one sentence belonging in the brief."""
    z = sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-z))


def select(
    sentences: list[Sentence], max_sentences: int = BRIEF_MAX_SENTENCES, max_chars: int = BRIEF_MAX_CHARS
) -> list[int]:
    """The best-scored complete sentences, no near-repeats, within the budget, in text order."""
    chosen: list[Sentence] = []
    chars = 0
    for s in sorted(sentences, key=lambda s: (-s.score, s.index)):
        if s.score <= 0 or len(chosen) >= max_sentences:
            break
        if chars + len(s.text) > max_chars and chosen:
            continue
        if any(overlap(s.text, c.text) > REPEAT_OVERLAP for c in chosen):
            continue
        chosen.append(s)
        chars += len(s.text)
    return sorted(s.index for s in chosen)


def rank_sentences(
    sentences: list[Sentence],
    actors: list[Actor],
    places: list[Place],
    title: str = "",
    weights: dict[str, float] = WEIGHTS,
) -> list[int]:
    """Score every sentence (fragments score 0) and return the brief's sentence indices."""
    for s, feats in zip(sentences, sentence_features(sentences, actors, places, title)):
        s.score = round(score(feats, weights), 4) if s.complete else 0.0
    return select(sentences)


def drop_repeats(texts: list[str]) -> list[int]:
    """Indices of the texts to keep: each one that repeats an earlier one is left out
    (a story told by several sources states the same fact in near-identical sentences)."""
    kept: list[int] = []
    for i, text in enumerate(texts):
        if not any(overlap(text, texts[j]) > REPEAT_OVERLAP for j in kept):
            kept.append(i)
    return kept


def central_report(reports: list[list[str]]) -> int:
    """The index of the report closest to all the others (the highest mean cosine of its
    words with theirs): the one that tells what most of them tell; the first of equals."""
    bags = [Counter(w for text in texts for w in _words(text) if len(w) > 2) for texts in reports]
    if len(bags) < 2:
        return 0
    means = [sum(_cosine(bag, other) for j, other in enumerate(bags) if j != i) for i, bag in enumerate(bags)]
    return max(range(len(bags)), key=lambda i: (means[i], -i))


def story_brief(
    reports: list[list[str]], max_sentences: int = 5, lead_sentences: int = 2
) -> list[tuple[str, list[int]]]:
    """A brief across a story's reports: `reports` holds each report's brief sentences, oldest
    report first. The lead comes from the most central report (its first `lead_sentences`),
    then what the reports after it add, in their order, then what the earlier ones add. A
    sentence that repeats one already kept is not repeated: its report joins that sentence's.
    Returns (sentence, indices of the reports that say it), in reading order."""
    if not reports:
        return []
    lead = central_report(reports)
    order = [(lead, texts) for texts in [reports[lead][:lead_sentences]]]
    order += [(i, reports[i]) for i in range(lead + 1, len(reports))]
    order += [(lead, reports[lead][lead_sentences:])]
    order += [(i, reports[i]) for i in range(lead)]
    kept: list[tuple[str, list[int]]] = []
    for report, texts in order:
        for text in texts:
            # a repeat when most of its words were said already (a longer sentence adds news)
            same = next((line for line in kept if overlap(text, line[0]) > REPEAT_OVERLAP), None)
            if same is not None:
                if report not in same[1]:
                    same[1].append(report)
            elif len(kept) < max_sentences:
                kept.append((text, [report]))
    return kept
