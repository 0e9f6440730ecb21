"""Text clean-up, the Stanza pipeline, and what Briefbot extracts from an article.

What needs Stanza (and so torch: about 300 MB of memory) is imported on first use, so that the
bot's own process, which cleans texts and reads analyses but never runs a model, does not load
it: only the analysis worker does.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from nlp.analysis import Actor, Analysis, Event, Place, Sentence
from nlp.cleanup import clean_text
from nlp.language import detect_language
from nlp.resources import ModelsMissing, supported_languages

if TYPE_CHECKING:
    from nlp.analyze import analyze, analyze_many, parse_many
    from nlp.extract import extract
    from nlp.pipeline import get_pipeline, set_threads

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

# the names that live in modules importing Stanza, and where
_LAZY = {
    "analyze": "nlp.analyze",
    "analyze_many": "nlp.analyze",
    "parse_many": "nlp.analyze",
    "extract": "nlp.extract",
    "get_pipeline": "nlp.pipeline",
    "set_threads": "nlp.pipeline",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'nlp' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)


class _Package(types.ModuleType):
    """The nlp package, whose "analyze" and "extract" are functions: importing the submodules
    of the same names (nlp.analyze, nlp.extract) would bind those names to the modules (Python
    sets a package's attribute for each submodule it imports); the functions keep them."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return  # left to __getattr__, which gives the function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
