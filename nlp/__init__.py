"""Text clean-up, the Stanza pipeline, and what Briefbot extracts from an article."""

from nlp.analysis import Actor, Analysis, Event, Place, Sentence
from nlp.analyze import analyze, analyze_many, parse_many
from nlp.cleanup import clean_text
from nlp.extract import extract
from nlp.language import detect_language
from nlp.pipeline import ModelsMissing, get_pipeline, set_threads, supported_languages

__all__ = [
    "Actor",
    "Analysis",
    "Event",
    "ModelsMissing",
    "Place",
    "Sentence",
    "analyze",
    "analyze_many",
    "clean_text",
    "detect_language",
    "extract",
    "get_pipeline",
    "parse_many",
    "set_threads",
    "supported_languages",
]
