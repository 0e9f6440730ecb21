"""Text to Analysis: the Stanza pipeline over cleaned texts, fragments repaired, then extraction."""

from __future__ import annotations

from pathlib import Path

import stanza

from nlp.analysis import Analysis
from nlp.extract import extract
from nlp.fragments import find_repairs, splice
from nlp.pipeline import get_pipeline, restore_unknown

__all__ = ["analyze", "analyze_many", "parse_many"]


def parse_many(texts: list[str], models_dir: Path, language: str = "id") -> list[stanza.Document]:
    """Cleaned texts through the Stanza pipeline in one batch; where sentence fragments are
    found (nlp.fragments), the stretches around them are joined up, parsed again (all texts'
    stretches in one batch) and spliced in. CPU-bound."""
    pipeline = get_pipeline(models_dir, language)
    docs: list[stanza.Document] = [
        restore_unknown(doc) for doc in pipeline.bulk_process([stanza.Document([], text=text) for text in texts])
    ]
    repairs = {i: found for i, doc in enumerate(docs) if (found := find_repairs(doc))}
    if repairs:
        stretches = [stanza.Document([], text=r.text) for found in repairs.values() for r in found]
        again = iter(pipeline.bulk_process(stretches))
        for i, found in repairs.items():
            docs[i] = splice(docs[i], found, [next(again) for _ in found])
    return docs


def analyze(
    text: str, models_dir: Path, language: str = "id", title: str = "", published: str | None = None
) -> Analysis:
    """Run the pipeline on already-cleaned text and extract what the bot keeps. CPU-bound."""
    return extract(parse_many([text], models_dir, language)[0], language, title, published)


def analyze_many(
    texts: list[str],
    models_dir: Path,
    language: str = "id",
    titles: list[str] | None = None,
    published: list[str | None] | None = None,
) -> list[Analysis]:
    """Analyse several cleaned texts in one batched pipeline run (faster than one by one)."""
    docs = parse_many(texts, models_dir, language)
    titles = titles or [""] * len(texts)
    published = published or [None] * len(texts)
    return [extract(doc, language, title, date) for doc, title, date in zip(docs, titles, published)]
