"""Text clean-up, the Stanza pipeline, and what Briefbot extracts from an article."""

from __future__ import annotations

from pathlib import Path

import stanza

from nlp.analysis import Actor, Analysis, Place, Sentence
from nlp.cleanup import clean_text
from nlp.extract import extract
from nlp.language import detect_language
from nlp.pipeline import ModelsMissing, get_pipeline, supported_languages

__all__ = [
    "Actor", "Analysis", "Place", "Sentence", "ModelsMissing",
    "analyze", "analyze_many", "clean_text", "detect_language", "extract", "get_pipeline", "supported_languages",
]


def analyze(text: str, models_dir: Path, language: str = "id", title: str = "") -> Analysis:
    """Run the pipeline on already-cleaned text and extract what the bot keeps. CPU-bound."""
    doc = get_pipeline(models_dir, language)(text)
    return extract(doc, language, title)


def analyze_many(texts: list[str], models_dir: Path, language: str = "id",
                 titles: list[str] | None = None) -> list[Analysis]:
    """Analyse several cleaned texts in one batched pipeline run (faster than one by one)."""
    docs = [stanza.Document([], text=text) for text in texts]
    docs = get_pipeline(models_dir, language).bulk_process(docs)
    titles = titles or [""] * len(texts)
    return [extract(doc, language, title) for doc, title in zip(docs, titles)]
