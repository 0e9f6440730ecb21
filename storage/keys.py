"""Keys that make two written forms of a name one stored actor or place, and FTS5 queries."""

from __future__ import annotations

import re

from nlp.identity import name_key as entity_key
from nlp.identity import place_key

__all__ = ["entity_key", "fts_query", "place_key"]


def fts_query(topic: str) -> str:
    """An FTS5 query that matches every word of the topic, whatever characters it holds."""
    words = re.findall(r"\w+", topic)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)
